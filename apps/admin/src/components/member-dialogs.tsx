/**
 * Member record dialogs: add a member to a base union, edit the record, hold a departed member at
 * the union above (上挂), end a membership.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Col, Descriptions, Form, Input, Modal, Row, Select, Typography } from 'antd';
import {
  EDUCATION_OPTIONS,
  END_REASONS,
  END_REASON_LABELS,
  INDUSTRY_OPTIONS,
  memberCreateRequestSchema,
  memberEndRequestSchema,
  memberHoldRequestSchema,
  memberUpdateRequestSchema,
  parseIdNumber,
} from '@gonghui/contracts';
import type { MemberDetail, OrgNode } from '@gonghui/contracts';
import { api } from '../api-client';
import type { MemberEndRequest } from '../api-client';
import { blankToNull, firstIssueMessage, schemaRule, showFormError } from '../forms';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { OrgTreeSelect } from './org-tree-select';
import type { DialogProps } from './use-dialog';

const PERSON_FIELDS = ['orgId', 'name', 'idNumber', 'phone', 'employer', 'industry', 'education', 'hometown', 'joinedAt'] as const;
type EndReason = MemberEndRequest['reason'];

/** Members are registered in active base unions only. */
const isBaseUnion = (org: OrgNode) => org.level === 'base' && org.status === 'active';

function FormAlert({ text }: { text: string | null }) {
  return text ? <Alert type="error" showIcon title={text} className="gh-form-alert" data-testid="form-error" /> : null;
}

/** Gender and birth date as the ID number is typed (both derive from it, read-only). */
function IdNumberPreview({ value }: { value: string | undefined }) {
  const { t } = useI18n();
  const raw = value?.trim() ?? '';
  const parsed = raw.length >= 15 ? parseIdNumber(raw) : null;
  const ok = parsed?.ok ? parsed : null;
  return (
    <Descriptions
      size="small"
      column={2}
      className="gh-id-preview"
      data-testid="member-id-preview"
      items={[
        { key: 'gender', label: t('members.gender'), children: <span data-testid="member-id-gender">{ok ? t(`gender.${ok.gender}`) : t('common.none')}</span> },
        { key: 'birth', label: t('members.birthDate'), children: <span data-testid="member-id-birth">{ok ? ok.birthDate : t('common.none')}</span> },
      ]}
    />
  );
}

const educationOptions = [...new Set(EDUCATION_OPTIONS)].map((v) => ({ value: v, label: v }));
const industryOptions = INDUSTRY_OPTIONS.map((v) => ({ value: v, label: v }));

interface PersonValues {
  orgId?: string;
  name?: string;
  idNumber?: string;
  phone?: string;
  employer?: string;
  industry?: string;
  education?: string;
  hometown?: string;
  joinedAt?: string;
}

