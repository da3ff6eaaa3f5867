/**
 * "活动管理": the activities of the admin's scope (first come first served grabs and lotteries),
 * filtered by status and title, with places left at a glance.
 */
import { useMemo } from 'react';
import type { HTMLAttributes, MouseEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Input, Progress, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ACTIVITY_STATUSES, adminActivityQuerySchema } from '@gonghui/contracts';
import type { Activity, ActivityStatus } from '@gonghui/contracts';
import { entrantTotals } from '../activity-state';
import { api } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { readQueryParams, updateQueryParams } from '../components/query-params';
import { ActivityModeTag, ActivityStatusTag } from '../components/tags';
import { ResetFiltersButton, usePagedTable } from '../components/paged-table';
import { formatChinaDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

/** Places left and capacity over all sessions. */
export function placesOf(activity: Pick<Activity, 'sessions'>): { remaining: number; capacity: number } {
  let remaining = 0;
  let capacity = 0;
  for (const session of activity.sessions) {
    remaining += session.remaining;
    capacity += session.capacity;
  }
  return { remaining, capacity };
}

/** A lottery: how many registered for how many places (and how many per place). */
function EntrantsCell({ activity }: { activity: Activity }) {
  const { t, lang } = useI18n();
  const { entrants, places } = entrantTotals(activity);
  const ratio = places && entrants > places ? (entrants / places).toFixed(1) : null;
  return (
    <span className="gh-stack gh-activity-places" data-testid="activity-entrants" data-entrants={entrants} data-capacity={places}>
      <span className="gh-nowrap">
        <Typography.Text strong>{t('activities.entrants', { entrants: formatNumber(entrants, lang) })}</Typography.Text>
        <Typography.Text type="secondary"> / {formatNumber(places, lang)}</Typography.Text>
      </span>
      {ratio ? (
        <Typography.Text type="secondary" className="gh-small">
          {t('activities.perPlace', { ratio })}
        </Typography.Text>
      ) : null}
    </span>
  );
}

function PlacesCell({ activity }: { activity: Activity }) {
  const { t, lang } = useI18n();
  if (activity.mode === 'lottery' && activity.status !== 'draft') return <EntrantsCell activity={activity} />;
  const { remaining, capacity } = placesOf(activity);
  const waiting = activity.waitingList ? entrantTotals(activity).entrants : 0;
  const taken = capacity ? Math.round(((capacity - remaining) / capacity) * 100) : 0;
  return (
    <span className="gh-stack gh-activity-places" data-testid="activity-places" data-remaining={remaining} data-capacity={capacity}>
      <span className="gh-nowrap">
        <Typography.Text strong>{formatNumber(remaining, lang)}</Typography.Text>
        <Typography.Text type="secondary"> / {formatNumber(capacity, lang)}</Typography.Text>
      </span>
      <Progress percent={taken} size="small" showInfo={false} strokeColor={remaining === 0 ? '#8c8c8c' : undefined} aria-label={t('activities.placesTaken', { percent: taken })} />
      {waiting ? (
        <Typography.Text type="secondary" className="gh-small" data-testid="activity-waiting">
          {t('activities.waiting', { count: formatNumber(waiting, lang) })}
        </Typography.Text>
      ) : null}
    </span>
  );
}

export function ActivitiesPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQueryParams(params, adminActivityQuerySchema), [params]);
  const canWrite = can('activity.write');

  const { data, error, loading, reload } = useApi((signal) => api.activities(query, signal), [query.page, query.pageSize, query.q, query.status]);

  const columns: TableColumnsType<Activity> = [
    {
      key: 'title',
      title: t('activities.titleColumn'),
      width: 220,
      render: (_, a) => (
        <span className="gh-activity-title-cell">
          {a.coverUrl && !isMobile ? <img src={api.activityCoverSrc(a.id, a.coverUrl)} alt="" loading="lazy" className="gh-activity-thumb" data-testid="activity-thumb" /> : null}
          <span className="gh-stack">
            <Link to={`/activities/${encodeURIComponent(a.id)}`} data-testid="activity-link">
              {a.title}
            </Link>
            <Typography.Text type="secondary" className="gh-small">
              {t('activities.id', { id: a.id })}
              {isMobile ? (
                <>
                  {' '}
                  <ActivityStatusTag status={a.status} />
                </>
              ) : null}
            </Typography.Text>
          </span>
        </span>
      ),
    },
    { key: 'org', title: t('activities.org'), width: 170, render: (_, a) => a.org.name },
    { key: 'mode', title: t('activities.mode'), width: 90, render: (_, a) => <ActivityModeTag mode={a.mode} /> },
    {
      key: 'window',
      title: t('activities.window'),
      width: 165,
      render: (_, a) => (
        <span className="gh-stack gh-small gh-nowrap">
          <span>{formatChinaDateTime(a.windowStart, lang)}</span>
          <Typography.Text type="secondary" className="gh-small">
            {t('activities.until', { time: formatChinaDateTime(a.windowEnd, lang) })}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'sessions', title: t('activities.sessionCount'), width: 64, align: 'right', render: (_, a) => formatNumber(a.sessions.length, lang) },
    { key: 'places', title: t('activities.places'), width: 130, render: (_, a) => <PlacesCell activity={a} /> },
    { key: 'status', title: t('activities.status'), width: 84, render: (_, a) => <ActivityStatusTag status={a.status} /> },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 76,
      render: (_, a) =>
        a.status === 'draft' ? (
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            className="gh-link-button"
            onClick={(event) => {
              event.stopPropagation();
              navigate(`/activities/${encodeURIComponent(a.id)}/edit`);
            }}
            data-testid="activity-edit"
          >
            {t('common.edit')}
          </Button>
        ) : null,
    });
  }

  const paged = usePagedTable(query, data?.total, setParams);

  const filtered = Boolean(query.q || query.status);

  return (
    <div data-testid="activities-page">
      <PageHeader
        title={t('activities.title')}
        subTitle={t('activities.subtitle')}
        extra={
          <Space wrap>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/activities/new')} data-testid="activity-create">
                {t('activities.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <div className="gh-filters">
          <Input.Search
            defaultValue={query.q}
            key={query.q ?? ''}
            allowClear
            maxLength={50}
            placeholder={t('activities.search')}
            onSearch={(q) => updateQueryParams(setParams, { q: q.trim() || undefined })}
            className="gh-filter-name"
            data-testid="activities-search"
          />
          <Select<ActivityStatus>
            value={query.status}
            allowClear
            placeholder={t('activities.allStatuses')}
            onChange={(status) => updateQueryParams(setParams, { status })}
            options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`activityStatus.${s}`) }))}
            className="gh-filter-status"
            data-testid="activities-status-filter"
          />
          <ResetFiltersButton setParams={setParams} filtered={filtered} page={query.page} />
        </div>
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<Activity>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            {...paged}
            rowClassName={() => 'gh-row-clickable'}
            onRow={(a) =>
              ({
                'data-testid': `activity-row-${a.id}`,
                'data-status': a.status,
                onClick: (event: MouseEvent<HTMLElement>) => {
                  if ((event.target as HTMLElement).closest('a,button')) return;
                  navigate(`/activities/${encodeURIComponent(a.id)}`);
                },
              }) as HTMLAttributes<HTMLElement>
            }
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : filtered ? t('activities.emptyFiltered') : t('activities.empty') }}
            data-testid="activities-table"
          />
        )}
      </Card>
    </div>
  );
}
