/**
 * Member record dialogs: add a member to a base union, edit the record, hold a departed member at
 * the union above (上挂), end a membership.
 */
import { useEffect } from 'react';
import { Alert, App, Col, Descriptions, Form, Input, Row, Select, Typography } from 'antd';
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
import { blankToNull, firstIssueMessage, schemaRule } from '../forms';
import { useI18n } from '../i18n';
import { FormDialog, useFormSubmit } from './form-dialog';
import { OrgTreeSelect } from './org-tree-select';
import type { DialogProps } from './use-dialog';

const PERSON_FIELDS = ['orgId', 'name', 'idNumber', 'phone', 'employer', 'industry', 'education', 'hometown', 'joinedAt'] as const;
type EndReason = MemberEndRequest['reason'];

/** Members are registered in active base unions only. */
const isBaseUnion = (org: OrgNode) => org.level === 'base' && org.status === 'active';

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
  const [form] = Form.useForm<PersonValues>();
  const submitter = useFormSubmit(form, {
    fields: PERSON_FIELDS,
    codeFields: {
      PERSON_EXISTS: 'idNumber',
      ID_NUMBER_INVALID: 'idNumber',
      NOT_A_BASE_UNION: 'orgId',
      ORG_NOT_FOUND: 'orgId',
      OUT_OF_SCOPE: 'orgId',
    },
  });
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
      submitter.setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    await submitter.run(async () => {
      const member = await api.createMember(parsed.data);
      message.success(t('members.created', { name: member.name ?? '' }));
      onCreated(member);
    });
  };

  return (
    <FormDialog<PersonValues>
      form={form}
      submit={submitter}
      title={t('members.createTitle')}
      okText={t('members.createSubmit')}
      submitTestId="member-create-submit"
      width={680}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{ onFinish: submit, 'data-testid': 'member-create-form' }}
    >
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
    </FormDialog>
  );
}

export function MemberEditModal({ member, open, onClose, afterClose, onSaved }: DialogProps & { member: MemberDetail; onSaved: (member: MemberDetail) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonValues>();
  const submitter = useFormSubmit(form, { fields: PERSON_FIELDS, codeFields: { PERSON_EXISTS: 'idNumber', ID_NUMBER_INVALID: 'idNumber' } });

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
      submitter.setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    await submitter.run(async () => {
      const saved = await api.updateMember(member.id, parsed.data);
      message.success(t('common.saved'));
      onSaved(saved);
    });
  };

  return (
    <FormDialog<PersonValues>
      form={form}
      submit={submitter}
      title={t('members.editTitle', { name: member.name ?? '' })}
      okText={t('common.save')}
      submitTestId="member-edit-submit"
      width={680}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{
        onFinish: submit,
        initialValues: {
          name: member.name ?? undefined,
          employer: member.employer ?? undefined,
          industry: member.industry ?? undefined,
          education: member.education ?? undefined,
          hometown: member.hometown ?? undefined,
        },
        'data-testid': 'member-edit-form',
      }}
    >
      <PersonFields
        testIdPrefix="member-edit"
        idRequired={false}
        phoneExtra={t('members.keepMasked', { current: member.phone ?? t('common.none') })}
        idExtra={t('members.keepMaskedId', { current: member.idNumber ?? t('common.none') })}
      />
    </FormDialog>
  );
}

export function MemberHoldModal({ member, open, onClose, afterClose, onDone }: DialogProps & { member: MemberDetail; onDone: (member: MemberDetail) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const submitter = useFormSubmit(form, { fields: ['reason'] });
  const parent = member.orgPath.length >= 2 ? member.orgPath[member.orgPath.length - 2]?.name : undefined;

  const submit = async (values: { reason: string }) => {
    const parsed = memberHoldRequestSchema.safeParse({ reason: values.reason });
    if (!parsed.success) return;
    await submitter.run(async () => {
      const saved = await api.holdMember(member.id, parsed.data);
      message.success(t('members.heldDone'));
      onDone(saved);
    });
  };

  return (
    <FormDialog<{ reason: string }>
      form={form}
      submit={submitter}
      title={t('members.holdTitle', { name: member.name ?? '' })}
      okText={t('members.hold')}
      submitTestId="member-hold-submit"
      intro={<Typography.Paragraph>{t('members.holdText', { org: member.orgName ?? '', parent: parent ?? t('members.upperUnion') })}</Typography.Paragraph>}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{ onFinish: submit, 'data-testid': 'member-hold-form' }}
    >
      <Form.Item name="reason" label={t('members.holdReason')} rules={[schemaRule(memberHoldRequestSchema.shape.reason, lang)]}>
        <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('members.holdReasonPlaceholder')} data-testid="member-hold-reason" />
      </Form.Item>
    </FormDialog>
  );
}

export function MemberEndModal({ member, open, onClose, afterClose, onDone }: DialogProps & { member: MemberDetail; onDone: (member: MemberDetail) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: EndReason; note?: string }>();
  const submitter = useFormSubmit(form, { fields: ['reason', 'note'] });
  const shape = memberEndRequestSchema.shape;

  const submit = async (values: { reason?: EndReason; note?: string }) => {
    const parsed = memberEndRequestSchema.safeParse({ reason: values.reason, note: blankToUndefined(values.note) });
    if (!parsed.success) return;
    await submitter.run(async () => {
      const saved = await api.endMember(member.id, parsed.data);
      message.success(t('members.endedDone'));
      onDone(saved);
    });
  };

  return (
    <FormDialog<{ reason?: EndReason; note?: string }>
      form={form}
      submit={submitter}
      title={t('members.endTitle', { name: member.name ?? '' })}
      okText={t('members.endConfirm')}
      submitTestId="member-end-submit"
      danger
      intro={<Alert type="warning" showIcon className="gh-form-alert" title={t('members.endWarning')} />}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{ onFinish: submit, 'data-testid': 'member-end-form' }}
    >
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
    </FormDialog>
  );
}
