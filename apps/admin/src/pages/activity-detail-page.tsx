/**
 * One activity: its rules and sessions, the live view of a grab (polled every 2 s while the page
 * is visible), the tickets handed out, and for a lottery what anyone needs to verify the draw.
 */
import { useEffect, useMemo, useState } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Empty, Progress, Row, Skeleton, Space, Statistic, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { DescriptionsProps, TableColumnsType } from 'antd';
import { ArrowLeftOutlined, EditOutlined, ReloadOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import type { Activity, ActivityLive } from '@gonghui/contracts';
import { ApiError, api, isAbortError } from '../api-client';
import type { AdminTicket } from '../api-client';
import { useAuth } from '../auth';
import { hasEntries } from '../activity-state';
import { useActivityActions } from '../components/activity-actions';
import { ActivityCoverCard } from '../components/activity-cover';
import { EntriesPanel } from '../components/activity-entries';
import { LotteryPanel } from '../components/activity-lottery';
import { LoadError } from '../components/load-error';
import { useMemberColumns } from '../components/member-columns';
import { PageHeader } from '../components/page-header';
import { useLocalPaging } from '../components/paged-table';
import { RateChart } from '../components/rate-chart';
import { RichText } from '../components/rich-text';
import { ActivityModeTag, ActivityStatusTag, TicketStatusTag } from '../components/tags';
import { formatChinaDateTime, formatChinaTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useApi } from '../use-api';

const POLL_MS = 2000;
/** Open the live view by default from this long before the window until this long after. */
const LIVE_MARGIN_MS = 30 * 60 * 1000;
const TABS = ['overview', 'live', 'tickets', 'entries', 'lottery'] as const;
type TabKey = (typeof TABS)[number];

/** Refusal codes of the grab with a label of their own; others show their code. */
const REFUSAL_LABELS: Record<string, MessageKey> = {
  SOLD_OUT: 'refusal.SOLD_OUT',
  NOT_OPEN: 'refusal.NOT_OPEN',
  LIMIT_REACHED: 'refusal.LIMIT_REACHED',
  NOT_ELIGIBLE: 'refusal.NOT_ELIGIBLE',
  RATE_LIMITED: 'refusal.RATE_LIMITED',
  ACTIVITY_NOT_FOUND: 'refusal.ACTIVITY_NOT_FOUND',
};

function isTab(value: string | null): value is TabKey {
  return value !== null && (TABS as readonly string[]).includes(value);
}

function inGrabTime(activity: Activity, now = Date.now()): boolean {
  const start = Date.parse(activity.windowStart) - activity.waitingRoomMinutes * 60_000 - LIVE_MARGIN_MS;
  const end = Date.parse(activity.windowEnd) + LIVE_MARGIN_MS;
  return now >= start && now <= end;
}

/** Poll the live view every 2 s (only while the tab is visible); `once` loads it a single time. */
function useLive(id: string, mode: 'poll' | 'once') {
  const [data, setData] = useState<ActivityLive | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    let controller: AbortController | null = null;
    const tick = async () => {
      if (document.visibilityState === 'visible' || mode === 'once') {
        controller = new AbortController();
        try {
          const live = await api.activityLive(id, controller.signal);
          if (stopped) return;
          setData(live);
          setError(null);
        } catch (err) {
          if (stopped || isAbortError(err)) return;
          setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK_ERROR', String(err)));
        }
      }
      if (!stopped && mode === 'poll') timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      controller?.abort();
      window.clearTimeout(timer);
    };
  }, [id, mode, version]);

  return { data, error, reload: () => setVersion((v) => v + 1) };
}

function BigNumber({ title, value, testId, suffix, tone }: { title: ReactNode; value: number; testId: string; suffix?: ReactNode; tone?: 'good' | 'bad' | 'muted' }) {
  const { lang } = useI18n();
  return (
    <Card className={`gh-live-stat${tone ? ` gh-live-stat-${tone}` : ''}`} size="small">
      <Statistic title={title} value={value} formatter={(v) => <span data-testid={testId} data-value={value}>{formatNumber(Number(v), lang)}</span>} suffix={suffix} />
    </Card>
  );
}

