/**
 * One activity: what it is, its sessions with places left, the rules, and the way in: the grab
 * (先到先得) or the registration (抽签). The countdown runs on the server's clock (the offset
 * measured around the GET that loaded the page) and turns into the grab buttons at the opening
 * instant without a reload. Grabs use grab.ts: one Idempotency-Key per intended grab, reused for
 * retries of that attempt.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Activity, LotteryEntry } from '@gonghui/contracts';
import { ApiError, api, errorMessage } from '../api-client';
import { audienceLines, entryStatusKey } from '../activity-labels';
import {
  activityPhase,
  countdownParts,
  formatActivityTime,
  formatCount,
  formatWindow,
  placesLeft,
  timed,
  windowEndMs,
  windowStartMs,
  type ActivityPhase,
  type Timed,
} from '../activity-time';
import { ActivityCover, ModeTag, PhaseChip, PlacesBar } from '../components/activity-bits';
import { EmptyState, ErrorState, LoadingCard } from '../components/async-states';
import { GrabResultSheet, type GrabResult } from '../components/grab-result-sheet';
import { AlertIcon, BuildingIcon, CalendarIcon, ChevronRightIcon, ClockIcon, LotteryIcon, ShieldIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { RichHtml } from '../components/rich-html';
import { grabWithRetries, newIdempotencyKey, pendingGrabKeys } from '../grab';
import { useVisibleInterval } from '../hooks/use-page-visible';
import { useResource } from '../hooks/use-resource';
import { useServerNow } from '../hooks/use-server-now';
import { useI18n } from '../i18n';

/** How long one grab request may go unanswered before it counts as lost (then retried, same key). */
const GRAB_TIMEOUT_MS = 15_000;

export function ActivityPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const valid = /^\d{1,20}$/.test(id);
  const resource = useResource<Timed<Activity>>(
    (signal) =>
      valid
        ? timed(() => api.activity(id, signal), (activity) => activity.serverTime)
        : Promise.reject(new ApiError({ status: 404, code: 'NOT_FOUND', message: t('activity.notFound') })),
    [id],
  );
  const { state, data, reload } = resource;
  const notFound = state.status === 'error' && (state.error?.code === 'NOT_FOUND' || state.error?.status === 404);

  return (
    <div className="sub-page activity-page">
      <PageHeader title={t('activity.title')} />
      {state.status === 'loading' ? <LoadingCard testId="activity-loading" lines={8} /> : null}
      {!data && notFound ? (
        <EmptyState title={t('activity.notFoundTitle')} description={t('activity.notFound')} testId="activity-not-found">
          <Button color="primary" fill="outline" shape="rounded" onClick={() => navigate('/activities')}>
            {t('activity.backToList')}
          </Button>
        </EmptyState>
      ) : null}
      {!data && state.status === 'error' && !notFound ? <ErrorState message={state.message} onRetry={() => void reload()} testId="activity-error" /> : null}
      {data ? <ActivityView activity={data.data} offsetMs={data.offsetMs} reload={() => reload({ silent: true })} /> : null}
    </div>
  );
}

interface Busy {
  sessionId: string;
  /** 0 for the first request, then the automatic retry number. */
  attempt: number;
}

