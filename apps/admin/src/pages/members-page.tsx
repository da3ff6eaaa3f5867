/**
 * Members in the admin's scope: server-side paging, quick and advanced filters (all kept in the
 * URL), masked PII with audited reveal, add / import / export, and links to each member's page.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Badge, Button, Card, Col, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, FilterOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { AGE_BANDS, INDUSTRY_OPTIONS, MEMBER_STATUSES, VERIFICATION_STATUSES, memberSearchQuerySchema } from '@gonghui/contracts';
import type { AdminMember, MemberStatus } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import type { MemberQuery } from '../api-client';
import { useAuth } from '../auth';
import { ExportButtons } from '../components/download-button';
import { ImportDialog } from '../components/import-dialog';
import { LoadError } from '../components/load-error';
import { MemberCreateModal } from '../components/member-dialogs';
import { OrgTreeSelect } from '../components/org-tree-select';
import { PageHeader } from '../components/page-header';
import { filtersOf, readQueryParams, updateQueryParams } from '../components/query-params';
import { MemberStatusTag, VerificationTag } from '../components/tags';
import { useDialog } from '../components/use-dialog';
import { ResetFiltersButton, usePagedTable } from '../components/paged-table';
import { formatDate } from '../format';
import { schemaRule } from '../forms';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

/** Filters in the collapsible "advanced" area. */
const ADVANCED_KEYS = ['phone', 'idNumber', 'cardNo', 'employer', 'verification', 'gender', 'ageBand', 'industry', 'joinedFrom', 'joinedTo'] as const;
type AdvancedKey = (typeof ADVANCED_KEYS)[number];
type AdvancedValues = Partial<Record<AdvancedKey, string>>;

interface Revealed {
  phone: string | null;
  idNumber: string | null;
}

function advancedOf(query: MemberQuery): AdvancedValues {
  const values: AdvancedValues = {};
  for (const key of ADVANCED_KEYS) {
    const value = query[key];
    if (value !== undefined) values[key] = value;
  }
  return values;
}

