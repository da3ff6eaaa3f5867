/** The hash-chained audit log, read-only, with server-side paging and filters. */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Input, Select, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { AuditEntry } from '@gonghui/contracts';
import { api } from '../api-client';
import type { AuditOutcome, AuditQuery } from '../api-client';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { OutcomeTag } from '../components/tags';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

const PAGE_SIZES = [10, 20, 50, 100];
const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

function readQuery(params: URLSearchParams): AuditQuery {
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const outcome = params.get('outcome');
  const action = params.get('action')?.trim().slice(0, 64);
  const actorName = params.get('actorName')?.trim().slice(0, 64);
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    outcome: OUTCOMES.find((o) => o === outcome),
    action: action || undefined,
    actorName: actorName || undefined,
  };
}

function Details({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const keys = Object.keys(entry.details);
  return (
    <div className="gh-audit-details" data-testid="audit-details">
      <div className="gh-audit-meta">
        <Typography.Text type="secondary">ID</Typography.Text> <Typography.Text code>{entry.id}</Typography.Text>
        <Typography.Text type="secondary"> · {t('audit.hash')}</Typography.Text>{' '}
        <Typography.Text code copyable className="gh-hash-full">
          {entry.hash}
        </Typography.Text>
      </div>
      {keys.length ? (
        <pre className="gh-json">{JSON.stringify(entry.details, null, 2)}</pre>
      ) : (
        <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>
      )}
    </div>
  );
}

export function AuditPage() {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const [action, setAction] = useState(query.action ?? '');
  const [actorName, setActorName] = useState(query.actorName ?? '');

  useEffect(() => setAction(query.action ?? ''), [query.action]);
  useEffect(() => setActorName(query.actorName ?? ''), [query.actorName]);

  const { data, error, loading, reload } = useApi(
    (signal) => api.audit(query, signal),
    [query.page, query.pageSize, query.outcome, query.action, query.actorName],
  );

  const update = (changes: Partial<Record<keyof AuditQuery, string | number | undefined>>, resetPage = true) => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (resetPage) next.delete('page');
      return next;
    });
  };

  const none = t('common.none');
  const columns: TableColumnsType<AuditEntry> = [
    {
      key: 'at',
      title: t('audit.time'),
      dataIndex: 'at',
      width: 165,
      fixed: isMobile ? undefined : 'left',
      render: (at: string) => <span className="gh-nowrap">{formatDateTime(at, lang)}</span>,
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      width: 130,
      render: (_, e) => (
        <span className="gh-stack">
          <span>{e.actorName ?? e.actorId ?? none}</span>
          <Typography.Text type="secondary" className="gh-small">
            {t(`actorType.${e.actorType}`)}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'action',
      title: t('audit.action'),
      dataIndex: 'action',
      width: 170,
      render: (a: string) => <Typography.Text code>{a}</Typography.Text>,
    },
    {
      key: 'object',
      title: t('audit.object'),
      width: 150,
      render: (_, e) =>
        e.objectType || e.objectId ? (
          <span className="gh-stack">
            <span>{e.objectType ?? none}</span>
            {e.objectId ? (
              <Typography.Text type="secondary" className="gh-small gh-mono">
                {e.objectId}
              </Typography.Text>
            ) : null}
          </span>
        ) : (
          none
        ),
    },
    {
      key: 'org',
      title: t('audit.org'),
      dataIndex: 'orgName',
      width: 160,
      render: (v: string | null) => (v ? <span className="gh-small">{v}</span> : none),
    },
    { key: 'ip', title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => (v ? <span className="gh-mono">{v}</span> : none) },
    {
      key: 'outcome',
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 80,
      render: (o: AuditOutcome) => <OutcomeTag outcome={o} />,
    },
    {
      key: 'hash',
      title: t('audit.hash'),
      dataIndex: 'hash',
      width: 130,
      render: (hash: string) => (
        <Tooltip title={<span className="gh-mono gh-break">{hash}</span>}>
          <Typography.Text code copyable={{ text: hash }} data-testid="audit-hash">
            {hash.length > 10 ? `${hash.slice(0, 10)}…` : hash}
          </Typography.Text>
        </Tooltip>
      ),
    },
  ];

  const pagination: TablePaginationConfig = {
    current: query.page,
    pageSize: query.pageSize,
    total: data?.total ?? 0,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: true,
    showTotal: (total) => t('common.total', { total }),
    simple: isMobile,
  };

  const filtered = Boolean(query.action || query.outcome || query.actorName);

  return (
    <div data-testid="audit-page">
      <PageHeader title={t('audit.title')} extra={<Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />} />
      <Alert type="info" showIcon className="gh-page-alert" title={t('audit.readOnly')} />
      <Card>
        <div className="gh-filters">
          <Input.Search
            value={action}
            onChange={(event) => setAction(event.target.value)}
            onSearch={(value) => update({ action: value.trim() })}
            placeholder={t('audit.actionFilter')}
            allowClear
            maxLength={64}
            className="gh-filter-name"
            data-testid="audit-action-filter"
          />
          <Input.Search
            value={actorName}
            onChange={(event) => setActorName(event.target.value)}
            onSearch={(value) => update({ actorName: value.trim() })}
            placeholder={t('audit.actorFilter')}
            allowClear
            maxLength={64}
            className="gh-filter-name"
            data-testid="audit-actor-filter"
          />
          <Select<AuditOutcome>
            value={query.outcome}
            onChange={(outcome) => update({ outcome })}
            allowClear
            placeholder={t('audit.outcomeFilter')}
            options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
            className="gh-filter-status"
            data-testid="audit-outcome-filter"
          />
          <Button onClick={() => setParams(new URLSearchParams())} disabled={!filtered && query.page === 1}>
            {t('common.reset')}
          </Button>
        </div>
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            pagination={pagination}
            onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize ?? query.pageSize }, false)}
            expandable={{ expandedRowRender: (entry) => <Details entry={entry} /> }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : t('audit.empty') }}
            data-testid="audit-table"
          />
        )}
      </Card>
    </div>
  );
}
