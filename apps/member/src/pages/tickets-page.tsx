/**
 * 我的票券: the member's tickets, newest first, each with the code staff scan at the door, its
 * session and seat, and a way to give it back (the place returns to the pool or the waiting list);
 * and, on its second tab (`?tab=entries`), 我的报名: lottery entries and waiting-list places with
 * what can be done with them (confirm or decline a won place, withdraw, leave a waiting list).
 */
import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { LotteryEntry, Ticket } from '@gonghui/contracts';
import { api, errorMessage } from '../api-client';
import { ticketStatusKey } from '../activity-labels';
import { formatActivityTime } from '../activity-time';
import { confirmDialog } from '../components/confirm';
import { EntryCard } from '../components/entry-card';
import { CalendarIcon, ChevronRightIcon, QrIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { PagedListView } from '../components/paged-list-view';
import { usePagedList } from '../hooks/use-paged-list';
import { useServerNow } from '../hooks/use-server-now';
import { useI18n } from '../i18n';

const PAGE_SIZE = 10;

/** The QR image, when the server sends one with the ticket (`qrDataUrl`, as for the member card). */
export function ticketQrDataUrl(ticket: Ticket): string | null {
  if ('qrDataUrl' in ticket && typeof ticket.qrDataUrl === 'string' && ticket.qrDataUrl.startsWith('data:image/')) return ticket.qrDataUrl;
  return null;
}

type Tab = 'tickets' | 'entries';

export function TicketsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'entries' ? 'entries' : 'tickets';
  const choose = (next: Tab) => setParams(next === 'entries' ? { tab: 'entries' } : {}, { replace: true });

  return (
    <div className="sub-page tickets-page">
      <div className="sticky-top">
        <PageHeader title={t('tickets.title')} />
        <div className="segmented-tabs segmented-tabs--page" role="tablist" aria-label={t('tickets.title')}>
          {(['tickets', 'entries'] as const).map((key) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={tab === key}
              className={tab === key ? 'segmented-tab segmented-tab--active' : 'segmented-tab'}
              onClick={() => choose(key)}
              data-testid={`tickets-tab-${key}`}
            >
              {key === 'entries' ? t('tickets.tab.entries') : t('tickets.tab.tickets')}
            </button>
          ))}
        </div>
      </div>
      {tab === 'entries' ? <EntriesList /> : <TicketsList />}
    </div>
  );
}

/** 我的报名: newest first; the countdowns of won places tick on this device's clock. */
function EntriesList() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = usePagedList<LotteryEntry>((page, signal) => api.myEntries({ page, pageSize: PAGE_SIZE }, signal), []);
  const ticking = list.items.some((entry) => entry.status === 'won');
  const now = useServerNow(0, [], ticking);
  return (
    <PagedListView
      list={list}
      testId="entries"
      loadingLines={6}
      empty={{
        title: t('entries.empty'),
        description: t('entries.emptyHint'),
        action: (
          <Button color="primary" fill="outline" shape="rounded" onClick={() => navigate('/activities')} data-testid="entries-browse">
            {t('tickets.browse')}
          </Button>
        ),
      }}
      total={t('entries.total', { total: list.total })}
      listClassName="entry-list"
      renderItem={(entry) => (
        <EntryCard
          entry={entry}
          now={now}
          showActivity
          onChanged={(next) => (next ? list.update((items) => items.map((item) => (item.id === next.id ? next : item))) : list.reload())}
        />
      )}
    />
  );
}

function TicketsList() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = usePagedList<Ticket>((page, signal) => api.tickets({ page, pageSize: PAGE_SIZE }, signal), []);

  return (
    <PagedListView
      list={list}
      testId="tickets"
      loadingLines={6}
      empty={{
        title: t('tickets.empty'),
        description: t('tickets.emptyHint'),
        action: (
          <Button color="primary" fill="outline" shape="rounded" onClick={() => navigate('/activities')} data-testid="tickets-browse">
            {t('tickets.browse')}
          </Button>
        ),
      }}
      total={t('tickets.total', { total: list.total })}
      listClassName="ticket-list"
      renderItem={(ticket) => <TicketCard ticket={ticket} onChanged={(next) => list.update((items) => items.map((item) => (item.id === next.id ? next : item)))} />}
    />
  );
}