function ActivityView({ activity, offsetMs, reload }: { activity: Activity; offsetMs: number; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const start = windowStartMs(activity);
  const end = windowEndMs(activity);
  const now = useServerNow(offsetMs, [start, end]);
  const phase = activityPhase(activity, now);
  const blocked = activity.eligible === false;

  // Places left move during the window: refresh now and then, each phone at its own rhythm.
  const [pollMs] = useState(() => 15_000 + Math.floor(Math.random() * 10_000));
  useVisibleInterval(() => void reload(), pollMs, phase === 'open' || phase === 'sold_out');

  const [busy, setBusy] = useState<Busy | null>(null);
  const busyRef = useRef(false);
  const [result, setResult] = useState<GrabResult | null>(null);
  const [limitReached, setLimitReached] = useState(false);
  const [cooldownUntil, setCooldownUntil] = useState<number | null>(null);
  const granted = useRef(0);
  const keys = useRef(new Map<string, string>());
  const leaving = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    leaving.current = controller;
    return () => controller.abort();
  }, []);

  const grab = useCallback(
    async (sessionId: string) => {
      if (busyRef.current) return;
      // The button opens on the server's clock; a tap in the last instant before it is ignored.
      if (Date.now() + offsetMs < start) return;
      busyRef.current = true;
      setBusy({ sessionId, attempt: 0 });
      // One key per intended grab: reused while the answer is unknown, replaced after a definite one.
      const key = keys.current.get(sessionId) ?? pendingGrabKeys.get(activity.id, sessionId) ?? newIdempotencyKey();
      keys.current.set(sessionId, key);
      pendingGrabKeys.set(activity.id, sessionId, key);
      try {
        const outcome = await grabWithRetries({
          activityId: activity.id,
          sessionId,
          key,
          timeoutMs: GRAB_TIMEOUT_MS,
          signal: leaving.current?.signal,
          onRetry: (attempt) => setBusy({ sessionId, attempt }),
        });
        if (outcome.kind !== 'unknown') {
          keys.current.delete(sessionId);
          pendingGrabKeys.clear(activity.id, sessionId);
        }
        let resynced = false;
        if (outcome.kind === 'ok') {
          granted.current += 1;
          if (granted.current >= activity.perMemberLimit) setLimitReached(true);
        } else if (outcome.kind === 'refused') {
          if (outcome.code === 'LIMIT_REACHED') setLimitReached(true);
          if (outcome.code === 'RATE_LIMITED') setCooldownUntil(Date.now() + offsetMs + Math.max(1, outcome.retryAfter ?? 5) * 1000);
          // Our clock may be off: a reload measures the offset again.
          if (outcome.code === 'NOT_OPEN') resynced = true;
        }
        setResult({ sessionId, outcome, resynced });
        if (outcome.kind !== 'unknown') void reload();
      } catch (error) {
        if (!(error instanceof DOMException && error.name === 'AbortError')) Toast.show({ icon: 'fail', content: errorMessage(error) });
      } finally {
        busyRef.current = false;
        setBusy(null);
      }
    },
    [activity.id, activity.perMemberLimit, start, offsetMs, reload],
  );

  const cooling = cooldownUntil !== null && now < cooldownUntil;
  const otherSessionsLeft = result ? activity.sessions.some((session) => session.id !== result.sessionId && session.remaining > 0) : false;

  return (
    <div className="activity-view" data-testid="activity-view" data-id={activity.id} data-phase={phase} data-mode={activity.mode}>
      <ActivityCover activity={activity} className="activity-cover--hero">
        <ModeTag mode={activity.mode} className="activity-cover-tag" />
      </ActivityCover>

      <section className="card activity-head">
        <div className="activity-head-top">
          <PhaseChip phase={phase} mode={activity.mode} />
        </div>
        <h1 className="activity-title" data-testid="activity-title">
          {activity.title}
        </h1>
        <p className="activity-card-line">
          <BuildingIcon />
          <span>{activity.org.name}</span>
        </p>
        <p className="activity-card-line">
          <ClockIcon />
          <span>
            {activity.mode === 'lottery' ? t('activity.registerWindow') : t('activity.grabWindow')} · {formatWindow(activity.windowStart, activity.windowEnd, lang)}
          </span>
        </p>
        <PlacesBar {...placesLeft(activity)} mode={activity.mode} />
      </section>

      <StatusPanel activity={activity} phase={phase} now={now} />

      {blocked ? (
        <section className="notice notice--warn notice--page activity-ineligible" data-testid="activity-ineligible">
          <strong>
            <AlertIcon /> {t('activity.notEligible')}
          </strong>
          {activity.ineligibleReason ? <span>{activity.ineligibleReason}</span> : null}
        </section>
      ) : null}

      {activity.mode === 'fcfs' ? (
        <section className="card">
          <h2 className="section-title">{t('activity.sessions')}</h2>
          <ul className="session-list" data-testid="activity-sessions">
            {activity.sessions.map((session) => {
              let label: string;
              let disabled = true;
              if (busy?.sessionId === session.id) {
                label = busy.attempt > 0 ? t('activity.retryingShort', { attempt: busy.attempt }) : t('activity.grabbing');
              } else if (blocked) label = t('activity.ineligibleButton');
              else if (phase === 'cancelled' || phase === 'ended' || phase === 'drawn') label = t('activity.closed');
              else if (now < start) label = t('activity.notOpen');
              else if (session.remaining <= 0) label = t('activity.sessionSoldOut');
              else if (limitReached) label = t('activity.limitReached');
              else if (cooling && cooldownUntil !== null) label = t('activity.waitSeconds', { seconds: Math.ceil((cooldownUntil - now) / 1000) });
              else {
                label = t('activity.grab');
                disabled = busy !== null;
              }
              const soldOut = session.remaining <= 0;
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
                    </span>
                    {busy?.sessionId === session.id && busy.attempt > 0 ? (
                      <span className="session-note" role="status" data-testid="activity-retrying">
                        {t('activity.retrying')}
                      </span>
                    ) : null}
                  </div>
                  <Button
                    className="grab-button"
                    color="primary"
                    shape="rounded"
                    disabled={disabled}
                    loading={busy?.sessionId === session.id}
                    loadingText={label}
                    onClick={() => void grab(session.id)}
                    data-testid={`activity-grab-${session.id}`}
                    data-state={busy?.sessionId === session.id ? 'busy' : disabled ? 'disabled' : 'ready'}
                  >
                    {label}
                  </Button>
                </li>
              );
            })}
          </ul>
        </section>
      ) : (
        <LotterySessions activity={activity} phase={phase} now={now} start={start} blocked={blocked} />
      )}

      <RulesCard activity={activity} />

      {activity.mode === 'lottery' ? <LotteryCard activity={activity} /> : null}

      <section className="card">
        <h2 className="section-title">{t('activity.description')}</h2>
        {activity.descriptionHtml.trim() ? (
          <RichHtml html={activity.descriptionHtml} testId="activity-description" />
        ) : (
          <p className="muted">{t('activity.noDescription')}</p>
        )}
      </section>

      <GrabResultSheet
        result={result}
        onClose={() => setResult(null)}
        onRetry={() => {
          const sessionId = result?.sessionId;
          setResult(null);
          if (sessionId) void grab(sessionId);
        }}
        hasOtherSessions={otherSessionsLeft}
      />
    </div>
  );
}

