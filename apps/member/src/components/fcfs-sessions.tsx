/**
 * The sessions of a first-come-first-served activity, each with its grab button — or, when it is
 * sold out and the activity keeps a waiting list, 加入候补. The button's words say what a tap does
 * now: not open yet, enter the waiting room, solve the anti-bot check, grab, wait in the room…
 */
import { Button } from 'antd-mobile';
import type { Activity, LotteryEntry } from '@gonghui/contracts';
import { formatActivityTime, formatCount, type ActivityPhase } from '../activity-time';
import type { GrabBusy } from '../hooks/use-grab';
import { useI18n } from '../i18n';
import { CalendarIcon } from './icons';

export function FcfsSessions({
  activity,
  phase,
  now,
  opensAt,
  blocked,
  busy,
  limitReached,
  cooldownUntil,
  entry,
  joining,
  onGrab,
  onJoin,
}: {
  activity: Activity;
  phase: ActivityPhase;
  now: number;
  /** When grabs are taken: the window's start, or the waiting room's opening before it. */
  opensAt: number;
  blocked: boolean;
  busy: GrabBusy | null;
  limitReached: boolean;
  cooldownUntil: number | null;
  entry: LotteryEntry | null;
  /** The session whose waiting list is being joined. */
  joining: string | null;
  onGrab: (sessionId: string) => void;
  onJoin: (sessionId: string) => void;
}) {
  const { t, lang } = useI18n();
  const start = Date.parse(activity.windowStart);
  const cooling = cooldownUntil !== null && now < cooldownUntil;
  const inWindow = phase === 'open' || phase === 'sold_out';
  // One entry per member and activity: a member on a waiting list cannot join another one (a served
  // or withdrawn entry may join again, the server replaces it).
  const waitingEntry = entry?.status === 'waiting' ? entry : null;

  return (
    <section className="card">
      <h2 className="section-title">{t('activity.sessions')}</h2>
      <ul className="session-list" data-testid="activity-sessions">
        {activity.sessions.map((session) => {
          const soldOut = session.remaining <= 0;
          const mine = busy?.sessionId === session.id ? busy.step : null;
          const waitingHere = waitingEntry?.sessionId === session.id;
          const canJoin = soldOut && activity.waitingList && inWindow && !blocked && !waitingEntry && busy === null;
          let label: string;
          let disabled = true;
          let action: 'grab' | 'join' = 'grab';
          if (mine) {
            label =
              mine.stage === 'pow'
                ? t('activity.pow.progress', { percent: Math.floor(mine.fraction * 100) })
                : mine.stage === 'waiting'
                  ? t('activity.waitingRoom.busy')
                  : mine.attempt > 0
                    ? t('activity.retryingShort', { attempt: mine.attempt })
                    : t('activity.grabbing');
          } else if (joining === session.id) label = t('activity.waitlist.joining');
          else if (waitingHere) label = t('activity.waitlist.mine');
          else if (blocked) label = t('activity.ineligibleButton');
          else if (phase === 'cancelled' || phase === 'ended' || phase === 'drawn') label = t('activity.closed');
          else if (now < opensAt) label = t('activity.notOpen');
          else if (soldOut) {
            if (canJoin && joining === null) {
              label = t('activity.waitlist.join');
              disabled = false;
              action = 'join';
            } else label = t('activity.sessionSoldOut');
          } else if (limitReached) label = t('activity.limitReached');
          else if (cooling && cooldownUntil !== null) label = t('activity.waitSeconds', { seconds: Math.ceil((cooldownUntil - now) / 1000) });
          else {
            label = now < start ? t('activity.waitingRoom.enter') : t('activity.grab');
            disabled = busy !== null;
          }
          const loading = mine !== null || joining === session.id;
          return (
            <li key={session.id} className={soldOut ? 'session session--sold-out' : 'session'} data-testid="activity-session" data-session-id={session.id} data-remaining={session.remaining}>
              <div className="session-main">
                <strong className="session-name">{session.name}</strong>
                <span className="session-time">
                  <CalendarIcon /> {formatActivityTime(session.startsAt, lang)}
                </span>
                <span className={soldOut ? 'session-left session-left--none' : 'session-left'}>
                  {t('activity.sessionLeft', { remaining: formatCount(Math.max(0, session.remaining), lang) })}
                  <span className="muted"> / {t('activity.sessionOf', { capacity: formatCount(session.capacity, lang) })}</span>
                  {activity.waitingList && session.entrants > 0 ? <span className="muted"> · {t('activity.waitlist.count', { count: formatCount(session.entrants, lang) })}</span> : null}
                </span>
                {mine?.stage === 'pow' ? (
                  <span className="session-note session-note--pow" role="status" data-testid="activity-pow">
                    <span className="pow-bar" aria-hidden="true">
                      <span className="pow-bar-fill" style={{ width: `${Math.max(4, Math.floor(mine.fraction * 100))}%` }} />
                    </span>
                    {t('activity.pow.note')}
                  </span>
                ) : null}
                {mine?.stage === 'sending' && mine.attempt > 0 ? (
                  <span className="session-note" role="status" data-testid="activity-retrying">
                    {t('activity.retrying')}
                  </span>
                ) : null}
              </div>
              <Button
                className={action === 'join' ? 'grab-button grab-button--join' : 'grab-button'}
                color="primary"
                fill={action === 'join' || waitingHere ? 'outline' : 'solid'}
                shape="rounded"
                disabled={disabled}
                loading={loading}
                loadingText={label}
                onClick={() => (action === 'join' ? onJoin(session.id) : onGrab(session.id))}
                data-testid={action === 'join' ? `activity-waitlist-${session.id}` : `activity-grab-${session.id}`}
                data-state={loading ? 'busy' : disabled ? 'disabled' : 'ready'}
              >
                {label}
              </Button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
