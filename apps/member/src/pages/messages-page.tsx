/** 消息: the member's in-app messages, paged, newest first; tapping one marks it read and opens its page. */
import { useState } from 'react';
import { Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import type { Notification } from '@gonghui/contracts';
import { api, errorMessage } from '../api-client';
import { EmptyState, ErrorState, LoadingCard } from '../components/async-states';
import { BellIcon, ChevronRightIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { PagedFooter } from '../components/paged-footer';
import { usePagedList } from '../hooks/use-paged-list';
import { useI18n } from '../i18n';
import { formatRelative, notificationTarget } from '../member-labels';
import { useUnread } from '../unread';

const PAGE_SIZE = 20;
type Filter = 'all' | 'unread';

export function MessagesPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { unread, setUnread } = useUnread();
  const [filter, setFilter] = useState<Filter>('all');
  const [marking, setMarking] = useState(false);
  const list = usePagedList<Notification>(
    async (page, signal) => {
      const result = await api.notifications({ page, pageSize: PAGE_SIZE, ...(filter === 'unread' ? { unread: 'true' as const } : {}) }, signal);
      setUnread(result.unread);
      return result;
    },
    [filter],
  );

  const markAll = async () => {
    if (marking || unread === 0) return;
    setMarking(true);
    try {
      await api.markRead();
      list.update((items) => items.map((item) => ({ ...item, read: true })));
      setUnread(0);
      Toast.show({ icon: 'success', content: t('messages.allRead') });
      if (filter === 'unread') list.reload();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setMarking(false);
    }
  };

  const open = (message: Notification) => {
    if (!message.read) {
      list.update((items) => items.map((item) => (item.id === message.id ? { ...item, read: true } : item)));
      setUnread(unread - 1);
      api.markRead([message.id]).catch((error: unknown) => Toast.show({ icon: 'fail', content: errorMessage(error) }));
    }
    const target = notificationTarget(message.kind);
    if (target) navigate(target);
  };

  return (
    <div className="sub-page messages-page">
      <div className="sticky-top">
        <PageHeader
          title={t('messages.title')}
          right={
            <button type="button" className="header-action" disabled={marking || unread === 0} onClick={() => void markAll()} data-testid="messages-read-all">
              {t('messages.readAll')}
            </button>
          }
        />
        <div className="segmented-tabs segmented-tabs--page" role="tablist">
          {(['all', 'unread'] as const).map((f) => (
            <button
              key={f}
              type="button"
              role="tab"
              aria-selected={filter === f}
              className={filter === f ? 'segmented-tab segmented-tab--active' : 'segmented-tab'}
              onClick={() => setFilter(f)}
              data-testid={`messages-filter-${f}`}
            >
              {f === 'all' ? t('messages.all') : t('messages.unread', { count: unread })}
            </button>
          ))}
        </div>
      </div>
      {list.status === 'loading' ? <LoadingCard testId="messages-loading" lines={6} /> : null}
      {list.status === 'error' ? <ErrorState message={list.message ?? ''} onRetry={list.reload} testId="messages-error" /> : null}
      {list.status === 'ready' && list.items.length === 0 ? (
        <EmptyState title={filter === 'unread' ? t('messages.noUnread') : t('messages.empty')} testId="messages-empty" />
      ) : null}
      {list.items.length > 0 ? (
        <>
          <ul className="message-list" data-testid="messages-list">
            {list.items.map((message) => {
              const target = notificationTarget(message.kind);
              return (
                <li key={message.id}>
                  <button
                    type="button"
                    className={message.read ? 'message' : 'message message--unread'}
                    onClick={() => open(message)}
                    data-testid="message-item"
                    data-kind={message.kind}
                    data-read={message.read}
                  >
                    <span className="message-icon" aria-hidden="true">
                      <BellIcon size={20} />
                      {message.read ? null : <span className="message-dot" />}
                    </span>
                    <span className="message-main">
                      <span className="message-head">
                        <strong className="message-title">{message.title}</strong>
                        <time className="message-time" dateTime={message.createdAt}>
                          {formatRelative(message.createdAt, lang)}
                        </time>
                      </span>
                      <span className="message-body">{message.body}</span>
                      {message.read ? null : <span className="visually-hidden">{t('messages.unreadLabel')}</span>}
                    </span>
                    {target ? <ChevronRightIcon className="message-chevron" /> : null}
                  </button>
                </li>
              );
            })}
          </ul>
          <PagedFooter hasMore={list.hasMore} loadMore={list.loadMore} testId="messages" />
        </>
      ) : null}
    </div>
  );
}
