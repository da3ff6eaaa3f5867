/** Cadre records: appoint a member to a position, edit the term, end the term. */
import { App, Checkbox, Col, Form, Input, Row, Select, Typography } from 'antd';
import { CADRE_POSITIONS, CADRE_POSITION_LABELS, cadreCreateRequestSchema, cadreUpdateRequestSchema } from '@gonghui/contracts';
import type { Cadre, CadrePosition } from '@gonghui/contracts';
import { api } from '../api-client';
import type { CadreUpdateRequest } from '../api-client';
import { todayIso } from '../format';
import { firstIssueMessage, schemaRule } from '../forms';
import { useI18n } from '../i18n';
import { FormDialog, useFormSubmit } from './form-dialog';
import { MemberPicker } from './member-picker';
import { OrgTreeSelect } from './org-tree-select';
import type { DialogProps } from './use-dialog';

const FIELDS = ['orgId', 'memberId', 'position', 'termStart', 'termEnd', 'fullTime', 'status'] as const;
const createShape = cadreCreateRequestSchema.shape;
const updateShape = cadreUpdateRequestSchema.shape;

function usePositionOptions() {
  const { lang } = useI18n();
  return CADRE_POSITIONS.map((p) => ({ value: p, label: CADRE_POSITION_LABELS[p][lang] }));
}

/** termEnd may not come before termStart (checked again by the schema on submit). */
function termEndRule(message: string) {
  return ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: async (_rule: unknown, value: unknown) => {
      const start = getFieldValue('termStart');
      if (typeof value === 'string' && value && typeof start === 'string' && start && value < start) throw new Error(message);
    },
  });
}

interface CreateValues {
  orgId?: string;
  memberId?: string;
  position?: CadrePosition;
  termStart?: string;
  termEnd?: string;
  fullTime?: boolean;
}

