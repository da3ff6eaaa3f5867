/**
 * Statistics of an organization's subtree (统计分析): members by status and the verified share,
 * membership flows over a period, composition, the ranking of the child organizations (drill into
 * one: its statistics, with the trail back up), organizations, cadres and participation. The view
 * (organization, period, grain, ranking order) lives in the URL; every table exports to Excel.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Breadcrumb, Button, Card, Col, DatePicker, Empty, Progress, Row, Segmented, Skeleton, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { ApartmentOutlined, FileExcelOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { FLOW_KINDS, MEMBER_STATUSES, ORG_LEVELS, STATS_CHILD_SORTS, STATS_GRAINS } from '@gonghui/contracts';
import type { OrgLevel, Stats, StatsChild } from '@gonghui/contracts';
import { api } from '../api-client';
import type { StatsRequest } from '../api-client';
import { DownloadButton } from '../components/download-button';
import { EChart } from '../components/echart';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { PAGE_SIZES } from '../components/query-params';
import { OrgLevelTag } from '../components/tags';
import { formatChinaDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import {
  cadrePositionLabel,
  compositionBarOption,
  formatShare,
  formatSigned,
  flowTrendOption,
  genderPieOption,
  netGrowth,
  orgDimensionLabel,
  participationActionLabel,
  participationSourceLabel,
  topChildrenOption,
  withShares,
} from '../stats-charts';
import type { CompositionDimension, Labels, OrgDimension } from '../stats-charts';
import { chinaToday, grainForPeriod, isPickable, periodPresets, readStatsView, sameParams, statsViewParams } from '../stats-view';
import type { StatsChildSort, StatsView } from '../stats-view';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

type StatsTable = 'summary' | 'composition' | 'flows' | 'children' | 'orgs' | 'cadres' | 'participation';

const STATUS_ACCENTS: Record<string, string> = { registered: '#8c8c8c', pending: '#d48806', active: '#389e0d', held: '#1677ff', ended: '#595959' };

function isOrgLevel(level: string): level is OrgLevel {
  return (ORG_LEVELS as readonly string[]).includes(level);
}

/** "导出 Excel" for one table of the current view (the server writes it as one sheet). */
function ExportTable({ request, table }: { request: StatsRequest; table: StatsTable }) {
  const { t } = useI18n();
  return (
    <DownloadButton size="small" icon={<FileExcelOutlined />} run={() => api.exportStats({ ...request, tables: [table] })} data-testid={`stats-export-${table}`}>
      {t('sheets.exportXlsx')}
    </DownloadButton>
  );
}

function Section({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card title={title} extra={extra} className="gh-stats-card" data-testid={testId}>
      {children}
    </Card>
  );
}

function ChartTitle({ children }: { children: ReactNode }) {
  return <Typography.Text strong className="gh-chart-title">{children}</Typography.Text>;
}

// ---------------------------------------------------------------- headline

function Headline({ stats }: { stats: Stats }) {
  const { t, lang } = useI18n();
  const { members } = stats;
  return (
    <Row gutter={[12, 12]} data-testid="stats-headline">
      <Col flex="1 1 150px">
        <Card className="gh-stat-card" size="small">
          <Statistic
            title={
              <span className="gh-stat-title">
                <TeamOutlined />
                {t('dashboard.totalMembers')}
              </span>
            }
            value={members.total}
            data-testid="stats-members-total"
          />
        </Card>
      </Col>
      {MEMBER_STATUSES.map((status) => (
        <Col key={status} flex="1 1 120px">
          <Card className="gh-stat-card" size="small" data-testid={`stats-members-${status}`} data-count={members.byStatus[status]}>
            <Statistic title={t(`memberStatus.${status}`)} value={members.byStatus[status]} styles={{ content: { color: STATUS_ACCENTS[status] } }} />
          </Card>
        </Col>
      ))}
      <Col flex="1 1 220px">
        <Card className="gh-stat-card" size="small" data-testid="stats-verified-share" data-share={members.verifiedShare}>
          <div className="gh-stats-share">
            <Progress type="circle" size={56} percent={Math.round(members.verifiedShare * 1000) / 10} format={() => null} strokeColor="#389e0d" />
            <div>
              <Statistic title={t('stats.verifiedShare')} value={formatShare(members.verifiedShare, lang)} />
              <Typography.Text type="secondary" className="gh-small">
                {t('stats.verifiedOf', { verified: formatNumber(members.verified, lang) })}
              </Typography.Text>
            </div>
          </div>
        </Card>
      </Col>
    </Row>
  );
}

