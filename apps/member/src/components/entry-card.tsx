/**
 * One entry of the member (a lottery registration or a waiting-list place) with what they can do
 * with it now: confirm or decline a won place (with the countdown to its deadline), withdraw before
 * the close, leave a waiting list, see the ticket or the public draw. Used on the activity page and
 * in 我的报名. What is shown when is decided by `presentEntry` (entry-status.ts).
 */
import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link } from 'react-router-dom';
import type { LotteryEntry } from '@gonghui/contracts';
import { ApiError, api, errorMessage } from '../api-client';
import { countdownParts, formatActivityTime, formatCountdown } from '../activity-time';
import { presentEntry, type EntryText } from '../entry-status';
import { useI18n, type MessageParams } from '../i18n';
import { confirmDialog } from './confirm';
import { GrabResultSheet, type GrabResult } from './grab-result-sheet';
import { CalendarIcon, ChevronRightIcon, ClockIcon, ShieldIcon, TicketIcon } from './icons';

type Action = 'confirm' | 'decline' | 'withdraw';

/** Answers after which our copy of the entry is stale: reload it rather than guess. */
const STALE_CODES = new Set(['NOT_WON', 'CONFIRM_EXPIRED', 'ENTRY_NOT_FOUND', 'NOT_OPEN', 'CONFLICT']);

export function EntryCard({
  entry,
  now,
  windowEnd,
  showActivity = false,
  onChanged,
}: {
  entry: LotteryEntry;
  /** The server's clock (ms), for the countdown and what may still be done. */
  now: number;
  /** The activity's registration close, when the caller knows it (withdraw only before it). */
  windowEnd?: string | null;
  /** In lists: the activity's title as a link. */
  showActivity?: boolean;
  /** The entry after an action; undefined: it changed in a way we did not see, reload it. */
  onChanged: (entry?: LotteryEntry) => void;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<Action | null>(null);
  const [result, setResult] = useState<GrabResult | null>(null);
  const view = presentEntry(entry, { now, windowEnd });
  const lottery = entry.kind === 'lottery';

  const text = (part: EntryText): string => {
    const params: MessageParams = { ...part.params };
    for (const [name, iso] of Object.entries(part.times ?? {})) params[name] = formatActivityTime(iso, lang);
    return t(part.key, params);
  };

  const run = async (action: Action) => {
    if (busy) return;
    const ask =
      action === 'confirm'
        ? { title: t('entry.confirmTitle'), content: t('entry.confirmText'), confirmText: t('entry.confirm') }
        : action === 'decline'
          ? { title: t('entry.declineTitle'), content: t('entry.declineText'), confirmText: t('entry.declineConfirm') }
          : lottery
            ? { title: t('entry.withdrawTitle'), content: t('entry.withdrawText'), confirmText: t('entry.withdrawConfirm') }
            : { title: t('entry.leaveTitle'), content: t('entry.leaveText'), confirmText: t('entry.leaveConfirm') };
    const ok = await confirmDialog({ title: ask.title, content: <div className="dialog-text">{ask.content}</div>, confirmText: ask.confirmText, cancelText: t('entry.keep') });
    if (!ok) return;
    setBusy(action);
    try {
      if (action === 'confirm') {
        const ticket = await api.confirmEntry(entry.id);
        setResult({ sessionId: entry.sessionId, outcome: { kind: 'ok', ticket } });
        onChanged({ ...entry, status: 'confirmed', ticketId: ticket.id, confirmBy: null });
      } else if (action === 'decline') {
        onChanged(await api.declineEntry(entry.id));
        Toast.show({ icon: 'success', content: t('entry.declinedToast') });
      } else {
        onChanged(await api.withdrawEntry(entry.id));
        Toast.show({ icon: 'success', content: lottery ? t('entry.withdrawnToast') : t('entry.leftToast') });
      }
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
      if (error instanceof ApiError && STALE_CODES.has(error.serverCode)) onChanged();
    } finally {
      setBusy(null);
    }
  };

  const countdown = view.countdownTo !== null ? formatCountdown(countdownParts(view.countdownTo, now), lang) : null;

  return (
    <article className={`entry-card entry-card--${view.tone}`} data-testid="entry-card" data-entry-id={entry.id} data-status={entry.status} data-kind={entry.kind}>
      <header className="entry-card-head">
        <div className="entry-card-what">
          {showActivity ? (
            <Link to={`/activities/${entry.activityId}`} className="entry-card-activity" data-testid="entry-activity">
              {entry.activityTitle}
            </Link>
          ) : null}
          <span className="entry-card-session">{entry.sessionName}</span>
          <span className="entry-card-time">
            <CalendarIcon /> {formatActivityTime(entry.startsAt, lang)}
          </span>
        </div>
        <span className={`entry-kind entry-kind--${entry.kind}`}>{lottery ? t('entry.kind.lottery') : t('entry.kind.waiting_list')}</span>
      </header>

      <div className="entry-card-status">
        <strong className="entry-card-title" data-testid="entry-status">
          {t(view.title)}
        </strong>
        {view.detail ? (
          <p className="entry-card-detail" data-testid="entry-detail">
            {text(view.detail)}
          </p>
        ) : null}
        {countdown ? (
          <p className="entry-countdown" data-testid="entry-countdown" role="timer">
            <ClockIcon /> {t('entry.countdown', { time: countdown })}
          </p>
        ) : null}
      </div>

      {lottery ? (
        <dl className="entry-facts">
          <div>
            <dt>{t('entry.id')}</dt>
            <dd className="mono" data-testid="entry-id">
              {entry.id}
            </dd>
          </div>
          {entry.rank !== null ? (
            <div>
              <dt>{t('entry.rank')}</dt>
              <dd>{t('entry.rankValue', { rank: entry.rank })}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}

      {view.canConfirm || view.canDecline || view.canWithdraw ? (
        <div className="entry-actions">
          {view.canConfirm ? (
            <Button color="primary" shape="rounded" loading={busy === 'confirm'} disabled={busy !== null} onClick={() => void run('confirm')} data-testid="entry-confirm">
              {t('entry.confirm')}
            </Button>
          ) : null}
          {view.canDecline ? (
            <Button fill="outline" shape="rounded" loading={busy === 'decline'} disabled={busy !== null} onClick={() => void run('decline')} data-testid="entry-decline">
              {t('entry.decline')}
            </Button>
          ) : null}
          {view.canWithdraw ? (
            <Button fill="outline" color="danger" shape="rounded" className="entry-withdraw" loading={busy === 'withdraw'} disabled={busy !== null} onClick={() => void run('withdraw')} data-testid="entry-withdraw">
              {lottery ? t('entry.withdraw') : t('entry.leaveWaiting')}
            </Button>
          ) : null}
        </div>
      ) : null}

      {view.showTickets || view.showDraw ? (
        <div className="entry-links">
          {view.showTickets ? (
            <Link to="/tickets" className="entry-link" data-testid="entry-tickets">
              <TicketIcon size={16} /> {t('entry.toTickets')} <ChevronRightIcon />
            </Link>
          ) : null}
          {view.showDraw ? (
            <Link to={`/lottery/${entry.activityId}?entry=${encodeURIComponent(entry.id)}`} className="entry-link" data-testid="entry-draw">
              <ShieldIcon size={16} /> {t('entry.toDraw')} <ChevronRightIcon />
            </Link>
          ) : null}
        </div>
      ) : null}

      <GrabResultSheet result={result} onClose={() => setResult(null)} onRetry={() => setResult(null)} hasOtherSessions={false} okTitle={t('entry.confirmedTitle')} okText={t('entry.confirmedText')} />
    </article>
  );
}
