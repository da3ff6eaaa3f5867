/**
 * Organization changes from the organization page: direct create and edit (by the level above),
 * and applications to the parent union to establish, change or deregister a base union.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Checkbox, Form, Input, Modal, Select, Typography } from 'antd';
import { ORG_LEVELS, ORG_LEVEL_LABELS, orgApplicationRequestSchema, orgCreateRequestSchema, orgUpdateRequestSchema } from '@gonghui/contracts';
import type { OrgApplication, OrgDetail, OrgLevel, OrgNode, OrgType } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import type { OrgApplicationRequestBody } from '../api-client';
import { firstIssueMessage, schemaRule, showFormError } from '../forms';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { ORG_FIELD_KEYS, OrgFieldItems, changedOrgFields, newOrgFields, orgFieldValuesOf } from './org-form';
import type { OrgFieldValues } from './org-form';
import type { DialogProps } from './use-dialog';

const FORM_FIELDS: readonly string[] = [...ORG_FIELD_KEYS, 'level', 'note', 'holdMembersAtParent'];
const noteSchema = orgApplicationRequestSchema.options[0].shape.note;

/** Levels a new organization under `parent` may have: any level below it. */
export function childLevels(parent: OrgLevel): OrgLevel[] {
  return ORG_LEVELS.slice(ORG_LEVELS.indexOf(parent) + 1);
}

function defaultType(level: OrgLevel): OrgType {
  return level === 'base' ? 'base' : 'federation';
}

function FormAlert({ text }: { text: string | null }) {
  return text ? <Alert type="error" showIcon title={text} className="gh-form-alert" data-testid="form-error" /> : null;
}

interface CreateValues extends OrgFieldValues {
  level: OrgLevel;
}