// ---------------------------------------------------------------- flows

function Flows({ stats, view, labels, request, onGrain }: { stats: Stats; view: StatsView; labels: Labels; request: StatsRequest; onGrain: (grain: StatsView['grain']) => void }) {
  const { t, lang } = labels;
  const option = useMemo(() => flowTrendOption(stats.flows, stats.period.grain, labels), [stats.flows, stats.period.grain, labels]);
  const totals = stats.flows.totals;
  const net = netGrowth(totals);
  const quiet = FLOW_KINDS.every((kind) => totals[kind] === 0);
  return (
    <Section
      testId="stats-flows"
      title={t('stats.flows')}
      extra={
        <Space wrap>
          <Segmented
            size="small"
            value={view.grain}
            onChange={(grain) => onGrain(grain)}
            options={STATS_GRAINS.map((grain) => ({ value: grain, label: <span data-testid={`stats-grain-${grain}`}>{t(`stats.grain.${grain}`)}</span> }))}
          />
          <ExportTable request={request} table="flows" />
        </Space>
      }
    >
      <div className="gh-stats-totals">
        {FLOW_KINDS.map((kind) => (
          <Statistic key={kind} title={t(`stats.flow.${kind}`)} value={formatNumber(totals[kind], lang)} data-testid={`stats-flow-${kind}`} />
        ))}
        <Statistic
          title={t('stats.flow.net')}
          value={formatSigned(net, lang)}
          styles={{ content: { color: net < 0 ? '#cf1322' : net > 0 ? '#389e0d' : undefined } }}
          data-testid="stats-flow-net"
        />
      </div>
      <EChart option={option} height={320} label={t('stats.flowsHint', { from: stats.period.from, to: stats.period.to })} data-testid="stats-flows-chart" />
      <Typography.Text type="secondary" className="gh-small" data-testid="stats-flows-caption">
        {quiet ? t('stats.noFlows', { from: stats.period.from, to: stats.period.to }) : t('stats.flowsHint', { from: stats.period.from, to: stats.period.to })}
      </Typography.Text>
    </Section>
  );
}

// ---------------------------------------------------------------- composition

const COMPOSITION_TITLES: Record<CompositionDimension, 'members.gender' | 'members.ageBand' | 'members.industry' | 'members.education'> = {
  gender: 'members.gender',
  ageBand: 'members.ageBand',
  industry: 'members.industry',
  education: 'members.education',
};

function Composition({ stats, labels, request }: { stats: Stats; labels: Labels; request: StatsRequest }) {
  const { t } = labels;
  const { composition } = stats;
  const options = useMemo(
    () => ({
      gender: genderPieOption(composition.gender, labels),
      ageBand: compositionBarOption('ageBand', composition.ageBand, labels),
      industry: compositionBarOption('industry', composition.industry, labels),
      education: compositionBarOption('education', composition.education, labels),
    }),
    [composition, labels],
  );
  const dimensions: CompositionDimension[] = ['gender', 'ageBand', 'industry', 'education'];
  return (
    <Section
      testId="stats-composition"
      title={
        <Space size={8}>
          {t('stats.composition')}
          <Typography.Text type="secondary" className="gh-small">
            {t('stats.compositionHint')}
          </Typography.Text>
        </Space>
      }
      extra={<ExportTable request={request} table="composition" />}
    >
      <Row gutter={[24, 24]}>
        {dimensions.map((dimension) => {
          const empty = composition[dimension].every((c) => c.n === 0);
          return (
            <Col key={dimension} xs={24} lg={12}>
              <ChartTitle>{t(COMPOSITION_TITLES[dimension])}</ChartTitle>
              {empty ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
              ) : (
                <EChart
                  option={options[dimension]}
                  height={dimension === 'industry' ? Math.max(260, composition.industry.length * 28 + 40) : 260}
                  label={t(COMPOSITION_TITLES[dimension])}
                  data-testid={`stats-chart-${dimension}`}
                />
              )}
            </Col>
          );
        })}
      </Row>
    </Section>
  );
}