function LivePanel({ activity }: { activity: Activity }) {
  const { t, lang } = useI18n();
  const [paused, setPaused] = useState(false);
  const polling = activity.status === 'published' && !paused;
  const { data, error, reload } = useLive(activity.id, polling ? 'poll' : 'once');

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;

  const remaining = data.sessions.reduce((sum, s) => sum + s.remaining, 0);
  const capacity = data.sessions.reduce((sum, s) => sum + s.capacity, 0);
  const lastSecond = data.requestsPerSecond[data.requestsPerSecond.length - 1]?.requests ?? 0;
  const refusals = Object.entries(data.refusals).sort((a, b) => b[1] - a[1]);
  const refusalTotal = refusals.reduce((sum, [, n]) => sum + n, 0);
  const maxRefusal = refusals[0]?.[1] ?? 0;

  return (
    <div className="gh-live" data-testid="live-panel" data-polling={polling}>
      <div className="gh-live-head">
        <Space wrap size={8}>
          {polling ? (
            <Tag color="red" className="gh-live-dot">
              {t('live.on')}
            </Tag>
          ) : (
            <Tag>{activity.status === 'published' ? t('live.paused') : t('live.final')}</Tag>
          )}
          <Typography.Text type="secondary" data-testid="live-updated">
            {t('live.updatedAt', { time: formatChinaTime(data.at, lang) })}
          </Typography.Text>
          {error ? <Typography.Text type="warning">{t('live.stale', { message: error.message })}</Typography.Text> : null}
        </Space>
        {activity.status === 'published' ? (
          <Space size={6}>
            <Typography.Text type="secondary">{t('live.autoRefresh')}</Typography.Text>
            <Switch size="small" checked={!paused} onChange={(on) => setPaused(!on)} data-testid="live-toggle" />
          </Space>
        ) : (
          <Button size="small" icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        )}
      </div>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <BigNumber title={t('live.allocations')} value={data.allocations} testId="live-allocations" tone="good" />
        </Col>
        <Col xs={12} md={6}>
          <BigNumber
            title={t('live.remaining')}
            value={remaining}
            testId="live-remaining-total"
            suffix={<span className="gh-live-of">/ {formatNumber(capacity, lang)}</span>}
            tone={remaining === 0 ? 'muted' : undefined}
          />
        </Col>
        <Col xs={12} md={6}>
          <BigNumber title={t('live.rps')} value={lastSecond} testId="live-rps" />
        </Col>
        <Col xs={12} md={6}>
          <BigNumber title={t('live.refusals')} value={refusalTotal} testId="live-refusals-total" tone={refusalTotal ? 'bad' : undefined} />
        </Col>
      </Row>
      <Typography.Title level={5} className="gh-section-title">
        {t('live.sessions')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {data.sessions.map((s) => {
          const percent = s.capacity ? Math.round((s.allocated / s.capacity) * 100) : 0;
          return (
            <Col xs={24} sm={12} xl={8} key={s.id}>
              <Card size="small" className="gh-live-session" data-testid={`live-session-${s.id}`}>
                <div className="gh-live-session-name" title={s.name}>
                  {s.name}
                </div>
                <div className="gh-live-session-main">
                  <span className={`gh-live-big${s.remaining === 0 ? ' gh-live-big-out' : ''}`} data-testid={`live-remaining-${s.id}`} data-value={s.remaining}>
                    {formatNumber(s.remaining, lang)}
                  </span>
                  <span className="gh-live-session-unit">{s.remaining === 0 ? t('live.soldOut') : t('live.left')}</span>
                </div>
                <Progress percent={percent} size="small" showInfo={false} status={s.remaining === 0 ? 'success' : 'active'} />
                <div className="gh-live-session-meta">
                  <span>{t('live.allocatedOf', { allocated: formatNumber(s.allocated, lang), capacity: formatNumber(s.capacity, lang) })}</span>
                  <span>{t('live.checkedIn', { count: formatNumber(s.checkedIn, lang) })}</span>
                </div>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Row gutter={[12, 12]} className="gh-live-charts">
        <Col xs={24} xl={16}>
          <Card size="small" title={t('live.chartTitle')}>
            {data.requestsPerSecond.length ? <RateChart points={data.requestsPerSecond} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('live.noRequests')} />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('live.refusalsTitle')} className="gh-live-refusals-card">
            {refusals.length ? (
              <ul className="gh-refusals" data-testid="live-refusals">
                {refusals.map(([code, count]) => {
                  const label = REFUSAL_LABELS[code];
                  return (
                    <li key={code} data-code={code}>
                      <span className="gh-refusal-label">
                        {label ? t(label) : code}
                        {label ? <span className="gh-refusal-code">{code}</span> : null}
                      </span>
                      <span className="gh-refusal-bar">
                        <span style={{ width: `${maxRefusal ? Math.max(2, (count / maxRefusal) * 100) : 0}%` }} />
                      </span>
                      <span className="gh-refusal-count">{formatNumber(count, lang)}</span>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('live.noRefusals')} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function OrgNames({ ids }: { ids: string[] }) {
  const { t } = useI18n();
  const shown = ids.slice(0, 20);
  const { data } = useApi(
    (signal) => Promise.all(shown.map((id) => api.org(id, signal).then((org) => org.name).catch(() => id))),
    [shown.join(',')],
    shown.length > 0,
  );
  if (!ids.length) return <>{t('activity.audienceAllOrgs')}</>;
  const names = data ?? shown;
  return (
    <span className="gh-tags">
      {names.map((name, index) => (
        <Tag key={shown[index]}>{name}</Tag>
      ))}
      {ids.length > shown.length ? <Typography.Text type="secondary">{t('activity.andMore', { count: ids.length - shown.length })}</Typography.Text> : null}
    </span>
  );
}

function Overview({ activity, canWrite, onChanged }: { activity: Activity; canWrite: boolean; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const none = t('common.none');
  const { audience } = activity;
  const lottery = activity.mode === 'lottery';

  const rules: DescriptionsProps['items'] = [
    { key: 'org', label: t('activities.org'), children: activity.org.name },
    { key: 'mode', label: t('activities.mode'), children: <ActivityModeTag mode={activity.mode} /> },
    {
      key: 'window',
      label: t(lottery ? 'activity.registerWindow' : 'activity.window'),
      children: (
        <span data-testid="activity-window">
          {formatChinaDateTime(activity.windowStart, lang)} – {formatChinaDateTime(activity.windowEnd, lang)}
          <Typography.Text type="secondary" className="gh-small">
            {' '}
            {t('activity.chinaTime')}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'limit', label: t('activity.limit'), children: t('activity.limitValue', { n: activity.perMemberLimit }) },
    { key: 'waitingList', label: t('activity.waitingList'), children: activity.waitingList ? t('common.yes') : t('common.no') },
    ...(lottery ? [{ key: 'confirm', label: t('activity.confirmHours'), children: t('activity.hoursValue', { n: activity.confirmHours }) }] : []),
    { key: 'pow', label: t('activity.pow'), children: activity.powDifficulty ? t('activity.bitsValue', { n: activity.powDifficulty }) : t('activity.off') },
    { key: 'room', label: t('activity.waitingRoom'), children: activity.waitingRoomMinutes ? t('activity.minutesValue', { n: activity.waitingRoomMinutes }) : t('activity.off') },
  ];

  const who: DescriptionsProps['items'] = [
    { key: 'orgs', label: t('activity.audienceOrgs'), children: <OrgNames ids={audience.orgIds} /> },
    { key: 'industries', label: t('activity.industries'), children: audience.industries.length ? audience.industries.join('、') : t('activity.noLimit') },
    {
      key: 'seniority',
      label: t('activity.minSeniority'),
      children: audience.minSeniorityYears !== null ? t('activity.yearsValue', { n: audience.minSeniorityYears }) : t('activity.noLimit'),
    },
    {
      key: 'age',
      label: t('activity.ageRange'),
      children:
        audience.minAge === null && audience.maxAge === null
          ? t('activity.noLimit')
          : t('activity.ageValue', { min: audience.minAge ?? '—', max: audience.maxAge ?? '—' }),
    },
    { key: 'hometowns', label: t('activity.hometowns'), children: audience.hometownProvinces.length ? audience.hometownProvinces.join('、') : t('activity.noLimit') },
  ];

  const sessionColumns: TableColumnsType<Activity['sessions'][number]> = [
    { key: 'name', title: t('activity.sessionName'), dataIndex: 'name' },
    { key: 'startsAt', title: t('activity.sessionStarts'), width: 150, render: (_, s) => <span className="gh-nowrap">{formatChinaDateTime(s.startsAt, lang)}</span> },
    { key: 'capacity', title: t('activity.sessionCapacity'), width: 76, align: 'right', render: (_, s) => formatNumber(s.capacity, lang) },
    { key: 'remaining', title: t('activity.sessionRemaining'), width: 76, align: 'right', render: (_, s) => formatNumber(s.remaining, lang) },
    ...(lottery || activity.waitingList
      ? [
          {
            key: 'entrants',
            title: t(lottery ? 'activity.sessionEntrants' : 'activity.sessionWaiting'),
            width: 76,
            align: 'right' as const,
            render: (_: unknown, s: Activity['sessions'][number]) => formatNumber(s.entrants, lang),
          },
        ]
      : []),
    { key: 'checkedIn', title: t('activity.sessionCheckedIn'), width: 84, align: 'right', render: (_, s) => formatNumber(s.checkedIn, lang) },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('activity.sessions')} size="small" className="gh-detail-card">
          <Table
            rowKey="id"
            size="small"
            columns={sessionColumns}
            dataSource={activity.sessions}
            pagination={false}
            scroll={{ x: 560 }}
            onRow={(s) => ({ 'data-testid': `session-${s.id}` }) as HTMLAttributes<HTMLElement>}
            data-testid="activity-sessions"
          />
        </Card>
        <Card title={t('activity.description')} size="small" className="gh-detail-card">
          {activity.descriptionHtml ? <RichText html={activity.descriptionHtml} data-testid="activity-description-view" /> : <Typography.Text type="secondary">{none}</Typography.Text>}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <ActivityCoverCard activity={activity} editable={canWrite && activity.status !== 'cancelled'} onChange={onChanged} />
        <Card title={t('activity.rules')} size="small" className="gh-detail-card">
          <Descriptions size="small" column={1} items={rules} data-testid="activity-rules" />
        </Card>
        <Card title={t('activity.audience')} size="small" className="gh-detail-card">
          <Descriptions size="small" column={1} items={who} data-testid="activity-audience" />
        </Card>
      </Col>
    </Row>
  );
}

function TicketsTab({ activity }: { activity: Activity }) {
  const { t, lang } = useI18n();
  const paging = useLocalPaging();
  const { page, pageSize } = paging.query;
  const { data, error, loading, reload } = useApi((signal) => api.activityTickets(activity.id, { page, pageSize }, signal), [activity.id, page, pageSize]);
  const memberColumns = useMemberColumns<AdminTicket>();

  const columns: TableColumnsType<AdminTicket> = [
    ...memberColumns,
    { key: 'session', title: t('tickets.session'), width: 220, render: (_, r) => r.sessionName },
    { key: 'seat', title: t('tickets.seat'), width: 80, align: 'right', render: (_, r) => <span className="gh-mono">{r.seatNo}</span> },
    { key: 'n', title: t('tickets.n'), width: 70, align: 'right', render: (_, r) => r.n },
    { key: 'status', title: t('tickets.status'), width: 90, render: (_, r) => <TicketStatusTag status={r.status} /> },
    { key: 'createdAt', title: t('tickets.createdAt'), width: 170, render: (_, r) => <span className="gh-nowrap">{formatChinaDateTime(r.createdAt, lang, true)}</span> },
    { key: 'checkedInAt', title: t('tickets.checkedInAt'), width: 170, render: (_, r) => <span className="gh-nowrap">{formatChinaDateTime(r.checkedInAt, lang, true)}</span> },
  ];

  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <Card size="small" extra={<Button size="small" icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} />} title={t('tickets.title')}>
      <Table<AdminTicket>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        {...paging.table(data?.total)}
        onRow={(r) => ({ 'data-testid': `ticket-row-${r.id}`, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: loading ? ' ' : t('tickets.empty') }}
        data-testid="activity-tickets"
      />
    </Card>
  );
}

export function ActivityDetailPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const actions = useActivityActions();
  const { data, error, loading, reload } = useApi((signal) => api.activity(id, signal), [id]);
  const activity = data && data.id === id ? data : undefined;
  const canWrite = can('activity.write');
  const [busy, setBusy] = useState(false);

  const tabParam = params.get('tab');
  const defaultTab: TabKey = useMemo(() => {
    if (!activity) return 'overview';
    // A lottery's story once registration opens is its entrants, digests and draw.
    if (activity.mode === 'lottery' && activity.status !== 'draft' && activity.status !== 'cancelled' && Date.now() >= Date.parse(activity.windowStart)) return 'lottery';
    return activity.status === 'published' && inGrabTime(activity) ? 'live' : 'overview';
  }, [activity]);
  let tab: TabKey = isTab(tabParam) ? tabParam : defaultTab;
  if (activity && tab === 'lottery' && activity.mode !== 'lottery') tab = 'overview';
  if (activity && tab === 'entries' && !hasEntries(activity)) tab = 'overview';
  if (activity && activity.status === 'draft' && (tab === 'live' || tab === 'tickets')) tab = 'overview';

  const back = () => {
    if (location.key !== 'default') navigate(-1);
    else navigate('/activities');
  };

  const publish = async () => {
    if (!activity) return;
    setBusy(true);
    const published = await actions.confirmPublish({ mode: activity.mode, title: activity.title, before: async () => activity.id });
    setBusy(false);
    if (published) reload();
  };

  const cancel = async () => {
    if (!activity) return;
    setBusy(true);
    const cancelled = await actions.confirmCancel(activity);
    setBusy(false);
    if (cancelled) reload();
  };

  const headerActions =
    activity && canWrite ? (
      <>
        {activity.status === 'draft' ? (
          <>
            <Button icon={<EditOutlined />} onClick={() => navigate(`/activities/${encodeURIComponent(activity.id)}/edit`)} data-testid="activity-edit">
              {t('common.edit')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} onClick={() => void publish()} loading={busy} data-testid="activity-publish">
              {t('activity.publish')}
            </Button>
          </>
        ) : null}
        {activity.status === 'draft' || activity.status === 'published' ? (
          <Button danger icon={<StopOutlined />} onClick={() => void cancel()} disabled={busy} data-testid="activity-cancel">
            {t('activity.cancelActivity')}
          </Button>
        ) : null}
      </>
    ) : null;

  let body;
  if (error) {
    body = <LoadError error={error} onRetry={reload} />;
  } else if (!activity) {
    body = (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  } else {
    const items = [
      {
        key: 'overview',
        label: t('activity.tabOverview'),
        children: tab === 'overview' ? <Overview activity={activity} canWrite={canWrite} onChanged={reload} /> : null,
      },
      ...(activity.status !== 'draft'
        ? [
            { key: 'live', label: <span data-testid="tab-live">{t('activity.tabLive')}</span>, children: tab === 'live' ? <LivePanel activity={activity} /> : null },
            { key: 'tickets', label: <span data-testid="tab-tickets">{t('activity.tabTickets')}</span>, children: tab === 'tickets' ? <TicketsTab activity={activity} /> : null },
          ]
        : []),
      ...(hasEntries(activity)
        ? [
            {
              key: 'entries',
              label: <span data-testid="tab-entries">{t(activity.mode === 'lottery' ? 'activity.tabEntries' : 'activity.tabWaitingList')}</span>,
              children: tab === 'entries' ? <EntriesPanel activity={activity} /> : null,
            },
          ]
        : []),
      ...(activity.mode === 'lottery'
        ? [{ key: 'lottery', label: <span data-testid="tab-lottery">{t('activity.tabLottery')}</span>, children: tab === 'lottery' ? <LotteryPanel activity={activity} onChanged={reload} /> : null }]
        : []),
    ];
    body = (
      <>
        {activity.status === 'draft' ? <Alert type="info" showIcon className="gh-page-alert" title={t('activity.draftNotice')} /> : null}
        {activity.status === 'cancelled' ? <Alert type="warning" showIcon className="gh-page-alert" title={t('activity.cancelledNotice')} /> : null}
        <Tabs
          activeKey={tab}
          onChange={(key) =>
            setParams(
              (previous) => {
                const next = new URLSearchParams(previous);
                next.set('tab', key);
                return next;
              },
              { replace: true },
            )
          }
          items={items}
          className="gh-activity-tabs"
          data-testid="activity-tabs"
        />
      </>
    );
  }

  return (
    <div data-testid="activity-detail-page">
      <PageHeader
        title={
          <Space wrap size={8}>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('activity.back')} title={t('activity.back')} data-testid="activity-back" />
            <span data-testid="activity-detail-title">{activity?.title ?? t('activity.detailTitle')}</span>
            {activity ? <ActivityStatusTag status={activity.status} /> : null}
            {activity ? <ActivityModeTag mode={activity.mode} /> : null}
          </Space>
        }
        extra={
          <Space wrap>
            {headerActions}
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
          </Space>
        }
      />
      {body}
    </div>
  );
}