function TicketCard({ ticket, onChanged }: { ticket: Ticket; onChanged: (ticket: Ticket) => void }) {
  const { t, lang } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  const qr = ticketQrDataUrl(ticket);
  const active = ticket.status === 'active';
  const started = Date.parse(ticket.startsAt) <= Date.now();
  const canCancel = active && !started;

  const cancel = async () => {
    if (cancelling) return;
    const confirmed = await confirmDialog({
      title: t('tickets.cancelTitle'),
      content: <div className="dialog-text">{t('tickets.cancelText')}</div>,
      confirmText: t('tickets.cancelConfirm'),
      cancelText: t('tickets.keep'),
    });
    if (!confirmed) return;
    setCancelling(true);
    try {
      const updated = await api.cancelTicket(ticket.id);
      onChanged(updated && typeof updated === 'object' && 'id' in updated ? updated : { ...ticket, status: 'cancelled' });
      Toast.show({ icon: 'success', content: t('tickets.cancelled') });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setCancelling(false);
    }
  };

  return (
    <article className={`ticket ticket--${ticket.status}`} data-testid="ticket-item" data-ticket-id={ticket.id} data-status={ticket.status} data-session-id={ticket.sessionId}>
      <header className="ticket-top">
        <div className="ticket-head">
          <h2 className="ticket-title">{ticket.activityTitle}</h2>
          <span className={`ticket-status ticket-status--${ticket.status}`} data-testid="ticket-status">
            {t(ticketStatusKey(ticket.status))}
          </span>
        </div>
        <div className="ticket-facts">
          <div className="ticket-fact ticket-fact--wide">
            <span className="ticket-fact-label">{ticket.sessionName}</span>
            <span className="ticket-fact-value">
              <CalendarIcon /> {formatActivityTime(ticket.startsAt, lang)}
            </span>
          </div>
          <div className="ticket-fact ticket-fact--seat">
            <span className="ticket-fact-label">{t('tickets.seat')}</span>
            <span className="ticket-seat" data-testid="ticket-seat">
              {ticket.seatNo}
            </span>
          </div>
        </div>
      </header>
      <div className="ticket-perforation" aria-hidden="true" />
      <div className="ticket-bottom">
        <div className={active ? 'ticket-qr' : 'ticket-qr ticket-qr--void'}>
          {qr ? (
            <img src={qr} alt={t('tickets.code')} className="ticket-qr-image" data-testid="ticket-qr" />
          ) : (
            <div className="ticket-qr-placeholder" data-testid="ticket-qr-placeholder">
              <QrIcon size={48} />
              <span>{t('tickets.qrUnavailable')}</span>
            </div>
          )}
          {!active ? <span className="ticket-stamp">{t(ticketStatusKey(ticket.status))}</span> : null}
        </div>
        <p className="ticket-code-label">{t('tickets.code')}</p>
        <p className={ticket.code.length > 16 ? 'ticket-code ticket-code--long' : 'ticket-code'} data-testid="ticket-code">
          {chunks(ticket.code).map((chunk, index) => (
            <span key={index}>{chunk}</span>
          ))}
        </p>
        <p className="ticket-hint">
          {ticket.status === 'checked_in' && ticket.checkedInAt
            ? t('tickets.checkedInAt', { time: formatActivityTime(ticket.checkedInAt, lang) })
            : ticket.status === 'cancelled'
              ? t('tickets.cancelledNote')
              : t('tickets.codeHint')}
        </p>
        {ticket.n > 1 ? <p className="ticket-hint">{t('tickets.nth', { n: ticket.n })}</p> : null}
        <div className="ticket-actions">
          <Link to={`/activities/${ticket.activityId}`} className="ticket-link" data-testid="ticket-activity">
            {t('tickets.activity')} <ChevronRightIcon />
          </Link>
          {canCancel ? (
            <Button size="small" fill="none" className="ticket-cancel" loading={cancelling} onClick={() => void cancel()} data-testid="ticket-cancel">
              {t('tickets.cancel')}
            </Button>
          ) : null}
        </div>
      </div>
    </article>
  );
}

/** Groups of four characters for reading aloud; the text content stays exactly the code. */
function chunks(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i += 4) out.push(code.slice(i, i + 4));
  return out;
}