// ---------------------------------------------------------------- children

const CHILD_PAGE_SIZE = 10;

function Children({ view, labels, request, onSort, onDrill }: { view: StatsView; labels: Labels; request: StatsRequest; onSort: (sort: StatsChildSort) => void; onDrill: (child: StatsChild) => void }) {
  const { t, lang } = labels;
  const isMobile = useIsMobile();
  // Paging belongs to one ranking: another organization, period or order starts at page 1.
  const rankingKey = `${view.orgId ?? ''}|${view.from}|${view.to}|${view.sort}`;
  const [paging, setPaging] = useState({ key: rankingKey, page: 1, pageSize: CHILD_PAGE_SIZE });
  const page = paging.key === rankingKey ? paging.page : 1;
  const pageSize = paging.pageSize;
  const base = { orgId: view.orgId, from: view.from, to: view.to, sort: view.sort };
  const list = useApi((signal) => api.statsChildren({ ...base, page, pageSize }, signal), [rankingKey, page, pageSize]);
  // The top-10 chart reuses the table's first page when it shows one; else asks for it.
  const ownTop = page !== 1 || pageSize < 10;
  const top = useApi((signal) => api.statsChildren({ ...base, page: 1, pageSize: 10 }, signal), [rankingKey, ownTop], ownTop);
  const topRows = (ownTop ? top.data?.items : list.data?.items)?.slice(0, 10);
  const chartOption = useMemo(() => (topRows ? topChildrenOption(topRows, view.sort, labels) : null), [topRows, view.sort, labels]);

  const sortOrder = (key: StatsChildSort) => (view.sort === key ? (key === 'name' ? ('ascend' as const) : ('descend' as const)) : null);
  const sortable = (key: StatsChildSort) => ({ key, sorter: true, sortOrder: sortOrder(key), sortDirections: [key === 'name' ? ('ascend' as const) : ('descend' as const)] });
  const columns: TableColumnsType<StatsChild> = [
    {
      ...sortable('name'),
      title: t('stats.col.org'),
      fixed: isMobile ? undefined : 'left',
      render: (_: unknown, child) => (
        <Space size={6} wrap={false}>
          <Typography.Link
            onClick={(event) => {
              event.stopPropagation();
              onDrill(child);
            }}
            title={t('stats.drill', { org: child.org.name })}
            data-testid="stats-child-link"
          >
            {child.org.name}
          </Typography.Link>
          {isOrgLevel(child.org.level) ? <OrgLevelTag level={child.org.level} /> : null}
          {child.org.hasChildren ? <ApartmentOutlined className="gh-stats-has-children" title={t('stats.hasChildren')} /> : null}
        </Space>
      ),
    },
    { ...sortable('members'), title: t('stats.col.members'), align: 'right', render: (_: unknown, c) => formatNumber(c.members, lang) },
    {
      ...sortable('verifiedShare'),
      title: t('stats.col.verifiedShare'),
      width: 160,
      render: (_: unknown, c) => <Progress percent={Math.round(c.verifiedShare * 1000) / 10} size="small" format={() => formatShare(c.verifiedShare, lang)} />,
    },
    ...FLOW_KINDS.map((kind) => ({ key: kind, title: t(`stats.flow.${kind}`), align: 'right' as const, render: (_: unknown, c: StatsChild) => formatNumber(c[kind], lang) })),
    {
      ...sortable('growth'),
      title: t('stats.col.growth'),
      align: 'right',
      render: (_: unknown, c) => <span className={c.growth < 0 ? 'gh-stats-down' : c.growth > 0 ? 'gh-stats-up' : undefined}>{formatSigned(c.growth, lang)}</span>,
    },
  ];

  const onChange = (pagination: TablePaginationConfig, _filters: unknown, sorter: SorterResult<StatsChild> | SorterResult<StatsChild>[]) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = typeof one?.columnKey === 'string' ? one.columnKey : undefined;
    if (key && key !== view.sort && (STATS_CHILD_SORTS as readonly string[]).includes(key)) {
      onSort(key as StatsChildSort);
      return;
    }
    setPaging({ key: rankingKey, page: pagination.current ?? 1, pageSize: pagination.pageSize ?? pageSize });
  };

  const error = list.error;
  return (
    <Section
      testId="stats-children"
      title={t('stats.children')}
      extra={
        <Space wrap>
          <Segmented
            size="small"
            value={view.sort}
            onChange={(sort) => onSort(sort)}
            options={STATS_CHILD_SORTS.map((sort) => ({ value: sort, label: <span data-testid={`stats-sort-${sort}`}>{t(`stats.sort.${sort}`)}</span> }))}
          />
          <ExportTable request={request} table="children" />
        </Space>
      }
    >
      {error ? (
        <LoadError error={error} onRetry={list.reload} compact />
      ) : list.data && list.data.total === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.noChildren')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" className="gh-small">
            {t('stats.childrenHint')}
          </Typography.Paragraph>
          <Row gutter={[24, 16]}>
            <Col xs={24} xxl={15}>
              <Table<StatsChild>
                rowKey={(c) => c.org.id}
                size="middle"
                columns={columns}
                dataSource={list.data?.items ?? []}
                loading={list.loading}
                scroll={{ x: 'max-content' }}
                onRow={(child) => ({ onClick: () => onDrill(child), className: 'gh-stats-row' })}
                onChange={onChange}
                showSorterTooltip={false}
                pagination={{
                  current: page,
                  pageSize,
                  total: list.data?.total ?? 0,
                  pageSizeOptions: PAGE_SIZES,
                  showSizeChanger: true,
                  showTotal: (count) => t('common.total', { total: count }),
                  size: 'small',
                }}
                data-testid="stats-children-table"
              />
            </Col>
            <Col xs={24} xxl={9}>
              <ChartTitle>
                {t('stats.top10')} · {t(`stats.sort.${view.sort === 'name' ? 'members' : view.sort}`)}
              </ChartTitle>
              {chartOption && topRows ? (
                <EChart
                  option={chartOption}
                  height={Math.max(200, topRows.length * 34 + 40)}
                  label={t('stats.top10')}
                  onItemClick={({ dataIndex }) => {
                    const child = topRows[dataIndex];
                    if (child) onDrill(child);
                  }}
                  data-testid="stats-chart-top"
                />
              ) : (
                <Skeleton active />
              )}
            </Col>
          </Row>
        </>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------- organizations, cadres, participation

interface CountRow {
  key: string;
  label: string;
  n: number;
  share: number;
}

function CountTable({ rows, title, testId }: { rows: CountRow[]; title: ReactNode; testId: string }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<CountRow> = [
    { key: 'label', title, dataIndex: 'label' },
    { key: 'n', title: t('stats.count'), align: 'right', render: (_: unknown, r) => formatNumber(r.n, lang), width: 80 },
    { key: 'share', title: t('stats.share'), width: 140, render: (_: unknown, r) => <Progress percent={Math.round(r.share * 1000) / 10} size="small" format={() => formatShare(r.share, lang)} /> },
  ];
  return <Table<CountRow> rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} data-testid={testId} locale={{ emptyText: t('common.empty') }} />;
}

function Orgs({ stats, labels, request }: { stats: Stats; labels: Labels; request: StatsRequest }) {
  const { t } = labels;
  const dims: { dimension: OrgDimension; field: 'byLevel' | 'byType' | 'byStatus'; title: 'stats.orgs.byLevel' | 'stats.orgs.byType' | 'stats.orgs.byStatus' }[] = [
    { dimension: 'level', field: 'byLevel', title: 'stats.orgs.byLevel' },
    { dimension: 'type', field: 'byType', title: 'stats.orgs.byType' },
    { dimension: 'status', field: 'byStatus', title: 'stats.orgs.byStatus' },
  ];
  const levelOrder = (key: string) => (isOrgLevel(key) ? ORG_LEVELS.indexOf(key) : ORG_LEVELS.length);
  return (
    <Section testId="stats-orgs" title={t('stats.orgs')} extra={<ExportTable request={request} table="orgs" />}>
      <Row gutter={[16, 16]}>
        {dims.map(({ dimension, field, title }) => {
          const counts = [...stats.orgs[field]];
          if (dimension === 'level') counts.sort((a, b) => levelOrder(a.key) - levelOrder(b.key));
          const rows = withShares(counts.map((c) => ({ key: c.key, label: orgDimensionLabel(dimension, c.key, labels), n: c.n })));
          return (
            <Col key={field} xs={24} md={8} xl={24} xxl={8}>
              <CountTable rows={rows} title={t(title)} testId={`stats-orgs-${dimension}`} />
            </Col>
          );
        })}
      </Row>
    </Section>
  );
}

function Cadres({ stats, labels, request }: { stats: Stats; labels: Labels; request: StatsRequest }) {
  const { t, lang } = labels;
  const rows = withShares(
    [...stats.cadres.byPosition].sort((a, b) => b.n - a.n).map((c) => ({ key: c.key, label: cadrePositionLabel(c.key, labels), n: c.n })),
  );
  return (
    <Section
      testId="stats-cadres"
      title={
        <Space size={8}>
          {t('stats.cadres')}
          <Tag color="red" data-testid="stats-cadres-serving">
            {t('stats.cadresServing', { count: formatNumber(stats.cadres.serving, lang) })}
          </Tag>
        </Space>
      }
      extra={<ExportTable request={request} table="cadres" />}
    >
      <CountTable rows={rows} title={t('cadres.position')} testId="stats-cadres-table" />
    </Section>
  );
}

interface SourceRow {
  key: string;
  source: string;
  action: string;
  n: number;
}
type TopRow = Stats['participation']['top'][number];

function Participation({ stats, labels, request }: { stats: Stats; labels: Labels; request: StatsRequest }) {
  const { t, lang } = labels;
  const { bySource, top } = stats.participation;
  const sourceRows: SourceRow[] = bySource.map((r) => ({ key: `${r.source}|${r.action}`, ...r }));
  const actions = [...new Set([...bySource.map((r) => r.action), ...top.flatMap((r) => Object.keys(r.actions))])];
  const sourceColumns: TableColumnsType<SourceRow> = [
    { key: 'source', title: t('stats.source'), render: (_: unknown, r) => participationSourceLabel(r.source, labels) },
    { key: 'action', title: t('stats.action'), render: (_: unknown, r) => participationActionLabel(r.action, labels) },
    { key: 'n', title: t('stats.times'), align: 'right', render: (_: unknown, r) => formatNumber(r.n, lang) },
  ];
  const topColumns: TableColumnsType<TopRow> = [
    { key: 'title', title: t('stats.subject'), dataIndex: 'title', ellipsis: true },
    { key: 'source', title: t('stats.source'), width: 90, render: (_: unknown, r) => participationSourceLabel(r.source, labels) },
    ...actions.map((action) => ({
      key: action,
      title: participationActionLabel(action, labels),
      align: 'right' as const,
      render: (_: unknown, r: TopRow) => formatNumber(r.actions[action] ?? 0, lang),
    })),
  ];
  return (
    <Section
      testId="stats-participation"
      title={
        <Space size={8}>
          {t('stats.participation')}
          <Typography.Text type="secondary" className="gh-small">
            {t('stats.participationHint')}
          </Typography.Text>
        </Space>
      }
      extra={<ExportTable request={request} table="participation" />}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Table<SourceRow> rowKey="key" size="small" columns={sourceColumns} dataSource={sourceRows} pagination={false} locale={{ emptyText: t('stats.noData') }} data-testid="stats-participation-sources" />
        </Col>
        <Col xs={24} lg={15}>
          <ChartTitle>{t('stats.topSubjects')}</ChartTitle>
          <Table<TopRow>
            rowKey={(r) => `${r.source}|${r.subjectId}`}
            size="small"
            columns={topColumns}
            dataSource={top}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('stats.noData') }}
            data-testid="stats-participation-top"
          />
        </Col>
      </Row>
    </Section>
  );
}