/** The countdown before the opening; what is going on after it. */
function StatusPanel({ activity, phase, now }: { activity: Activity; phase: ActivityPhase; now: number }) {
  const { t, lang } = useI18n();
  const start = windowStartMs(activity);
  if (phase === 'upcoming') {
    const parts = countdownParts(start, now);
    return (
      <section className="countdown-panel" data-testid="activity-countdown" data-seconds={parts.totalSeconds}>
        <p className="countdown-title">{activity.mode === 'lottery' ? t('activity.countdown.lottery') : t('activity.countdown.fcfs')}</p>
        <div className="countdown-digits" aria-live="off">
          {parts.days > 0 ? (
            <>
              <span className="countdown-box">{parts.days}</span>
              <span className="countdown-unit">{lang === 'en' ? 'd' : '天'}</span>
            </>
          ) : null}
          <span className="countdown-box">{String(parts.hours).padStart(2, '0')}</span>
          <span className="countdown-sep">:</span>
          <span className="countdown-box">{String(parts.minutes).padStart(2, '0')}</span>
          <span className="countdown-sep">:</span>
          <span className="countdown-box">{String(parts.seconds).padStart(2, '0')}</span>
        </div>
        <p className="countdown-foot">
          {activity.mode === 'lottery'
            ? t('activity.registerOpensAt', { time: formatActivityTime(activity.windowStart, lang) })
            : t('activity.opensAt', { time: formatActivityTime(activity.windowStart, lang) })}
        </p>
        <p className="countdown-note">{t('activity.serverClock')}</p>
      </section>
    );
  }
  let text: string;
  let tone: 'open' | 'muted' | 'drawn' = 'muted';
  if (phase === 'open') {
    tone = 'open';
    text = `${activity.mode === 'lottery' ? t('activity.openNow.lottery') : t('activity.openNow.fcfs')} · ${t('activity.closesAt', { time: formatActivityTime(activity.windowEnd, lang) })}`;
  } else if (phase === 'sold_out') text = t('activity.soldOutAll');
  else if (phase === 'drawn') {
    tone = 'drawn';
    text = t('activity.drawnText');
  } else if (phase === 'cancelled') text = t('activity.cancelledText');
  else text = activity.mode === 'lottery' ? t('activity.awaitingDraw') : t('activity.endedText');
  return (
    <section className={`status-strip status-strip--${tone}`} data-testid="activity-status" data-state={phase}>
      {tone === 'open' ? <span className="phase-dot" aria-hidden="true" /> : null}
      <span>{text}</span>
    </section>
  );
}