export function CadreCreateModal({ defaultOrgId, open, onClose, afterClose, onCreated }: DialogProps & { defaultOrgId?: string; onCreated: (cadre: Cadre) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const submitter = useFormSubmit(form, { fields: FIELDS, codeFields: { NOT_A_MEMBER: 'memberId', OUT_OF_SCOPE: 'orgId', ORG_NOT_FOUND: 'orgId' } });
  const orgId = Form.useWatch('orgId', form);
  const positions = usePositionOptions();

  const submit = async (values: CreateValues) => {
    const parsed = cadreCreateRequestSchema.safeParse({
      memberId: values.memberId,
      orgId: values.orgId,
      position: values.position,
      termStart: values.termStart,
      termEnd: values.termEnd?.trim() ? values.termEnd : undefined,
      fullTime: Boolean(values.fullTime),
    });
    if (!parsed.success) {
      submitter.setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    await submitter.run(async () => {
      const cadre = await api.createCadre(parsed.data);
      message.success(t('cadres.created', { name: cadre.memberName ?? '' }));
      onCreated(cadre);
    });
  };

  return (
    <FormDialog<CreateValues>
      form={form}
      submit={submitter}
      title={t('cadres.createTitle')}
      okText={t('cadres.createSubmit')}
      submitTestId="cadre-create-submit"
      width={600}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{
        onFinish: submit,
        initialValues: { orgId: defaultOrgId, termStart: todayIso(), fullTime: false },
        onValuesChange: (changed: Partial<CreateValues>) => {
          if ('orgId' in changed) form.setFieldValue('memberId', undefined);
        },
        'data-testid': 'cadre-create-form',
      }}
    >
      <Form.Item name="orgId" label={t('cadres.org')} rules={[schemaRule(createShape.orgId, lang)]}>
        <OrgTreeSelect activeOnly allowClear={false} data-testid="cadre-create-org" />
      </Form.Item>
      <Form.Item name="memberId" label={t('cadres.member')} extra={t('cadres.memberHelp')} rules={[schemaRule(createShape.memberId, lang)]}>
        <MemberPicker orgId={orgId} data-testid="cadre-create-member" />
      </Form.Item>
      <Form.Item name="position" label={t('cadres.position')} rules={[schemaRule(createShape.position, lang)]}>
        <Select<CadrePosition> options={positions} data-testid="cadre-create-position" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="termStart" label={t('cadres.termStart')} rules={[schemaRule(createShape.termStart, lang)]}>
            <Input type="date" data-testid="cadre-create-term-start" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="termEnd"
            label={t('cadres.termEnd')}
            dependencies={['termStart']}
            rules={[schemaRule(createShape.termEnd, lang, { emptyAsUndefined: true }), termEndRule(t('cadres.termOrder'))]}
          >
            <Input type="date" data-testid="cadre-create-term-end" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="fullTime" valuePropName="checked">
        <Checkbox data-testid="cadre-create-full-time">{t('cadres.fullTimeLabel')}</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}

interface EditValues {
  position?: CadrePosition;
  termStart?: string;
  termEnd?: string;
  fullTime?: boolean;
}

export function CadreEditModal({ cadre, open, onClose, afterClose, onSaved }: DialogProps & { cadre: Cadre; onSaved: (cadre: Cadre) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const submitter = useFormSubmit(form, { fields: FIELDS });
  const positions = usePositionOptions();

  const submit = async (values: EditValues) => {
    const changes: CadreUpdateRequest = {};
    if (values.position && values.position !== cadre.position) changes.position = values.position;
    if (values.termStart && values.termStart !== cadre.termStart) changes.termStart = values.termStart;
    const termEnd = values.termEnd?.trim() ? values.termEnd : null;
    if (termEnd !== cadre.termEnd) changes.termEnd = termEnd;
    if (Boolean(values.fullTime) !== cadre.fullTime) changes.fullTime = Boolean(values.fullTime);
    if (!Object.keys(changes).length) {
      message.info(t('common.noChanges'));
      onClose();
      return;
    }
    const parsed = cadreUpdateRequestSchema.safeParse(changes);
    if (!parsed.success) {
      submitter.setFormError(firstIssueMessage(parsed.error, lang));
      return;
    }
    await submitter.run(async () => {
      const saved = await api.updateCadre(cadre.id, parsed.data);
      message.success(t('common.saved'));
      onSaved(saved);
    });
  };

  return (
    <FormDialog<EditValues>
      form={form}
      submit={submitter}
      title={t('cadres.editTitle', { name: cadre.memberName ?? '' })}
      okText={t('common.save')}
      submitTestId="cadre-edit-submit"
      width={600}
      intro={<Typography.Paragraph type="secondary">{cadre.orgName}</Typography.Paragraph>}
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{
        onFinish: submit,
        initialValues: { position: cadre.position, termStart: cadre.termStart, termEnd: cadre.termEnd ?? undefined, fullTime: cadre.fullTime },
        'data-testid': 'cadre-edit-form',
      }}
    >
      <Form.Item name="position" label={t('cadres.position')} rules={[schemaRule(createShape.position, lang)]}>
        <Select<CadrePosition> options={positions} data-testid="cadre-edit-position" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="termStart" label={t('cadres.termStart')} rules={[schemaRule(createShape.termStart, lang)]}>
            <Input type="date" data-testid="cadre-edit-term-start" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="termEnd"
            label={t('cadres.termEnd')}
            dependencies={['termStart']}
            rules={[schemaRule(updateShape.termEnd, lang, { emptyAsUndefined: true }), termEndRule(t('cadres.termOrder'))]}
          >
            <Input type="date" data-testid="cadre-edit-term-end" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="fullTime" valuePropName="checked">
        <Checkbox data-testid="cadre-edit-full-time">{t('cadres.fullTimeLabel')}</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}

interface EndValues {
  termStart: string;
  termEnd?: string;
}

export function CadreEndModal({ cadre, open, onClose, afterClose, onSaved }: DialogProps & { cadre: Cadre; onSaved: (cadre: Cadre) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EndValues>();
  const submitter = useFormSubmit(form, { fields: FIELDS });

  const submit = async (values: EndValues) => {
    const parsed = cadreUpdateRequestSchema.safeParse({ status: 'ended', termEnd: values.termEnd });
    if (!parsed.success) return;
    await submitter.run(async () => {
      const saved = await api.updateCadre(cadre.id, parsed.data);
      message.success(t('cadres.endedDone'));
      onSaved(saved);
    });
  };

  return (
    <FormDialog<EndValues>
      form={form}
      submit={submitter}
      title={t('cadres.endTitle', { name: cadre.memberName ?? '' })}
      okText={t('cadres.endConfirm')}
      submitTestId="cadre-end-submit"
      danger
      intro={
        <Typography.Paragraph>
          {t('cadres.endText', { position: CADRE_POSITION_LABELS[cadre.position][lang], org: cadre.orgName })}
        </Typography.Paragraph>
      }
      open={open}
      onClose={onClose}
      afterClose={afterClose}
      formProps={{ onFinish: submit, initialValues: { termStart: cadre.termStart, termEnd: cadre.termEnd ?? todayIso() }, 'data-testid': 'cadre-end-form' }}
    >
      <Form.Item name="termStart" hidden>
        <Input />
      </Form.Item>
      <Form.Item
        name="termEnd"
        label={t('cadres.termEnd')}
        dependencies={['termStart']}
        rules={[schemaRule(createShape.termStart, lang), termEndRule(t('cadres.termOrder'))]}
      >
        <Input type="date" data-testid="cadre-end-term-end" />
      </Form.Item>
    </FormDialog>
  );
}
