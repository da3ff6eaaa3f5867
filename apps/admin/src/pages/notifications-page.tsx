/**
 * "提醒": the unions' inbox — members held at a union for over 90 days, members who transferred
 * out. Title and body come rendered in the request's language; marking read updates the badge.
 */
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Badge, Button, Card, Checkbox, Empty, Pagination, Skeleton, Space, Typography } from 'antd';
import { CheckOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { notificationQuerySchema } from '@gonghui/contracts';
import type { Notification } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import { LoadError } from '../components/load-error';
import { PageHeader } from '../components/page-header';
import { PAGE_SIZES, readQueryParams, updateQueryParams } from '../components/query-params';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useQueueCounts } from '../queue-counts';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

function NotificationItem({ item, onMarkRead, marking }: { item: Notification; onMarkRead: (id: string) => void; marking: boolean }) {
  const { t, lang } = useI18n();
  const cardNo = item.params.cardNo;
  return (
    <li className={`gh-notification${item.read ? '' : ' gh-notification-unread'}`} data-testid="notification-item" data-read={item.read} data-kind={item.kind}>
      <div className="gh-notification-head">
        <Badge status={item.read ? 'default' : 'error'} />
        <Typography.Text strong={!item.read} className="gh-notification-title">
          {item.title}
        </Typography.Text>
        <Typography.Text type="secondary" className="gh-small gh-nowrap gh-notification-time">
          {formatDateTime(item.createdAt, lang)}
        </Typography.Text>
      </div>
      <Typography.Paragraph className="gh-notification-body">{item.body}</Typography.Paragraph>
      <Space size={4} wrap>
        {cardNo !== undefined ? (
          <Link to={`/members?cardNo=${encodeURIComponent(String(cardNo))}`}>
            <Button size="small" type="link" icon={<TeamOutlined />} className="gh-link-button" data-testid="notification-member">
              {t('notifications.viewMember')}
            </Button>
          </Link>
        ) : null}
        {item.read ? null : (
          <Button
            size="small"
            type="link"
            icon={<CheckOutlined />}
            className="gh-link-button"
            loading={marking}
            onClick={() => onMarkRead(item.id)}
            data-testid="notification-mark-read"
          >
            {t('notifications.markRead')}
          </Button>
        )}
      </Space>
    </li>
  );
}

export function NotificationsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const counts = useQueueCounts();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQueryParams(params, notificationQuerySchema), [params]);
  const [marking, setMarking] = useState<string | 'all' | null>(null);

  const { data, error, loading, reload } = useApi((signal) => api.notifications(query, signal), [query.page, query.pageSize, query.unread]);

  const markRead = async (ids?: string[]) => {
    setMarking(ids?.[0] ?? 'all');
    try {
      await api.markNotificationsRead(ids ? { ids } : {});
      if (!ids) message.success(t('notifications.allMarked'));
      reload();
      counts.refresh();
    } catch (err) {
      message.error(isApiError(err) ? err.message : t('errors.network'));
    } finally {
      setMarking(null);
    }
  };

  const unread = data?.unread ?? 0;
  let body;
  if (error) {
    body = <LoadError error={error} onRetry={reload} />;
  } else if (!data) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (!data.items.length) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(query.unread === 'true' ? 'notifications.emptyUnread' : 'notifications.empty')} />;
  } else {
    body = (
      <>
        <ul className="gh-notifications" data-testid="notifications-list">
          {data.items.map((item) => (
            <NotificationItem key={item.id} item={item} marking={marking === item.id} onMarkRead={(id) => void markRead([id])} />
          ))}
        </ul>
        <Pagination
          className="gh-notifications-pager"
          align="end"
          current={query.page}
          pageSize={query.pageSize}
          total={data.total}
          pageSizeOptions={PAGE_SIZES}
          showSizeChanger={!isMobile}
          simple={isMobile}
          size={isMobile ? 'small' : undefined}
          showTotal={(total) => t('common.total', { total })}
          onChange={(page, pageSize) => updateQueryParams(setParams, { page, pageSize }, false)}
        />
      </>
    );
  }

  return (
    <div data-testid="notifications-page">
      <PageHeader
        title={t('notifications.title')}
        subTitle={t('notifications.subtitle')}
        extra={
          <Space wrap>
            <Button
              icon={<CheckOutlined />}
              disabled={!unread}
              loading={marking === 'all'}
              onClick={() => void markRead()}
              data-testid="notifications-mark-all"
            >
              {t('notifications.markAll')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
          </Space>
        }
      />
      <Card>
        <div className="gh-filters gh-notifications-filters">
          <Checkbox
            checked={query.unread === 'true'}
            onChange={(event) => updateQueryParams(setParams, { unread: event.target.checked ? 'true' : undefined })}
            data-testid="notifications-unread-filter"
          >
            {t('notifications.unreadOnly')}
          </Checkbox>
          <Typography.Text type="secondary" data-testid="notifications-unread-count" data-count={unread}>
            {t('notifications.unreadCount', { count: unread })}
          </Typography.Text>
        </div>
        {body}
      </Card>
    </div>
  );
}