function AdvancedFilters({ query, onApply }: { query: MemberQuery; onApply: (values: AdvancedValues) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<AdvancedValues>();
  const shape = memberSearchQuerySchema.shape;
  const optional = { emptyAsUndefined: true };
  const current = useMemo(() => advancedOf(query), [query]);

  // Follow the URL (back / forward, reset).
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(current);
  }, [form, current]);

  const submit = (values: AdvancedValues) => {
    const next: AdvancedValues = {};
    for (const key of ADVANCED_KEYS) {
      const value = values[key];
      next[key] = typeof value === 'string' && value.trim() ? value.trim() : undefined;
    }
    onApply(next);
  };

  const clear = () => {
    form.resetFields();
    onApply(Object.fromEntries(ADVANCED_KEYS.map((key) => [key, undefined])));
  };

  const col = { xs: 24, sm: 12, lg: 8, xl: 6 };
  return (
    <Form<AdvancedValues> form={form} layout="vertical" onFinish={submit} className="gh-advanced" data-testid="members-advanced">
      <Row gutter={16}>
        <Col {...col}>
          <Form.Item name="phone" label={t('members.phone')} rules={[schemaRule(shape.phone, lang, optional)]}>
            <Input allowClear maxLength={20} inputMode="tel" placeholder={t('members.exactMatch')} data-testid="members-filter-phone" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="idNumber" label={t('members.idNumber')} rules={[schemaRule(shape.idNumber, lang, optional)]}>
            <Input allowClear maxLength={40} placeholder={t('members.exactMatch')} className="gh-mono" data-testid="members-filter-id-number" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="cardNo" label={t('members.cardNo')} rules={[schemaRule(shape.cardNo, lang, optional)]}>
            <Input allowClear maxLength={20} data-testid="members-filter-card-no" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="employer" label={t('members.employer')} rules={[schemaRule(shape.employer, lang, optional)]}>
            <Input allowClear maxLength={100} placeholder={t('members.contains')} data-testid="members-filter-employer" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="verification" label={t('members.verification')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              options={VERIFICATION_STATUSES.map((v) => ({ value: v, label: t(`verification.${v}`) }))}
              data-testid="members-filter-verification"
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="gender" label={t('members.gender')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              options={(['male', 'female'] as const).map((g) => ({ value: g, label: t(`gender.${g}`) }))}
              data-testid="members-filter-gender"
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="ageBand" label={t('members.ageBand')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              options={AGE_BANDS.map((band) => ({ value: band, label: t('members.ageBandLabel', { band }) }))}
              data-testid="members-filter-age-band"
            />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="industry" label={t('members.industry')} rules={[schemaRule(shape.industry, lang, optional)]}>
            <Select allowClear placeholder={t('common.all')} options={INDUSTRY_OPTIONS.map((v) => ({ value: v, label: v }))} data-testid="members-filter-industry" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="joinedFrom" label={t('members.joinedFrom')} rules={[schemaRule(shape.joinedFrom, lang, optional)]}>
            <Input type="date" data-testid="members-filter-joined-from" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item
            name="joinedTo"
            label={t('members.joinedTo')}
            dependencies={['joinedFrom']}
            rules={[
              schemaRule(shape.joinedTo, lang, optional),
              ({ getFieldValue }) => ({
                validator: async (_rule, value: unknown) => {
                  const from: unknown = getFieldValue('joinedFrom');
                  if (typeof value === 'string' && value && typeof from === 'string' && from && value < from) {
                    throw new Error(t('members.dateOrder'));
                  }
                },
              }),
            ]}
          >
            <Input type="date" data-testid="members-filter-joined-to" />
          </Form.Item>
        </Col>
      </Row>
      <Space wrap>
        <Button type="primary" htmlType="submit" data-testid="members-advanced-apply">
          {t('common.search')}
        </Button>
        <Button onClick={clear} data-testid="members-advanced-clear">
          {t('members.clearAdvanced')}
        </Button>
      </Space>
    </Form>
  );
}

export function MembersPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQueryParams(params, memberSearchQuerySchema), [params]);
  const [nameText, setNameText] = useState(query.q ?? '');
  const [revealed, setRevealed] = useState<Record<string, Revealed>>({});
  const [revealing, setRevealing] = useState<string | null>(null);
  const advancedCount = ADVANCED_KEYS.filter((key) => query[key] !== undefined).length;
  const [advancedOpen, setAdvancedOpen] = useState(advancedCount > 0);
  const createDialog = useDialog();
  const importDialog = useDialog();
  const canReveal = can('pii.reveal');
  const canWrite = can('member.write');

  useEffect(() => setNameText(query.q ?? ''), [query.q]);

  const queryKey = params.toString();
  const { data, error, loading, reload } = useApi((signal) => api.members(query, signal), [queryKey]);

  const update = (changes: Partial<Record<keyof MemberQuery, string | number | undefined>>, resetPage = true) =>
    updateQueryParams(setParams, changes, resetPage);

  const reveal = async (member: AdminMember) => {
    if (revealed[member.id]) {
      setRevealed(({ [member.id]: _hidden, ...rest }) => rest);
      return;
    }
    setRevealing(member.id);
    try {
      const result = await api.revealMember(member.id);
      setRevealed((current) => ({ ...current, [member.id]: result }));
    } catch (err) {
      if (isApiError(err)) message.error(err.message);
    } finally {
      setRevealing(null);
    }
  };

  const none = t('common.none');
  const columns: TableColumnsType<AdminMember> = [
    {
      key: 'name',
      title: t('members.name'),
      dataIndex: 'name',
      fixed: isMobile ? undefined : 'left',
      width: 110,
      render: (name: string | null, m) => (
        <Link to={`/members/${encodeURIComponent(m.id)}`} data-testid="member-link" data-member-id={m.id}>
          {name ?? none}
        </Link>
      ),
    },
    {
      key: 'gender',
      title: t('members.gender'),
      dataIndex: 'gender',
      width: 70,
      render: (gender: AdminMember['gender']) => (gender ? t(`gender.${gender}`) : none),
    },
    {
      key: 'phone',
      title: t('members.phone'),
      width: 140,
      render: (_, m) => {
        const shown = revealed[m.id];
        return (
          <Typography.Text className={shown ? 'gh-revealed' : 'gh-masked'} data-testid="member-phone">
            {(shown ? shown.phone : m.phone) ?? none}
          </Typography.Text>
        );
      },
    },
    {
      key: 'idNumber',
      title: t('members.idNumber'),
      width: 200,
      render: (_, m) => {
        const shown = revealed[m.id];
        return (
          <Typography.Text className={shown ? 'gh-revealed' : 'gh-masked'} data-testid="member-id-number">
            {(shown ? shown.idNumber : m.idNumber) ?? none}
          </Typography.Text>
        );
      },
    },
    {
      key: 'status',
      title: t('members.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: MemberStatus) => <MemberStatusTag status={status} />,
    },
    {
      key: 'verification',
      title: t('members.verification'),
      dataIndex: 'verification',
      width: 100,
      render: (v: AdminMember['verification']) => <VerificationTag status={v} />,
    },
    { key: 'cardNo', title: t('members.cardNo'), dataIndex: 'cardNo', width: 150, render: (v: string | null) => v ?? none },
    { key: 'org', title: t('members.org'), dataIndex: 'orgName', width: 200, ellipsis: true, render: (v: string | null) => v ?? none },
    { key: 'employer', title: t('members.employer'), dataIndex: 'employer', width: 180, ellipsis: true, render: (v: string | null) => v ?? none },
    { key: 'joinedAt', title: t('members.joinedAt'), dataIndex: 'joinedAt', width: 120, render: (v: string | null) => formatDate(v, lang) },
    {
      key: 'actions',
      title: t('common.actions'),
      width: canReveal ? 140 : 70,
      fixed: isMobile ? undefined : 'right',
      render: (_, m) => {
        const shown = Boolean(revealed[m.id]);
        return (
          <Space size={0}>
            <Button type="link" size="small" className="gh-link-button" onClick={() => navigate(`/members/${encodeURIComponent(m.id)}`)} data-testid="member-open">
              {t('members.detail')}
            </Button>
            {canReveal ? (
              <Button
                type="link"
                size="small"
                className="gh-link-button"
                icon={shown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
                loading={revealing === m.id}
                disabled={!m.phone && !m.idNumber}
                onClick={() => void reveal(m)}
                data-testid="member-reveal"
                data-member-id={m.id}
              >
                {shown ? t('members.hide') : t('members.reveal')}
              </Button>
            ) : null}
          </Space>
        );
      },
    },
  ];

  const paged = usePagedTable(query, data?.total, setParams);

  const filtered = Boolean(query.orgId || query.status || query.q || advancedCount);

  return (
    <div data-testid="members-page">
      <PageHeader
        title={t('members.title')}
        extra={
          <Space wrap>
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => createDialog.show(true)} data-testid="member-create-open">
                {t('members.create')}
              </Button>
            ) : null}
            {canWrite ? (
              <Button icon={<UploadOutlined />} onClick={() => importDialog.show(true)} data-testid="members-import-open">
                {t('sheets.import')}
              </Button>
            ) : null}
            <ExportButtons kind="members" filters={filtersOf(query)} testIdPrefix="members" />
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
          </Space>
        }
      />
      <Alert
        type={canReveal ? 'warning' : 'info'}
        showIcon
        className="gh-page-alert"
        title={canReveal ? t('members.revealNote') : t('members.maskedNote')}
        data-testid="members-audit-note"
      />
      <Card>
        <div className="gh-filters">
          <OrgTreeSelect
            value={query.orgId}
            onChange={(orgId) => update({ orgId })}
            placeholder={t('members.orgFilter')}
            className="gh-filter-org"
            data-testid="members-org-filter"
          />
          <Select<MemberStatus>
            value={query.status}
            onChange={(status) => update({ status })}
            allowClear
            placeholder={t('members.statusFilter')}
            options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`memberStatus.${s}`) }))}
            className="gh-filter-status"
            data-testid="members-status-filter"
          />
          <Input.Search
            value={nameText}
            onChange={(event) => setNameText(event.target.value)}
            onSearch={(value) => update({ q: value.trim() })}
            placeholder={t('members.nameFilter')}
            allowClear
            maxLength={50}
            className="gh-filter-name"
            data-testid="members-name-filter"
          />
          <Badge count={advancedCount} size="small" offset={[-4, 4]}>
            <Button
              icon={<FilterOutlined />}
              onClick={() => setAdvancedOpen((v) => !v)}
              type={advancedOpen ? 'primary' : 'default'}
              ghost={advancedOpen}
              aria-expanded={advancedOpen}
              data-testid="members-advanced-toggle"
            >
              {t('members.advanced')}
            </Button>
          </Badge>
          <ResetFiltersButton setParams={setParams} filtered={filtered} page={query.page} testId="members-reset" />
        </div>
        {advancedOpen ? <AdvancedFilters query={query} onApply={(values) => update(values)} /> : null}
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<AdminMember>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            {...paged}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : t('members.empty') }}
            data-testid="members-table"
          />
        )}
      </Card>
      {createDialog.state ? (
        <MemberCreateModal
          key={createDialog.state.seq}
          defaultOrgId={query.orgId}
          {...createDialog.props}
          onCreated={(member) => {
            createDialog.close();
            navigate(`/members/${encodeURIComponent(member.id)}`);
          }}
        />
      ) : null}
      {importDialog.state ? <ImportDialog key={importDialog.state.seq} kind="members" {...importDialog.props} onImported={reload} /> : null}
    </div>
  );
}