function RulesCard({ activity }: { activity: Activity }) {
  const { t, lang } = useI18n();
  const separator = lang === 'en' ? ', ' : '、';
  return (
    <section className="card" data-testid="activity-rules">
      <h2 className="section-title">{t('activity.rules')}</h2>
      <dl className="kv-list rules-list">
        <div>
          <dt>{t('activity.rule.mode')}</dt>
          <dd>{activity.mode === 'lottery' ? t('activity.rule.mode.lottery') : t('activity.rule.mode.fcfs')}</dd>
        </div>
        <div>
          <dt>{activity.mode === 'lottery' ? t('activity.registerWindow') : t('activity.grabWindow')}</dt>
          <dd>{formatWindow(activity.windowStart, activity.windowEnd, lang)}</dd>
        </div>
        <div>
          <dt>{t('activity.rule.limit')}</dt>
          <dd data-testid="activity-limit">{t('activity.rule.limitValue', { count: activity.perMemberLimit })}</dd>
        </div>
        {activity.waitingList ? (
          <div>
            <dt>{t('activity.rule.waitingList')}</dt>
            <dd>{t('activity.rule.waitingListOn')}</dd>
          </div>
        ) : null}
        {activity.mode === 'lottery' ? (
          <div>
            <dt>{t('activity.rule.confirm')}</dt>
            <dd>{t('activity.rule.confirmValue', { hours: activity.confirmHours })}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('activity.rule.audience')}</dt>
          <dd>
            {audienceLines(activity.audience, t, separator).map((line) => (
              <span key={line} className="rules-line">
                {line}
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t('activity.rule.organizer')}</dt>
          <dd>{activity.org.name}</dd>
        </div>
      </dl>
    </section>
  );
}

function LotterySessions({ activity, phase, now, start, blocked }: { activity: Activity; phase: ActivityPhase; now: number; start: number; blocked: boolean }) {
  const { t, lang } = useI18n();
  const [entries, setEntries] = useState<LotteryEntry[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);

  const register = async (sessionId: string) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(sessionId);
    try {
      const entry = await api.enterLottery(activity.id, { sessionId });
      setEntries((previous) => [...previous.filter((item) => item.id !== entry.id), entry]);
      Toast.show({ icon: 'success', content: t('activity.lottery.registeredToast') });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  return (
    <>
      <section className="card">
        <h2 className="section-title">{t('activity.sessions')}</h2>
        <ul className="session-list" data-testid="activity-sessions">
          {activity.sessions.map((session) => {
            const mine = entries.find((entry) => entry.sessionId === session.id);
            let label: string;
            let disabled = true;
            if (busy === session.id) label = t('activity.registering');
            else if (mine) label = t('activity.registered');
            else if (blocked) label = t('activity.ineligibleButton');
            else if (phase !== 'open') label = now < start ? t('activity.notOpen') : t('activity.closed');
            else {
              label = t('activity.register');
              disabled = busy !== null;
            }
            return (
              <li key={session.id} className="session" data-testid="activity-session" data-session-id={session.id}>
                <div className="session-main">
                  <strong className="session-name">{session.name}</strong>
                  <span className="session-time">
                    <CalendarIcon /> {formatActivityTime(session.startsAt, lang)}
                  </span>
                  <span className="session-left">{t('activity.places', { capacity: formatCount(session.capacity, lang) })}</span>
                </div>
                <Button
                  className="grab-button"
                  color="primary"
                  fill={mine ? 'outline' : 'solid'}
                  shape="rounded"
                  disabled={disabled}
                  loading={busy === session.id}
                  onClick={() => void register(session.id)}
                  data-testid={`activity-register-${session.id}`}
                >
                  {label}
                </Button>
              </li>
            );
          })}
        </ul>
      </section>
      {entries.length > 0 ? (
        <section className="card" data-testid="lottery-entries">
          <h2 className="section-title">{t('activity.lottery.myEntry')}</h2>
          <ul className="plain-list">
            {entries.map((entry) => (
              <li key={entry.id} className="plain-item" data-testid="lottery-entry" data-status={entry.status} data-entry-id={entry.id}>
                <div className="plain-item-head">
                  <strong>{activity.sessions.find((session) => session.id === entry.sessionId)?.name ?? ''}</strong>
                  <span className={entry.status === 'won' || entry.status === 'confirmed' ? 'text-ok' : entry.status === 'registered' ? 'text-warn' : 'muted'}>
                    {t(entryStatusKey(entry.status))}
                  </span>
                </div>
                <div>
                  {t('activity.lottery.entryId')}：<code className="mono">{entry.id}</code>
                </div>
                {entry.rank !== null ? <div>{t('activity.lottery.rank', { rank: entry.rank })}</div> : null}
                {entry.confirmBy ? <div>{t('activity.lottery.confirmBy', { time: formatActivityTime(entry.confirmBy, lang) })}</div> : null}
                <Link to={`/lottery/${activity.id}?entry=${encodeURIComponent(entry.id)}`} className="link-strong entry-verify-link" data-testid="lottery-entry-verify">
                  {t('activity.lottery.verifyLink')} ›
                </Link>
              </li>
            ))}
          </ul>
          <p className="form-note">{t('activity.lottery.entryHint')}</p>
        </section>
      ) : null}
    </>
  );
}

function LotteryCard({ activity }: { activity: Activity }) {
  const { t } = useI18n();
  const commitment = activity.lottery?.commitment ?? null;
  return (
    <section className="card lottery-card" data-testid="activity-lottery">
      <h2 className="section-title">
        <LotteryIcon /> {t('activity.lottery.title')}
      </h2>
      <p className="section-text">{t('activity.lottery.commitmentHint')}</p>
      <dl className="kv-list kv-list--small">
        <div>
          <dt>{t('activity.lottery.commitment')}</dt>
          <dd className="mono hash" data-testid="activity-commitment">
            {commitment ?? t('lottery.notPublished')}
          </dd>
        </div>
      </dl>
      <Link to={`/lottery/${activity.id}`} className="entry-row" data-testid="lottery-verify-link">
        <ShieldIcon size={22} />
        <span>{t('activity.lottery.verifyLink')}</span>
        <ChevronRightIcon />
      </Link>
    </section>
  );
}
