/** The editable fields of an organization, shared by create, edit and the application forms. */
import { AutoComplete, Col, Form, Input, Row, Select } from 'antd';
import { INDUSTRY_OPTIONS, ORG_LEVEL_LABELS, ORG_TYPES, creditCodeSchema, orgFieldsSchema, orgLevelSchema, orgStatusSchema, orgTypeSchema } from '@gonghui/contracts';
import type { Lang, OrgDetail, OrgType } from '@gonghui/contracts';
import { schemaRule } from '../forms';
import { useI18n } from '../i18n';
import type { MessageKey, Translate } from '../i18n';

export const ORG_FIELD_KEYS = ['name', 'type', 'creditCode', 'chairperson', 'industry', 'address', 'contact'] as const;
export type OrgFieldKey = (typeof ORG_FIELD_KEYS)[number];

export interface OrgFieldValues {
  name?: string;
  type?: OrgType;
  creditCode?: string;
  chairperson?: string;
  industry?: string;
  address?: string;
  contact?: string;
}

const MAX_LENGTHS: Record<Exclude<OrgFieldKey, 'type'>, number> = {
  name: 100,
  creditCode: 18,
  chairperson: 50,
  industry: 50,
  address: 200,
  contact: 100,
};

export interface OrgFieldItemsProps {
  testIdPrefix: string;
  /** Establishing a base union needs its credit code. */
  creditCodeRequired?: boolean;
  /** Fields to leave out (e.g. `type` when it is fixed). */
  omit?: readonly OrgFieldKey[];
}

/** Form items for the organization fields (a responsive two-column grid). */
export function OrgFieldItems({ testIdPrefix, creditCodeRequired = false, omit = [] }: OrgFieldItemsProps) {
  const { t, lang } = useI18n();
  const shape = orgFieldsSchema.shape;
  const optional = { emptyAsUndefined: true };
  const show = (key: OrgFieldKey) => !omit.includes(key);
  return (
    <Row gutter={16}>
      {show('name') ? (
        <Col xs={24}>
          <Form.Item name="name" label={t('orgs.name')} rules={[schemaRule(shape.name, lang)]}>
            <Input maxLength={MAX_LENGTHS.name} data-testid={`${testIdPrefix}-name`} />
          </Form.Item>
        </Col>
      ) : null}
      {show('type') ? (
        <Col xs={24} sm={12}>
          <Form.Item name="type" label={t('orgs.type')} rules={[schemaRule(shape.type, lang)]}>
            <Select<OrgType> options={ORG_TYPES.map((type) => ({ value: type, label: t(`orgType.${type}`) }))} data-testid={`${testIdPrefix}-type`} />
          </Form.Item>
        </Col>
      ) : null}
      {show('creditCode') ? (
        <Col xs={24} sm={12}>
          <Form.Item
            name="creditCode"
            label={t('orgs.creditCode')}
            extra={t('orgs.creditCodeHelp')}
            rules={[creditCodeRequired ? schemaRule(creditCodeSchema, lang) : schemaRule(shape.creditCode, lang, optional)]}
            normalize={(v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v)}
          >
            <Input maxLength={MAX_LENGTHS.creditCode} className="gh-mono" autoComplete="off" data-testid={`${testIdPrefix}-credit-code`} />
          </Form.Item>
        </Col>
      ) : null}
      {show('chairperson') ? (
        <Col xs={24} sm={12}>
          <Form.Item name="chairperson" label={t('orgs.chairperson')} rules={[schemaRule(shape.chairperson, lang, optional)]}>
            <Input maxLength={MAX_LENGTHS.chairperson} data-testid={`${testIdPrefix}-chairperson`} />
          </Form.Item>
        </Col>
      ) : null}
      {show('industry') ? (
        <Col xs={24} sm={12}>
          <Form.Item name="industry" label={t('orgs.industry')} rules={[schemaRule(shape.industry, lang, optional)]}>
            <AutoComplete
              options={INDUSTRY_OPTIONS.map((v) => ({ value: v }))}
              maxLength={MAX_LENGTHS.industry}
              allowClear
              showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
              data-testid={`${testIdPrefix}-industry`}
            />
          </Form.Item>
        </Col>
      ) : null}
      {show('address') ? (
        <Col xs={24}>
          <Form.Item name="address" label={t('orgs.address')} rules={[schemaRule(shape.address, lang, optional)]}>
            <Input maxLength={MAX_LENGTHS.address} data-testid={`${testIdPrefix}-address`} />
          </Form.Item>
        </Col>
      ) : null}
      {show('contact') ? (
        <Col xs={24}>
          <Form.Item name="contact" label={t('orgs.contact')} rules={[schemaRule(shape.contact, lang, optional)]}>
            <Input maxLength={MAX_LENGTHS.contact} data-testid={`${testIdPrefix}-contact`} />
          </Form.Item>
        </Col>
      ) : null}
    </Row>
  );
}

/** The form's starting values from an organization. */
export function orgFieldValuesOf(org: OrgDetail): OrgFieldValues {
  return {
    name: org.name,
    type: org.type,
    creditCode: org.creditCode ?? undefined,
    chairperson: org.chairperson ?? undefined,
    industry: org.industry ?? undefined,
    address: org.address ?? undefined,
    contact: org.contact ?? undefined,
  };
}

function text(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The fields as a new organization's: blank optional fields are left out. */
export function newOrgFields(values: OrgFieldValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ORG_FIELD_KEYS) {
    const value = key === 'type' ? values.type : text(values[key]);
    if (value) out[key] = value;
  }
  return out;
}

/** Only the fields that differ from `org`; a cleared optional field is null. */
export function changedOrgFields(values: OrgFieldValues, org: OrgDetail): Record<string, string | null> {
  const before = orgFieldValuesOf(org);
  const out: Record<string, string | null> = {};
  for (const key of ORG_FIELD_KEYS) {
    const next = key === 'type' ? (values.type ?? null) : text(values[key]);
    const previous = key === 'type' ? (before.type ?? null) : text(before[key]);
    const same = key === 'creditCode' ? next?.toUpperCase() === previous?.toUpperCase() : next === previous;
    if (same) continue;
    if (next === null && (key === 'name' || key === 'type')) continue; // required: the form stops these
    out[key] = next;
  }
  return out;
}

const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'orgs.name',
  type: 'orgs.type',
  level: 'orgs.level',
  status: 'orgs.status',
  creditCode: 'orgs.creditCode',
  address: 'orgs.address',
  contact: 'orgs.contact',
  chairperson: 'orgs.chairperson',
  industry: 'orgs.industry',
  parentId: 'orgs.parent',
  parentName: 'orgs.parent',
};

/** A field name of an organization (history entries, applications) for people. */
export function orgFieldLabel(key: string, t: Translate): string {
  const label = FIELD_LABELS[key];
  return label ? t(label) : key;
}

/** A field value of an organization for people: enums in words, empty as "—". */
export function formatOrgFieldValue(key: string, value: unknown, t: Translate, lang: Lang): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  if (key === 'type') {
    const type = orgTypeSchema.safeParse(value);
    if (type.success) return t(`orgType.${type.data}`);
  }
  if (key === 'status') {
    const status = orgStatusSchema.safeParse(value);
    if (status.success) return t(`orgStatus.${status.data}`);
  }
  if (key === 'level') {
    const level = orgLevelSchema.safeParse(value);
    if (level.success) return ORG_LEVEL_LABELS[level.data][lang];
  }
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