/** The personal fields shared by create and edit. */
function PersonFields({ testIdPrefix, phoneExtra, idExtra, idRequired }: { testIdPrefix: string; phoneExtra?: string; idExtra?: string; idRequired: boolean }) {
  const { t, lang } = useI18n();
  const shape = memberCreateRequestSchema.shape;
  const optional = { emptyAsUndefined: true };
  const idNumber = Form.useWatch<string | undefined>('idNumber');
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item name="name" label={t('members.name')} rules={[schemaRule(shape.name, lang)]}>
          <Input maxLength={30} autoComplete="off" data-testid={`${testIdPrefix}-name`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name="idNumber"
          label={t('members.idNumber')}
          extra={idExtra}
          rules={[idRequired ? schemaRule(shape.idNumber, lang) : schemaRule(memberUpdateRequestSchema.shape.idNumber, lang, optional)]}
          normalize={(v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v)}
        >
          <Input maxLength={18} className="gh-mono" autoComplete="off" data-testid={`${testIdPrefix}-id-number`} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <IdNumberPreview value={idNumber} />
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="phone" label={t('members.phone')} extra={phoneExtra} rules={[schemaRule(shape.phone, lang, optional)]}>
          <Input maxLength={20} inputMode="tel" autoComplete="off" data-testid={`${testIdPrefix}-phone`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="employer" label={t('members.employer')} rules={[schemaRule(shape.employer, lang, optional)]}>
          <Input maxLength={100} data-testid={`${testIdPrefix}-employer`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="industry" label={t('members.industry')} rules={[schemaRule(shape.industry, lang, optional)]}>
          <Select allowClear options={industryOptions} data-testid={`${testIdPrefix}-industry`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="education" label={t('members.education')} rules={[schemaRule(shape.education, lang, optional)]}>
          <Select allowClear options={educationOptions} data-testid={`${testIdPrefix}-education`} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="hometown" label={t('members.hometown')} rules={[schemaRule(shape.hometown, lang, optional)]}>
          <Input maxLength={20} data-testid={`${testIdPrefix}-hometown`} />
        </Form.Item>
      </Col>
    </Row>
  );
}

function blankToUndefined(value: string | undefined): string | undefined {
  return blankToNull(value) ?? undefined;
}

export function MemberCreateModal({
  defaultOrgId,
  open,
  onClose,
  afterClose,
  onCreated,
}: DialogProps & { defaultOrgId?: string; onCreated: (member: MemberDetail) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<PersonValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const shape = memberCreateRequestSchema.shape;

  // Start in the organization the list is filtered by, when members can be added there.
  useEffect(() => {
    if (!defaultOrgId) return;
    const controller = new AbortController();
    api
      .org(defaultOrgId, controller.signal)
      .then((org) => {
        if (isBaseUnion(org) && !form.getFieldValue('orgId')) form.setFieldValue('orgId', org.id);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [defaultOrgId, form]);

  const submit = async (values: PersonValues) => {
    const parsed = memberCreateRequestSchema.safeParse({
      orgId: values.orgId,
      name: values.name,
      idNumber: values.idNumber,
      phone: blankToUndefined(values.phone),
      employer: blankToUndefined(values.employer),
      industry: blankToUndefined(values.industry),
      education: blankToUndefined(values.education),
      hometown: blankToUndefined(values.hometown),
      joinedAt: blankToUndefined(values.joinedAt),
    });
    if (!parsed.success) {
      setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    setSubmitting(true);
    setFormError(null);
    try {
      const member = await api.createMember(parsed.data);
      message.success(t('members.created', { name: member.name ?? '' }));
      onCreated(member);
    } catch (error) {
      setFormError(
        showFormError(form, error, {
          fields: PERSON_FIELDS,
          lang,
          codeFields: {
            PERSON_EXISTS: 'idNumber',
            ID_NUMBER_INVALID: 'idNumber',
            NOT_A_BASE_UNION: 'orgId',
            ORG_NOT_FOUND: 'orgId',
            OUT_OF_SCOPE: 'orgId',
          },
        }),
      );
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('members.createTitle')}
      onCancel={onClose}
      okText={t('members.createSubmit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, 'data-testid': 'member-create-submit' }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
      width={isMobile ? '100%' : 680}
    >
      <FormAlert text={formError} />
      <Form<PersonValues> form={form} layout="vertical" onFinish={submit} disabled={submitting} data-testid="member-create-form">
        <Form.Item name="orgId" label={t('members.org')} extra={t('members.orgHelp')} rules={[schemaRule(shape.orgId, lang)]}>
          <OrgTreeSelect allowClear={false} isSelectable={isBaseUnion} data-testid="member-create-org" />
        </Form.Item>
        <PersonFields testIdPrefix="member-create" idRequired />
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="joinedAt" label={t('members.joinedAt')} extra={t('members.joinedAtHelp')} rules={[schemaRule(shape.joinedAt, lang, { emptyAsUndefined: true })]}>
              <Input type="date" data-testid="member-create-joined-at" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export function MemberEditModal({ member, open, onClose, afterClose, onSaved }: DialogProps & { member: MemberDetail; onSaved: (member: MemberDetail) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<PersonValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: PersonValues) => {
    const changes: Record<string, string | null> = {};
    const name = values.name?.trim() ?? '';
    if (name && name !== member.name) changes.name = name;
    for (const key of ['employer', 'industry', 'education', 'hometown'] as const) {
      const next = blankToNull(values[key]);
      if (next !== (member[key] ?? null)) changes[key] = next;
    }
    // Phone and ID number are shown masked: blank means "keep", anything typed replaces them.
    const phone = blankToNull(values.phone);
    if (phone) changes.phone = phone;
    const idNumber = blankToNull(values.idNumber);
    if (idNumber) changes.idNumber = idNumber;
    if (!Object.keys(changes).length) {
      message.info(t('common.noChanges'));
      onClose();
      return;
    }
    const parsed = memberUpdateRequestSchema.safeParse(changes);
    if (!parsed.success) {
      setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    setSubmitting(true);
    setFormError(null);
    try {
      const saved = await api.updateMember(member.id, parsed.data);
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (error) {
      setFormError(
        showFormError(form, error, { fields: PERSON_FIELDS, lang, codeFields: { PERSON_EXISTS: 'idNumber', ID_NUMBER_INVALID: 'idNumber' } }),
      );
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('members.editTitle', { name: member.name ?? '' })}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, 'data-testid': 'member-edit-submit' }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
      width={isMobile ? '100%' : 680}
    >
      <FormAlert text={formError} />
      <Form<PersonValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={submitting}
        initialValues={{
          name: member.name ?? undefined,
          employer: member.employer ?? undefined,
          industry: member.industry ?? undefined,
          education: member.education ?? undefined,
          hometown: member.hometown ?? undefined,
        }}
        data-testid="member-edit-form"
      >
        <PersonFields
          testIdPrefix="member-edit"
          idRequired={false}
          phoneExtra={t('members.keepMasked', { current: member.phone ?? t('common.none') })}
          idExtra={t('members.keepMaskedId', { current: member.idNumber ?? t('common.none') })}
        />
      </Form>
    </Modal>
  );
}

export function MemberHoldModal({ member, open, onClose, afterClose, onDone }: DialogProps & { member: MemberDetail; onDone: (member: MemberDetail) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const parent = member.orgPath.length >= 2 ? member.orgPath[member.orgPath.length - 2]?.name : undefined;

  const submit = async (values: { reason: string }) => {
    const parsed = memberHoldRequestSchema.safeParse({ reason: values.reason });
    if (!parsed.success) return;
    setSubmitting(true);
    setFormError(null);
    try {
      const saved = await api.holdMember(member.id, parsed.data);
      message.success(t('members.heldDone'));
      onDone(saved);
    } catch (error) {
      setFormError(showFormError(form, error, { fields: ['reason'], lang }));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('members.holdTitle', { name: member.name ?? '' })}
      onCancel={onClose}
      okText={t('members.hold')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, 'data-testid': 'member-hold-submit' }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
    >
      <Typography.Paragraph>{t('members.holdText', { org: member.orgName ?? '', parent: parent ?? t('members.upperUnion') })}</Typography.Paragraph>
      <FormAlert text={formError} />
      <Form form={form} layout="vertical" onFinish={submit} disabled={submitting} data-testid="member-hold-form">
        <Form.Item name="reason" label={t('members.holdReason')} rules={[schemaRule(memberHoldRequestSchema.shape.reason, lang)]}>
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('members.holdReasonPlaceholder')} data-testid="member-hold-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MemberEndModal({ member, open, onClose, afterClose, onDone }: DialogProps & { member: MemberDetail; onDone: (member: MemberDetail) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: EndReason; note?: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const shape = memberEndRequestSchema.shape;

  const submit = async (values: { reason?: EndReason; note?: string }) => {
    const parsed = memberEndRequestSchema.safeParse({ reason: values.reason, note: blankToUndefined(values.note) });
    if (!parsed.success) return;
    setSubmitting(true);
    setFormError(null);
    try {
      const saved = await api.endMember(member.id, parsed.data);
      message.success(t('members.endedDone'));
      onDone(saved);
    } catch (error) {
      setFormError(showFormError(form, error, { fields: ['reason', 'note'], lang }));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('members.endTitle', { name: member.name ?? '' })}
      onCancel={onClose}
      okText={t('members.endConfirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: submitting, 'data-testid': 'member-end-submit' }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
    >
      <Alert type="warning" showIcon className="gh-form-alert" title={t('members.endWarning')} />
      <FormAlert text={formError} />
      <Form form={form} layout="vertical" onFinish={submit} disabled={submitting} data-testid="member-end-form">
        <Form.Item name="reason" label={t('members.endReason')} rules={[schemaRule(shape.reason, lang)]}>
          <Select<EndReason>
            options={END_REASONS.map((r) => ({ value: r, label: END_REASON_LABELS[r][lang] }))}
            placeholder={t('members.endReasonPlaceholder')}
            data-testid="member-end-reason"
          />
        </Form.Item>
        <Form.Item name="note" label={t('members.endNote')} rules={[schemaRule(shape.note, lang, { emptyAsUndefined: true })]}>
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="member-end-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
