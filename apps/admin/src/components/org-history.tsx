/** The history of an organization (newest first) as a timeline of before/after field changes. */
import { Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import type { TimelineProps } from 'antd';
import type { OrgHistoryEntry } from '@gonghui/contracts';
import { api } from '../api-client';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';
import { LoadError } from './load-error';
import { formatOrgFieldValue, orgFieldLabel } from './org-form';

/** Explicit colours: the named "blue" dot follows the theme's (red) primary colour. */
const KIND_COLORS: Record<OrgHistoryEntry['kind'], string> = {
  created: '#52c41a',
  established: '#52c41a',
  changed: '#1677ff',
  edited: '#1677ff',
  deregistered: '#ff4d4f',
};
const TAG_COLORS: Record<OrgHistoryEntry['kind'], string> = {
  created: 'green',
  established: 'green',
  changed: 'blue',
  edited: 'geekblue',
  deregistered: 'red',
};

interface FieldChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** Ids mean nothing to people; the organization path already shows where it sits. */
const HIDDEN_KEYS = new Set(['id', 'parentId', 'path', 'depth']);

function changesOf(entry: OrgHistoryEntry): FieldChange[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((key) => !HIDDEN_KEYS.has(key))
    .filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .map((key) => ({ key, before: before[key], after: after[key] }));
}

function Changes({ entry }: { entry: OrgHistoryEntry }) {
  const { t, lang } = useI18n();
  const changes = changesOf(entry);
  if (!changes.length) return null;
  const onlyAfter = entry.before === null;
  return (
    <ul className="gh-changes" data-testid="org-history-changes">
      {changes.map((c) => (
        <li key={c.key}>
          <Typography.Text type="secondary">{orgFieldLabel(c.key, t)}：</Typography.Text>
          {onlyAfter ? null : (
            <>
              <Typography.Text delete type="secondary">
                {formatOrgFieldValue(c.key, c.before, t, lang)}
              </Typography.Text>
              <span className="gh-arrow"> → </span>
            </>
          )}
          <Typography.Text>{formatOrgFieldValue(c.key, c.after, t, lang)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

export function OrgHistory({ orgId, version }: { orgId: string; version: number }) {
  const { t, lang } = useI18n();
  const { data, error, loading, reload } = useApi((signal) => api.orgHistory(orgId, signal), [orgId, version]);

  if (error) return <LoadError error={error} onRetry={reload} compact />;
  if (!data || (loading && !data.items.length)) return <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  if (!data.items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgHistory.empty')} />;

  const items: NonNullable<TimelineProps['items']> = data.items.map((entry) => ({
    key: entry.id,
    color: KIND_COLORS[entry.kind],
    content: (
      <div data-testid="org-history-entry" data-kind={entry.kind}>
        <div className="gh-timeline-head">
          <Tag color={TAG_COLORS[entry.kind]}>{t(`orgHistory.${entry.kind}`)}</Tag>
          <Typography.Text className="gh-nowrap">{formatDateTime(entry.at, lang)}</Typography.Text>
          {entry.actor ? <Typography.Text type="secondary">{t('orgHistory.by', { actor: entry.actor })}</Typography.Text> : null}
          {entry.applicationId ? (
            <Typography.Text type="secondary" className="gh-small">
              {t('orgHistory.viaApplication')}
            </Typography.Text>
          ) : null}
        </div>
        <Changes entry={entry} />
      </div>
    ),
  }));

  return <Timeline items={items} data-testid="org-history" />;
}
