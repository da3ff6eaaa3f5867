/**
 * Create or edit a draft activity: rules, audience, window, sessions. The whole form is checked
 * with the contract's `activityInputSchema` before it is sent; the server's field issues land on
 * the same fields. Only drafts can be edited; publishing fixes the rules.
 */
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Collapse, DatePicker, Form, Input, InputNumber, Radio, Result, Row, Select, Skeleton, Space, Switch, Typography } from 'antd';
import type { FormInstance, FormRule } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { INDUSTRY_OPTIONS, PROVINCE_CODES, activityInputSchema, sessionInputSchema } from '@gonghui/contracts';
import type { Activity, ActivityMode, Lang } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import type { ActivityInputBody, SchemaLike, ZodLikeIssue } from '../api-client';
import { useAuth } from '../auth';
import { useActivityActions } from '../components/activity-actions';
import { ActivityCoverCard } from '../components/activity-cover';
import { chinaNow, chinaPickerValue, isoOfChinaPicker } from '../components/china-time';
import { LoadError } from '../components/load-error';
import { OrgTreeMultiSelect, OrgTreeSelect } from '../components/org-tree-select';
import { PageHeader } from '../components/page-header';
import { RichTextEditor } from '../components/rich-text';
import { formatNumber } from '../format';
import { firstIssueMessage, issueMessage } from '../forms';
import { pickLang, translate, useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

interface SessionValues {
  name?: string;
  startsAt?: Dayjs | null;
  capacity?: number | null;
}

interface AudienceValues {
  orgIds?: string[];
  industries?: string[];
  minSeniorityYears?: number | null;
  minAge?: number | null;
  maxAge?: number | null;
  hometownProvinces?: string[];
}

export interface ActivityFormValues {
  orgId?: string;
  title?: string;
  descriptionHtml?: string;
  audience?: AudienceValues;
  windowStart?: Dayjs | null;
  windowEnd?: Dayjs | null;
  mode?: ActivityMode;
  perMemberLimit?: number | null;
  waitingList?: boolean;
  confirmHours?: number | null;
  powDifficulty?: number | null;
  waitingRoomMinutes?: number | null;
  sessions?: SessionValues[];
}

type FieldPath = (string | number)[];

const TOP_FIELDS = ['orgId', 'title', 'descriptionHtml', 'windowStart', 'windowEnd', 'mode', 'perMemberLimit', 'waitingList', 'confirmHours', 'powDifficulty', 'waitingRoomMinutes'];
const AUDIENCE_FIELDS = ['orgIds', 'industries', 'minSeniorityYears', 'minAge', 'maxAge', 'hometownProvinces'];
const SESSION_FIELDS = ['name', 'startsAt', 'capacity'];
const ADVANCED_FIELDS = ['powDifficulty', 'waitingRoomMinutes'];
const DESCRIPTION_MAX = 20_000;
const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

/** Hometown choices: the province-level names of GB/T 2260, once each. */
const PROVINCES = [...new Set(Object.values(PROVINCE_CODES))];

/** The form field an issue path belongs to, or null when it has none. */
function fieldOf(path: readonly PropertyKey[], sessionCount: number): FieldPath | null {
  const [a, b, c] = path;
  if (typeof a === 'string' && TOP_FIELDS.includes(a) && path.length === 1) return [a];
  if (a === 'audience' && typeof b === 'string' && AUDIENCE_FIELDS.includes(b)) return ['audience', b];
  if (a === 'sessions' && typeof b === 'number' && b < sessionCount && typeof c === 'string' && SESSION_FIELDS.includes(c)) return ['sessions', b, c];
  return null;
}

/** A server issue's dotted path ("sessions.0.capacity") as a path. */
function parseDotted(path: string): FieldPath {
  return path
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function blankNumber(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** What the form holds, in the shape of the contract's input (not yet validated). */
function toRawInput(values: ActivityFormValues, creating: boolean): Record<string, unknown> {
  const audience = values.audience ?? {};
  return {
    ...(creating && values.orgId ? { orgId: values.orgId } : {}),
    title: values.title ?? '',
    descriptionHtml: values.descriptionHtml ?? '',
    audience: {
      orgIds: audience.orgIds ?? [],
      industries: audience.industries ?? [],
      minSeniorityYears: blankNumber(audience.minSeniorityYears),
      minAge: blankNumber(audience.minAge),
      maxAge: blankNumber(audience.maxAge),
      hometownProvinces: audience.hometownProvinces ?? [],
    },
    windowStart: isoOfChinaPicker(values.windowStart),
    windowEnd: isoOfChinaPicker(values.windowEnd),
    mode: values.mode,
    // A cleared number is "missing" (the schema says so), not silently its default.
    perMemberLimit: values.perMemberLimit ?? null,
    waitingList: Boolean(values.waitingList),
    confirmHours: values.confirmHours ?? null,
    powDifficulty: values.powDifficulty ?? null,
    waitingRoomMinutes: values.waitingRoomMinutes ?? null,
    sessions: (values.sessions ?? []).map((s) => ({
      name: s.name ?? '',
      startsAt: isoOfChinaPicker(s.startsAt),
      capacity: s.capacity ?? undefined,
    })),
  };
}

export function formValuesOf(activity: Activity | undefined): ActivityFormValues {
  if (!activity) {
    return {
      audience: { orgIds: [], industries: [], minSeniorityYears: null, minAge: null, maxAge: null, hometownProvinces: [] },
      mode: 'fcfs',
      perMemberLimit: 1,
      waitingList: false,
      confirmHours: 48,
      powDifficulty: 0,
      waitingRoomMinutes: 0,
      descriptionHtml: '',
      sessions: [{ name: '', startsAt: null, capacity: null }],
    };
  }
  return {
    title: activity.title,
    descriptionHtml: activity.descriptionHtml,
    audience: { ...activity.audience },
    windowStart: chinaPickerValue(activity.windowStart) ?? null,
    windowEnd: chinaPickerValue(activity.windowEnd) ?? null,
    mode: activity.mode,
    perMemberLimit: activity.perMemberLimit,
    waitingList: activity.waitingList,
    confirmHours: activity.confirmHours,
    powDifficulty: activity.powDifficulty,
    waitingRoomMinutes: activity.waitingRoomMinutes,
    sessions: activity.sessions.map((s) => ({ name: s.name, startsAt: chinaPickerValue(s.startsAt) ?? null, capacity: s.capacity })),
  };
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Put issues on their fields; returns the ones without a field (for the alert) and whether any
 * landed in the advanced section.
 */
/** The form is addressed by paths built at run time, so untyped here. */
function showIssues(form: FormInstance, issues: readonly Issue[]): { rest: string[]; advanced: boolean; first: FieldPath | null } {
  const sessionCount = (form.getFieldValue('sessions') as SessionValues[] | undefined)?.length ?? 0;
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  const rest: string[] = [];
  let advanced = false;
  for (const issue of issues) {
    const name = fieldOf(issue.path, sessionCount);
    if (!name) {
      rest.push(issue.message);
      continue;
    }
    if (ADVANCED_FIELDS.includes(String(name[0]))) advanced = true;
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(issue.message)) entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  const first = byField.values().next().value?.name ?? null;
  return { rest: [...new Set(rest)], advanced, first };
}

/** Paths of the leaves of a change (`onValuesChange` gives nested, sparse objects). */
function changedPaths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  // A list of choices (organizations, industries) is one field; a list of sessions is many.
  if (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')) {
    const paths: FieldPath[] = [];
    value.forEach((item, index) => {
      if (item !== undefined) paths.push(...changedPaths(item, [...prefix, index]));
    });
    return paths.length ? paths : [prefix];
  }
  if (value !== null && typeof value === 'object' && !('isValid' in value) && prefix.length < 3) {
    return Object.entries(value).flatMap(([key, item]) => changedPaths(item, [...prefix, key]));
  }
  return [prefix];
}

/** Rules checked across fields: changing one clears the other's message too. */
const LINKED: Record<string, FieldPath> = { windowStart: ['windowEnd'], 'audience.minAge': ['audience', 'maxAge'] };

/**
 * Messages set from a failed save stay until the field changes: most fields here have no rules
 * of their own to re-check them.
 */
function clearErrorsOf(form: FormInstance, changed: Record<string, unknown>) {
  const names = changedPaths(changed).filter((path) => path.length > 0);
  for (const path of [...names]) {
    const linked = LINKED[path.join('.')];
    if (linked) names.push(linked);
  }
  const withErrors = names.filter((name) => form.getFieldError(name).length > 0);
  if (withErrors.length) form.setFields(withErrors.map((name) => ({ name, errors: [] })));
}

function clientIssues(issues: readonly ZodLikeIssue[], raw: unknown, lang: Lang): Issue[] {
  return issues.map((issue) => {
    const value = valueAt(raw, issue.path);
    // An empty field is "required", whatever its minimum length says.
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    return { path: issue.path, message: empty && issue.code !== 'custom' ? translate(lang, 'errors.required') : issueMessage(issue, lang, value) };
  });
}

/** A required text field checked with its part of the schema ("required" when empty). */
function requiredRule(schema: SchemaLike<unknown>, lang: Lang): FormRule {
  return {
    validator: async (_rule, raw: unknown) => {
      if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) throw new Error(translate(lang, 'errors.required'));
      const result = schema.safeParse(raw);
      if (!result.success) throw new Error(firstIssueMessage(result.error, lang, raw));
    },
  };
}

const sessionShape = sessionInputSchema.shape;
const inputShape = activityInputSchema.shape;

function SessionsEditor({ disabled }: { disabled: boolean }) {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const form = Form.useFormInstance<ActivityFormValues>();
  const sessions = Form.useWatch('sessions', form) as SessionValues[] | undefined;
  const total = (sessions ?? []).reduce((sum, s) => sum + (typeof s?.capacity === 'number' ? s.capacity : 0), 0);
  return (
    <Form.List name="sessions">
      {(fields, { add, remove }) => (
        <div className="gh-sessions" data-testid="sessions-editor">
          {!isMobile && fields.length ? (
            <div className="gh-session-row gh-session-head" aria-hidden>
              <span>{t('activity.sessionName')}</span>
              <span>{t('activity.sessionStarts')}</span>
              <span>{t('activity.sessionCapacity')}</span>
              <span />
            </div>
          ) : null}
          {fields.map((field, index) => (
            <div key={field.key} className="gh-session-row" data-testid={`session-row-${index}`}>
              <Form.Item
                name={[field.name, 'name']}
                label={isMobile ? t('activity.sessionName') : undefined}
                required
                rules={[requiredRule(sessionShape.name, lang)]}
                validateTrigger="onBlur"
              >
                <Input maxLength={80} placeholder={t('activity.sessionNamePlaceholder')} aria-label={t('activity.sessionName')} data-testid={`session-name-${index}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'startsAt']} label={isMobile ? t('activity.sessionStarts') : undefined} required>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format={DATE_TIME_FORMAT}
                  placeholder={t('activity.pickTime')}
                  className="gh-full-width"
                  aria-label={t('activity.sessionStarts')}
                  data-testid={`session-starts-${index}`}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'capacity']} label={isMobile ? t('activity.sessionCapacity') : undefined} required>
                <InputNumber
                  min={1}
                  max={200_000}
                  precision={0}
                  className="gh-full-width"
                  placeholder={t('activity.capacityPlaceholder')}
                  aria-label={t('activity.sessionCapacity')}
                  data-testid={`session-capacity-${index}`}
                />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                disabled={disabled || fields.length <= 1}
                onClick={() => remove(field.name)}
                aria-label={t('activity.sessionRemove')}
                title={t('activity.sessionRemove')}
                className="gh-session-remove"
                data-testid={`session-remove-${index}`}
              >
                {isMobile ? t('activity.sessionRemove') : null}
              </Button>
            </div>
          ))}
          <div className="gh-sessions-foot">
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              disabled={disabled || fields.length >= 50}
              onClick={() => {
                // A new row starts like the last one a day later: trains and cruises repeat.
                const last = sessions?.[sessions.length - 1];
                add({ name: '', startsAt: last?.startsAt ? last.startsAt.add(1, 'day') : null, capacity: last?.capacity ?? null });
              }}
              data-testid="session-add"
            >
              {t('activity.sessionAdd')}
            </Button>
            <Typography.Text type="secondary" data-testid="sessions-total">
              {t('activity.sessionsTotal', { count: fields.length, total: formatNumber(total, lang) })}
            </Typography.Text>
          </div>
        </div>
      )}
    </Form.List>
  );
}

function ActivityForm({ activity }: { activity?: Activity }) {
  const { t, lang } = useI18n();
  const { profile } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const actions = useActivityActions();
  const [form] = Form.useForm<ActivityFormValues>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState<string[]>(() =>
    activity && (activity.powDifficulty > 0 || activity.waitingRoomMinutes > 0) ? ['advanced'] : [],
  );
  /** A draft created by a publish that then failed: later saves edit it rather than create another. */
  const savedIdRef = useRef<string | null>(activity?.id ?? null);
  const mode = Form.useWatch('mode', form);
  const creating = !activity;

  const reportIssues = (issues: readonly Issue[], summary?: string) => {
    const { rest, advanced, first } = showIssues(form, issues);
    if (advanced) setAdvancedOpen(['advanced']);
    if (rest.length || summary) setFormError([summary, ...rest].filter(Boolean).join('；'));
    if (first) window.setTimeout(() => (form as FormInstance).scrollToField(first, { block: 'center', behavior: 'smooth' }), 0);
  };

  /** Check the whole form with the contract; the body to send, or null after showing what is wrong. */
  const validate = (): ActivityInputBody | null => {
    setFormError(null);
    const values = form.getFieldsValue(true) as ActivityFormValues;
    const raw = toRawInput(values, savedIdRef.current === null);
    const parsed = activityInputSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    reportIssues([...clientIssues(parsed.error.issues, raw, lang), ...crossIssues(raw, parsed.error.issues)], t('activity.fixErrors'));
    return null;
  };

  /**
   * The schema checks the window's order and the age range only once every field is valid; say
   * it at once with the rest rather than after the next save.
   */
  const crossIssues = (raw: Record<string, unknown>, issues: readonly ZodLikeIssue[]): Issue[] => {
    const has = (path: string) => issues.some((issue) => issue.path.join('.') === path);
    const out: Issue[] = [];
    const { windowStart, windowEnd } = raw;
    if (typeof windowStart === 'string' && typeof windowEnd === 'string' && Date.parse(windowEnd) <= Date.parse(windowStart) && !has('windowEnd')) {
      out.push({ path: ['windowEnd'], message: t('activity.windowOrder') });
    }
    const audience = raw.audience as { minAge: number | null; maxAge: number | null };
    if (audience.minAge !== null && audience.maxAge !== null && audience.minAge > audience.maxAge && !has('audience.maxAge')) {
      out.push({ path: ['audience', 'maxAge'], message: t('activity.ageOrder') });
    }
    return out;
  };

  const handleError = (error: unknown) => {
    if (isApiError(error) && error.issues.length) {
      reportIssues(
        error.issues.map((issue) => ({ path: parseDotted(issue.path), message: pickLang(issue.message, lang) })),
        error.message,
      );
      return;
    }
    setFormError(isApiError(error) ? error.message : t('errors.network'));
  };

  /** Save the form as a draft; the draft's id, or null when it failed (shown on the form). */
  const persist = async (body: ActivityInputBody): Promise<string | null> => {
    const id = savedIdRef.current;
    if (id) {
      const { orgId: _orgId, ...rest } = body;
      const saved = await api.updateActivity(id, rest);
      return saved.id;
    }
    const created = await api.createActivity(body);
    savedIdRef.current = created.id;
    return created.id;
  };

  const saveDraft = async () => {
    const body = validate();
    if (!body) return;
    setSaving(true);
    try {
      const id = await persist(body);
      message.success(t('activity.saved'));
      if (id) navigate(`/activities/${encodeURIComponent(id)}`, { replace: creating });
    } catch (error) {
      handleError(error);
    } finally {
      setSaving(false);
    }
  };

  const publish = async () => {
    const body = validate();
    if (!body) return;
    setSaving(true);
    const published = await actions.confirmPublish({
      mode: body.mode,
      title: body.title,
      before: () => persist(body),
      onError: handleError,
    });
    setSaving(false);
    if (published) navigate(`/activities/${encodeURIComponent(published.id)}`, { replace: creating });
  };

  const back = activity ? `/activities/${encodeURIComponent(activity.id)}` : '/activities';

  return (
    <Form<ActivityFormValues>
      form={form}
      layout="vertical"
      initialValues={formValuesOf(activity)}
      disabled={saving}
      requiredMark
      className="gh-activity-form"
      data-testid="activity-form"
      onValuesChange={(changed: Record<string, unknown>) => {
        if (formError) setFormError(null);
        clearErrorsOf(form, changed);
      }}
    >
      {formError ? <Alert type="error" showIcon title={formError} className="gh-form-alert" data-testid="form-error" /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('activity.basics')} className="gh-form-card">
            {creating ? (
              <Form.Item name="orgId" label={t('activity.org')} extra={t('activity.orgHelp', { org: profile?.org.name ?? '' })}>
                <OrgTreeSelect activeOnly placeholder={profile?.org.name} data-testid="activity-org" />
              </Form.Item>
            ) : null}
            <Form.Item name="title" label={t('activity.titleLabel')} required rules={[requiredRule(inputShape.title, lang)]} validateTrigger="onBlur">
              <Input maxLength={80} showCount placeholder={t('activity.titlePlaceholder')} data-testid="activity-title" />
            </Form.Item>
            <Form.Item
              name="descriptionHtml"
              label={t('activity.description')}
              extra={t('activity.descriptionHelp')}
              rules={[
                {
                  validator: async (_rule, value: unknown) => {
                    if (typeof value === 'string' && value.length > DESCRIPTION_MAX) throw new Error(t('activity.descriptionTooLong', { max: DESCRIPTION_MAX }));
                  },
                },
              ]}
            >
              <RichTextEditor placeholder={t('activity.descriptionPlaceholder')} maxLength={DESCRIPTION_MAX} data-testid="activity-description" />
            </Form.Item>
          </Card>
          {activity ? (
            <ActivityCoverCard activity={activity} editable size="default" />
          ) : (
            <Card title={t('cover.title')} className="gh-form-card" data-testid="activity-cover-later">
              <Typography.Text type="secondary">{t('cover.afterSave')}</Typography.Text>
            </Card>
          )}
          <Card title={t('activity.sessions')} className="gh-form-card" extra={<Typography.Text type="secondary">{t('activity.chinaTime')}</Typography.Text>}>
            <SessionsEditor disabled={saving} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('activity.rules')} className="gh-form-card">
            <Form.Item name="mode" label={t('activity.mode')} required extra={mode ? t(`activity.modeHelp.${mode}`) : undefined}>
              <Radio.Group optionType="button" buttonStyle="solid" data-testid="activity-mode">
                <Radio.Button value="fcfs">
                  <span data-testid="activity-mode-fcfs">{t('activityMode.fcfs')}</span>
                </Radio.Button>
                <Radio.Button value="lottery">
                  <span data-testid="activity-mode-lottery">{t('activityMode.lottery')}</span>
                </Radio.Button>
              </Radio.Group>
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name="windowStart" label={t(mode === 'lottery' ? 'activity.registerStart' : 'activity.windowStart')} required>
                  <DatePicker
                    showTime={{ format: 'HH:mm' }}
                    format={DATE_TIME_FORMAT}
                    placeholder={t('activity.pickTime')}
                    className="gh-full-width"
                    data-testid="activity-window-start"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="windowEnd" label={t(mode === 'lottery' ? 'activity.registerEnd' : 'activity.windowEnd')} required>
                  <DatePicker
                    showTime={{ format: 'HH:mm' }}
                    format={DATE_TIME_FORMAT}
                    placeholder={t('activity.pickTime')}
                    className="gh-full-width"
                    data-testid="activity-window-end"
                  />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" className="gh-small gh-form-note">
              {t('activity.windowHelp', { now: chinaNow().format(DATE_TIME_FORMAT) })}
            </Typography.Paragraph>
            <Row gutter={12}>
              <Col xs={24} sm={mode === 'lottery' ? 12 : 24}>
                <Form.Item name="perMemberLimit" label={t('activity.limit')} required extra={t('activity.limitHelp')}>
                  <InputNumber min={1} max={10} precision={0} suffix={t('activity.perMember')} className="gh-number-field" data-testid="activity-limit" />
                </Form.Item>
              </Col>
              {mode === 'lottery' ? (
                <Col xs={24} sm={12}>
                  <Form.Item name="confirmHours" label={t('activity.confirmHours')} required extra={t('activity.confirmHoursHelp')}>
                    <InputNumber min={1} max={240} precision={0} suffix={t('activity.hours')} className="gh-full-width" data-testid="activity-confirm-hours" />
                  </Form.Item>
                </Col>
              ) : null}
            </Row>
            <Form.Item name="waitingList" label={t('activity.waitingList')} valuePropName="checked" extra={t('activity.waitingListHelp')}>
              <Switch data-testid="activity-waiting-list" />
            </Form.Item>
            <Collapse
              ghost
              activeKey={advancedOpen}
              onChange={(keys) => setAdvancedOpen(Array.isArray(keys) ? keys : [keys])}
              className="gh-advanced-collapse"
              items={[
                {
                  key: 'advanced',
                  forceRender: true,
                  label: <span data-testid="activity-advanced">{t('activity.advanced')}</span>,
                  children: (
                    <>
                      <Form.Item name="powDifficulty" label={t('activity.pow')} extra={t('activity.powHelp')}>
                        <InputNumber min={0} max={24} precision={0} suffix={t('activity.bits')} className="gh-number-field" data-testid="activity-pow" />
                      </Form.Item>
                      <Form.Item name="waitingRoomMinutes" label={t('activity.waitingRoom')} extra={t('activity.waitingRoomHelp')}>
                        <InputNumber min={0} max={60} precision={0} suffix={t('activity.minutes')} className="gh-number-field" data-testid="activity-waiting-room" />
                      </Form.Item>
                    </>
                  ),
                },
              ]}
            />
          </Card>
          <Card title={t('activity.audience')} className="gh-form-card" extra={<Typography.Text type="secondary">{t('activity.audienceBase')}</Typography.Text>}>
            <Form.Item name={['audience', 'orgIds']} label={t('activity.audienceOrgs')} extra={t('activity.audienceOrgsHelp')}>
              <OrgTreeMultiSelect activeOnly placeholder={t('activity.audienceOrgsPlaceholder')} data-testid="activity-audience-orgs" />
            </Form.Item>
            <Form.Item name={['audience', 'industries']} label={t('activity.industries')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('activity.anyIndustry')}
                options={INDUSTRY_OPTIONS.map((v) => ({ value: v, label: v }))}
                data-testid="activity-industries"
              />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={8}>
                <Form.Item name={['audience', 'minSeniorityYears']} label={t('activity.minSeniority')}>
                  <InputNumber min={0} max={60} precision={0} suffix={t('activity.years')} placeholder={t('activity.noLimit')} className="gh-full-width" data-testid="activity-min-seniority" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name={['audience', 'minAge']} label={t('activity.minAge')}>
                  <InputNumber min={16} max={100} precision={0} suffix={t('activity.ageUnit')} placeholder={t('activity.noLimit')} className="gh-full-width" data-testid="activity-min-age" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name={['audience', 'maxAge']} label={t('activity.maxAge')}>
                  <InputNumber min={16} max={100} precision={0} suffix={t('activity.ageUnit')} placeholder={t('activity.noLimit')} className="gh-full-width" data-testid="activity-max-age" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name={['audience', 'hometownProvinces']} label={t('activity.hometowns')} extra={t('activity.hometownsHelp')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('activity.anyHometown')}
                options={PROVINCES.map((v) => ({ value: v, label: v }))}
                data-testid="activity-hometowns"
              />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      <div className="gh-form-bar">
        <Link to={back}>
          <Button icon={<ArrowLeftOutlined />} disabled={false}>
            {t('common.cancel')}
          </Button>
        </Link>
        <Space wrap>
          <Button icon={<SaveOutlined />} onClick={() => void saveDraft()} loading={saving} data-testid="activity-save">
            {t('activity.saveDraft')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} onClick={() => void publish()} loading={saving} data-testid="activity-publish">
            {t('activity.savePublish')}
          </Button>
        </Space>
      </div>
    </Form>
  );
}

export function ActivityEditPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const { data, error, reload } = useApi((signal) => api.activity(id ?? '', signal), [id], Boolean(id));
  const activity = id && data?.id === id ? data : undefined;

  let body;
  if (!id) {
    body = <ActivityForm />;
  } else if (error) {
    body = <LoadError error={error} onRetry={reload} />;
  } else if (!activity) {
    body = (
      <Card>
        <Skeleton active paragraph={{ rows: 12 }} />
      </Card>
    );
  } else if (activity.status !== 'draft') {
    body = (
      <Card>
        <Result
          status="info"
          title={t('activity.notDraft')}
          subTitle={t('activity.notDraftText')}
          extra={
            <Link to={`/activities/${encodeURIComponent(activity.id)}`}>
              <Button type="primary">{t('activity.viewActivity')}</Button>
            </Link>
          }
        />
      </Card>
    );
  } else {
    body = <ActivityForm key={activity.id} activity={activity} />;
  }

  return (
    <div data-testid="activity-edit-page">
      <PageHeader
        title={id ? t('activity.editTitle') : t('activity.createTitle')}
        subTitle={activity ? activity.title : t('activity.createSubtitle')}
      />
      {body}
    </div>
  );
}