// ---------------------------------------------------------------- the page

export function StatsPage() {
  const { t, lang } = useI18n();
  const labels = useMemo<Labels>(() => ({ t, lang }), [t, lang]);
  const [params, setParams] = useSearchParams();
  const today = useMemo(() => chinaToday(), []);
  const view = useMemo(() => readStatsView(params, today), [params, today]);

  // The URL always names the whole view (replacing, not adding, a history entry): a copied link shows the same figures later.
  useEffect(() => {
    const wanted = statsViewParams(view);
    if (!sameParams(params, wanted)) setParams(wanted, { replace: true });
  }, [params, view, setParams]);

  const setView = (changes: Partial<StatsView>) => setParams(statsViewParams({ ...view, ...changes }));
  const request: StatsRequest = { orgId: view.orgId, from: view.from, to: view.to, grain: view.grain };
  // While the next view loads, the previous figures stay on screen under a spinner.
  const { data: stats, error, loading, reload } = useApi((signal) => api.stats(request, signal), [view.orgId, view.from, view.to, view.grain]);

  const drill = (child: StatsChild) => setView({ orgId: child.org.id });
  const trail = stats?.trail ?? [];
  const presets = periodPresets(today).map((p) => ({ label: t(`stats.preset.${p.key}`), value: [dayjs(p.from), dayjs(p.to)] as [Dayjs, Dayjs] }));

  return (
    <div data-testid="stats-page" data-org-id={stats?.org.id ?? ''} data-loading={loading ? 'true' : 'false'}>
      <PageHeader
        title={t('stats.title')}
        subTitle={stats ? t('stats.subtitle', { org: stats.org.name, time: formatChinaDateTime(stats.asOf, lang) }) : undefined}
        extra={
          <Space wrap>
            <DatePicker.RangePicker
              value={[dayjs(view.from), dayjs(view.to)]}
              allowClear={false}
              presets={presets}
              disabledDate={(d, info) => !isPickable(d.format('YYYY-MM-DD'), today, info?.from?.format('YYYY-MM-DD'))}
              onChange={(range) => {
                const [from, to] = range ?? [];
                if (!from || !to) return;
                const period = { from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') };
                setView({ ...period, grain: grainForPeriod(view.grain, period.from, period.to) });
              }}
              aria-label={t('stats.period')}
              data-testid="stats-period"
            />
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
            <DownloadButton type="primary" icon={<FileExcelOutlined />} run={() => api.exportStats(request)} data-testid="stats-export-all">
              {t('stats.exportAll')}
            </DownloadButton>
          </Space>
        }
      />
      {trail.length > 1 ? (
        <Breadcrumb
          className="gh-stats-trail"
          aria-label={t('stats.trail')}
          data-testid="stats-trail"
          items={trail.map((item, index) => {
            const last = index === trail.length - 1;
            return {
              key: item.id,
              title: last ? (
                <span data-testid="stats-trail-current">{item.name}</span>
              ) : (
                <Typography.Link onClick={() => setView({ orgId: index === 0 ? undefined : item.id })} data-testid="stats-trail-link">
                  {item.name}
                </Typography.Link>
              ),
            };
          })}
        />
      ) : null}
      {error ? (
        <Card>
          <LoadError error={error} onRetry={reload} />
          {view.orgId ? (
            <div className="gh-stats-back">
              <Button onClick={() => setView({ orgId: undefined })}>{t('stats.backToOwn')}</Button>
            </div>
          ) : null}
        </Card>
      ) : !stats ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Spin spinning={loading} delay={200}>
          <div className="gh-stats-sections">
            <Section testId="stats-summary" title={t('stats.members')} extra={<ExportTable request={request} table="summary" />}>
              <Headline stats={stats} />
            </Section>
            <Flows stats={stats} view={view} labels={labels} request={request} onGrain={(grain) => setView({ grain })} />
            <Composition stats={stats} labels={labels} request={request} />
            <Children view={view} labels={labels} request={request} onSort={(sort) => setView({ sort })} onDrill={drill} />
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Orgs stats={stats} labels={labels} request={request} />
              </Col>
              <Col xs={24} xl={10}>
                <Cadres stats={stats} labels={labels} request={request} />
              </Col>
            </Row>
            <Participation stats={stats} labels={labels} request={request} />
          </div>
        </Spin>
      )}
    </div>
  );
}
