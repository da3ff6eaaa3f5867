/**
 * Organization changes from the organization page: direct create and edit (by the level above),
 * and applications to the parent union to establish, change or deregister a base union.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Checkbox, Form, Input, Select, Typography } from 'antd';
import { ORG_LEVELS, ORG_LEVEL_LABELS, orgApplicationRequestSchema, orgCreateRequestSchema, orgUpdateRequestSchema } from '@gonghui/contracts';
import type { OrgApplication, OrgDetail, OrgLevel, OrgNode, OrgType } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import type { OrgApplicationRequestBody } from '../api-client';
import { firstIssueMessage, schemaRule } from '../forms';
import { useI18n } from '../i18n';
import { FormDialog, useFormSubmit } from './form-dialog';
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

interface CreateValues extends OrgFieldValues {
  level: OrgLevel;
}

export function OrgCreateModal({ parent, open, onClose, afterClose, onCreated }: DialogProps & { parent: OrgDetail; onCreated: (org: OrgNode) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const submitter = useFormSubmit(form, { fields: FORM_FIELDS, codeFields: { CREDIT_CODE_TAKEN: 'creditCode' } });
  const levels = childLevels(parent.level);
  const firstLevel = levels[0] ?? 'base';

  const submit = async (values: CreateValues) => {
    const parsed = orgCreateRequestSchema.safeParse({ ...newOrgFields(values), parentId: parent.id, level: values.level });
    if (!parsed.success) {
      submitter.setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    await submitter.run(async () => {
      const org = await api.createOrg(parsed.data);
      message.success(t('orgs.created', { name: org.name }));
      onCreated(org);
    });
  };

  return (
    <FormDialog<CreateValues>
      form={form}
      submit={submitter}
      title={t('orgs.createTitle')}
      okText={t('orgs.createSubmit')}
      submitTestId="org-create-submit"
      width={640}
      intro={<Typography.Paragraph type="secondary">{t('orgs.createUnder', { name: parent.name })}</Typography.Paragraph>}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{
        onFinish: submit,
        initialValues: { level: firstLevel, type: defaultType(firstLevel) },
        onValuesChange: (changed: Partial<CreateValues>) => {
          if (changed.level && !form.isFieldTouched('type')) form.setFieldValue('type', defaultType(changed.level));
        },
        'data-testid': 'org-create-form',
      }}
    >
      <Form.Item name="level" label={t('orgs.level')} rules={[schemaRule(orgCreateRequestSchema.shape.level, lang)]}>
        <Select<OrgLevel> options={levels.map((level) => ({ value: level, label: ORG_LEVEL_LABELS[level][lang] }))} data-testid="org-create-level" />
      </Form.Item>
      <OrgFieldItems testIdPrefix="org-create" />
    </FormDialog>
  );
}

export function OrgEditModal({ org, open, onClose, afterClose, onSaved }: DialogProps & { org: OrgDetail; onSaved: (org: OrgNode) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgFieldValues>();
  const submitter = useFormSubmit(form, { fields: FORM_FIELDS, codeFields: { CREDIT_CODE_TAKEN: 'creditCode' } });

  const submit = async (values: OrgFieldValues) => {
    const changes = changedOrgFields(values, org);
    if (!Object.keys(changes).length) {
      message.info(t('common.noChanges'));
      onClose();
      return;
    }
    const parsed = orgUpdateRequestSchema.safeParse(changes);
    if (!parsed.success) {
      submitter.setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    await submitter.run(async () => {
      const saved = await api.updateOrg(org.id, parsed.data);
      message.success(t('common.saved'));
      onSaved(saved);
    });
  };

  return (
    <FormDialog<OrgFieldValues>
      form={form}
      submit={submitter}
      title={t('orgs.editTitle', { name: org.name })}
      okText={t('common.save')}
      submitTestId="org-edit-submit"
      width={640}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{ onFinish: submit, initialValues: orgFieldValuesOf(org), 'data-testid': 'org-edit-form' }}
    >
      <OrgFieldItems testIdPrefix="org-edit" />
    </FormDialog>
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
  const [form] = Form.useForm<ApplicationValues>();
  const submitter = useFormSubmit(form, { fields: FORM_FIELDS, codeFields: { CREDIT_CODE_TAKEN: 'creditCode' }, stripPrefixes: ['fields.'] });
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
      submitter.setFormError(body);
      return;
    }
    setPending(false);
    await submitter.run(
      async () => {
        const application = await api.createOrgApplication(body);
        message.success(t('applications.filed'));
        onFiled(application);
      },
      (error) => {
        if (isApiError(error) && error.code === 'ORG_HAS_MEMBERS') setHasMembers(true);
        else if (isApiError(error) && error.code === 'APPLICATION_PENDING') setPending(true);
        else return false;
        submitter.setFormError(error.message);
        return true;
      },
    );
  };

  const titles = {
    establish: t('applications.establishTitle', { name: org.name }),
    change: t('applications.changeTitle', { name: org.name }),
    deregister: t('applications.deregisterTitle', { name: org.name }),
  };
  const initialValues: ApplicationValues =
    mode === 'establish' ? { type: 'base' } : mode === 'change' ? orgFieldValuesOf(org) : { holdMembersAtParent: false };

  return (
    <FormDialog<ApplicationValues>
      form={form}
      submit={submitter}
      title={titles[mode]}
      okText={t('applications.submit')}
      submitTestId="org-apply-submit"
      danger={mode === 'deregister'}
      width={640}
      intro={<Typography.Paragraph type="secondary">{t(`applications.${mode}Intro`)}</Typography.Paragraph>}
      errorDescription={pending ? <Link to="/org-applications?status=pending">{t('applications.viewPending')}</Link> : undefined}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{ onFinish: submit, initialValues, 'data-testid': 'org-apply-form', 'data-mode': mode }}
    >
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
    </FormDialog>
  );
}
