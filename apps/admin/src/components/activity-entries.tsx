/**
 * The entries of an activity: a lottery's registrations (rank in the draw order, confirm-by of the
 * winners) or a first-come-first-served waiting list (who waits, in line order), filtered by status
 * and session. Phones come masked from the server.
 */
import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Activity, EntryStatus } from '@gonghui/contracts';
import { defaultEntryStatus, entryStatusesFor } from '../activity-state';
import { api } from '../api-client';
import type { AdminEntry } from '../api-client';
import { formatChinaDateTime } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';
import { LoadError } from './load-error';
import { useMemberColumns } from './member-columns';
import { useLocalPaging } from './paged-table';
import { EntryStatusTag } from './tags';

function ConfirmBy({ entry }: { entry: AdminEntry }) {
  const { t, lang } = useI18n();
  // The deadline matters while a winner has it, and explains an expiry; a confirmed place has none left.
  if (!entry.confirmBy || (entry.status !== 'won' && entry.status !== 'expired')) return <>{t('common.none')}</>;
  // A winner past the deadline is moved on by the server's next expiry run.
  const overdue = entry.status === 'won' && Date.parse(entry.confirmBy) < Date.now();
  return (
    <span className="gh-nowrap">
      {formatChinaDateTime(entry.confirmBy, lang)}
      {overdue ? (
        <Typography.Text type="warning" className="gh-small">
          {' '}
          {t('entries.overdue')}
        </Typography.Text>
      ) : null}
    </span>
  );
}

export function EntriesPanel({ activity }: { activity: Activity }) {
  const { t, lang } = useI18n();
  const lottery = activity.mode === 'lottery';
  const [status, setStatus] = useState<EntryStatus | undefined>(() => defaultEntryStatus(activity));
  const [sessionId, setSessionId] = useState<string | undefined>(undefined);
  const paging = useLocalPaging();
  const { page, pageSize } = paging.query;
  const { data, error, loading, reload } = useApi(
    (signal) => api.activityEntries(activity.id, { page, pageSize, status, sessionId }, signal),
    [activity.id, page, pageSize, status, sessionId],
  );
  const memberColumns = useMemberColumns<AdminEntry>();
  const manySessions = activity.sessions.length > 1;
  // Ranks, deadlines and places in line exist once a lottery is drawn; a waiting list has places from the start.
  const ordered = !lottery || Boolean(activity.lottery?.drawnAt);
  const none = t('common.none');

  const columns: TableColumnsType<AdminEntry> = [
    ...memberColumns,
    ...(manySessions ? [{ key: 'session', title: t('entries.session'), width: 200, render: (_: unknown, r: AdminEntry) => r.sessionName }] : []),
    { key: 'status', title: t('entries.status'), width: 110, render: (_, r) => <EntryStatusTag status={r.status} /> },
    ...(lottery && ordered
      ? [
          { key: 'rank', title: t('entries.rank'), width: 90, align: 'right' as const, render: (_: unknown, r: AdminEntry) => <span className="gh-mono">{r.rank ?? none}</span> },
          { key: 'confirmBy', title: t('entries.confirmBy'), width: 170, render: (_: unknown, r: AdminEntry) => <ConfirmBy entry={r} /> },
        ]
      : []),
    ...(ordered
      ? [{ key: 'position', title: t('entries.position'), width: 90, align: 'right' as const, render: (_: unknown, r: AdminEntry) => <span className="gh-mono">{r.position ?? none}</span> }]
      : []),
    {
      key: 'createdAt',
      title: t(lottery ? 'entries.createdAtLottery' : 'entries.createdAtWaiting'),
      width: 170,
      render: (_, r) => <span className="gh-nowrap">{formatChinaDateTime(r.createdAt, lang, true)}</span>,
    },
    { key: 'ticket', title: t('entries.ticket'), width: 100, render: (_, r) => (r.ticketId ? <span className="gh-mono">{t('entries.ticketNo', { id: r.ticketId })}</span> : none) },
  ];

  const filtered = status !== undefined || sessionId !== undefined;
  const emptyText = filtered ? t('entries.emptyFiltered') : t(lottery ? 'entries.emptyLottery' : 'entries.emptyWaiting');

  return (
    <Card
      size="small"
      title={t(lottery ? 'entries.titleLottery' : 'entries.titleWaiting')}
      extra={
        <Space size={8}>
          <Typography.Text type="secondary" className="gh-small">
            {t('entries.masked')}
          </Typography.Text>
          <Button size="small" icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
        </Space>
      }
    >
      <div className="gh-filters">
        <Select<EntryStatus>
          value={status}
          allowClear
          placeholder={t('entries.allStatuses')}
          onChange={(value) => {
            setStatus(value);
            paging.firstPage();
          }}
          options={entryStatusesFor(activity).map((s) => ({ value: s, label: t(`entryStatus.${s}`) }))}
          className="gh-filter-status"
          data-testid="entries-status-filter"
        />
        {manySessions ? (
          <Select<string>
            value={sessionId}
            allowClear
            placeholder={t('entries.allSessions')}
            onChange={(value) => {
              setSessionId(value);
              paging.firstPage();
            }}
            options={activity.sessions.map((s) => ({ value: s.id, label: s.name }))}
            className="gh-filter-name"
            popupMatchSelectWidth={false}
            data-testid="entries-session-filter"
          />
        ) : null}
      </div>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Table<AdminEntry>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          {...paging.table(data?.total)}
          onRow={(r) => ({ 'data-testid': `entry-row-${r.id}`, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: loading ? ' ' : emptyText }}
          data-testid="activity-entries"
        />
      )}
    </Card>
  );
}