export function OrgCreateModal({ parent, open, onClose, afterClose, onCreated }: DialogProps & { parent: OrgDetail; onCreated: (org: OrgNode) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<CreateValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const levels = childLevels(parent.level);
  const firstLevel = levels[0] ?? 'base';

  const submit = async (values: CreateValues) => {
    const parsed = orgCreateRequestSchema.safeParse({ ...newOrgFields(values), parentId: parent.id, level: values.level });
    if (!parsed.success) {
      setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    setSubmitting(true);
    setFormError(null);
    try {
      const org = await api.createOrg(parsed.data);
      message.success(t('orgs.created', { name: org.name }));
      onCreated(org);
    } catch (error) {
      setFormError(showFormError(form, error, { fields: FORM_FIELDS, lang, codeFields: { CREDIT_CODE_TAKEN: 'creditCode' } }));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('orgs.createTitle')}
      onCancel={onClose}
      okText={t('orgs.createSubmit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, 'data-testid': 'org-create-submit' }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
      width={isMobile ? '100%' : 640}
    >
      <Typography.Paragraph type="secondary">{t('orgs.createUnder', { name: parent.name })}</Typography.Paragraph>
      <FormAlert text={formError} />
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={submitting}
        initialValues={{ level: firstLevel, type: defaultType(firstLevel) }}
        onValuesChange={(changed: Partial<CreateValues>) => {
          if (changed.level && !form.isFieldTouched('type')) form.setFieldValue('type', defaultType(changed.level));
        }}
        data-testid="org-create-form"
      >
        <Form.Item name="level" label={t('orgs.level')} rules={[schemaRule(orgCreateRequestSchema.shape.level, lang)]}>
          <Select<OrgLevel> options={levels.map((level) => ({ value: level, label: ORG_LEVEL_LABELS[level][lang] }))} data-testid="org-create-level" />
        </Form.Item>
        <OrgFieldItems testIdPrefix="org-create" />
      </Form>
    </Modal>
  );
}

export function OrgEditModal({ org, open, onClose, afterClose, onSaved }: DialogProps & { org: OrgDetail; onSaved: (org: OrgNode) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<OrgFieldValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: OrgFieldValues) => {
    const changes = changedOrgFields(values, org);
    if (!Object.keys(changes).length) {
      message.info(t('common.noChanges'));
      onClose();
      return;
    }
    const parsed = orgUpdateRequestSchema.safeParse(changes);
    if (!parsed.success) {
      setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    setSubmitting(true);
    setFormError(null);
    try {
      const saved = await api.updateOrg(org.id, parsed.data);
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (error) {
      setFormError(showFormError(form, error, { fields: FORM_FIELDS, lang, codeFields: { CREDIT_CODE_TAKEN: 'creditCode' } }));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('orgs.editTitle', { name: org.name })}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, 'data-testid': 'org-edit-submit' }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
      width={isMobile ? '100%' : 640}
    >
      <FormAlert text={formError} />
      <Form<OrgFieldValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={submitting}
        initialValues={orgFieldValuesOf(org)}
        data-testid="org-edit-form"
      >
        <OrgFieldItems testIdPrefix="org-edit" />
      </Form>
    </Modal>
  );
}

export type OrgApplicationMode = OrgApplication['kind'];

interface ApplicationValues extends OrgFieldValues {
  note?: string;
  holdMembersAtParent?: boolean;
}

/**
 * An application to the parent union: `establish` a base union under `org` (a street or district),
 * `change` the fields of the base union `org`, or `deregister` it.
 */
export function OrgApplicationModal({
  mode,
  org,
  open,
  onClose,
  afterClose,
  onFiled,
}: DialogProps & { mode: OrgApplicationMode; org: OrgDetail; onFiled: (application: OrgApplication) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<ApplicationValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [hasMembers, setHasMembers] = useState(mode === 'deregister' && org.memberCount > 0);

  const build = (values: ApplicationValues): OrgApplicationRequestBody | string => {
    const note = values.note?.trim() ? values.note.trim() : undefined;
    let raw: unknown;
    if (mode === 'establish') {
      raw = { kind: 'establish', parentId: org.id, fields: newOrgFields(values), note };
    } else if (mode === 'change') {
      const fields = changedOrgFields(values, org);
      if (!Object.keys(fields).length) return t('applications.nothingChanged');
      raw = { kind: 'change', orgId: org.id, fields, note };
    } else {
      raw = { kind: 'deregister', orgId: org.id, holdMembersAtParent: Boolean(values.holdMembersAtParent), note };
    }
    const parsed = orgApplicationRequestSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    return firstIssueMessage(parsed.error, lang);
  };

  const submit = async (values: ApplicationValues) => {
    const body = build(values);
    if (typeof body === 'string') {
      setFormError(body);
      return;
    }
    setSubmitting(true);
    setFormError(null);
    setPending(false);
    try {
      const application = await api.createOrgApplication(body);
      message.success(t('applications.filed'));
      onFiled(application);
    } catch (error) {
      if (isApiError(error) && error.code === 'ORG_HAS_MEMBERS') {
        setHasMembers(true);
        setFormError(error.message);
      } else if (isApiError(error) && error.code === 'APPLICATION_PENDING') {
        setPending(true);
        setFormError(error.message);
      } else {
        setFormError(
          showFormError(form, error, { fields: FORM_FIELDS, lang, codeFields: { CREDIT_CODE_TAKEN: 'creditCode' }, stripPrefixes: ['fields.'] }),
        );
      }
    } finally {
      setSubmitting(false);
    }
  };

  const titles = {
    establish: t('applications.establishTitle', { name: org.name }),
    change: t('applications.changeTitle', { name: org.name }),
    deregister: t('applications.deregisterTitle', { name: org.name }),
  };
  const initialValues: ApplicationValues =
    mode === 'establish' ? { type: 'base' } : mode === 'change' ? orgFieldValuesOf(org) : { holdMembersAtParent: false };

  return (
    <Modal
      open={open}
      title={titles[mode]}
      onCancel={onClose}
      okText={t('applications.submit')}
      okButtonProps={{ loading: submitting, danger: mode === 'deregister', 'data-testid': 'org-apply-submit' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
      width={isMobile ? '100%' : 640}
    >
      <Typography.Paragraph type="secondary">{t(`applications.${mode}Intro`)}</Typography.Paragraph>
      {formError ? (
        <Alert
          type="error"
          showIcon
          title={formError}
          description={pending ? <Link to="/org-applications?status=pending">{t('applications.viewPending')}</Link> : undefined}
          className="gh-form-alert"
          data-testid="form-error"
        />
      ) : null}
      <Form<ApplicationValues> form={form} layout="vertical" onFinish={submit} disabled={submitting} initialValues={initialValues} data-testid="org-apply-form" data-mode={mode}>
        {mode === 'deregister' ? (
          <>
            <Alert
              type="warning"
              showIcon
              className="gh-form-alert"
              title={t('applications.deregisterWarning')}
              description={org.memberCount > 0 ? t('applications.deregisterMembers', { count: org.memberCount }) : undefined}
            />
            {hasMembers ? (
              <Form.Item name="holdMembersAtParent" valuePropName="checked" extra={t('applications.holdMembersHelp')}>
                <Checkbox data-testid="org-apply-hold-members">{t('applications.holdMembers')}</Checkbox>
              </Form.Item>
            ) : null}
          </>
        ) : (
          <OrgFieldItems testIdPrefix="org-apply" creditCodeRequired={mode === 'establish'} />
        )}
        <Form.Item
          name="note"
          label={t('applications.note')}
          rules={[schemaRule(noteSchema, lang, { emptyAsUndefined: true })]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="org-apply-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
