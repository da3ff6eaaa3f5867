/**
 * One activity: what it is, its sessions with places left, the rules, and the way in: the grab
 * (先到先得, with its waiting list when sold out) or the registration (抽签), and the member's own
 * entry with what they can do with it. The countdown runs on the server's clock (the offset
 * measured around the GET that loaded the page) and turns into the grab buttons at the opening
 * instant — or at the waiting room's, minutes before — without a reload. The grab itself (keys,
 * proof of work, waiting room) is use-grab.ts.
 */
import { useEffect, useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Activity, LotteryEntry } from '@gonghui/contracts';
import { ApiError, api, errorMessage } from '../api-client';
import { audienceLines } from '../activity-labels';
import {
  activityPhase,
  countdownParts,
  formatActivityTime,
  formatCountdown,
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
import { confirmDialog } from '../components/confirm';
import { EntryCard } from '../components/entry-card';
import { FcfsSessions } from '../components/fcfs-sessions';
import { GrabResultSheet } from '../components/grab-result-sheet';
import { AlertIcon, BuildingIcon, ChevronRightIcon, ClockIcon, LotteryIcon, ShieldIcon } from '../components/icons';
import { LotteryRegister } from '../components/lottery-register';
import { PageHeader } from '../components/page-header';
import { RichHtml } from '../components/rich-html';
import { grabOpensAt, POW_AHEAD_MS, useGrab } from '../hooks/use-grab';
import { useVisibleInterval } from '../hooks/use-page-visible';
import { useResource } from '../hooks/use-resource';
import { useServerNow } from '../hooks/use-server-now';
import { useI18n } from '../i18n';

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

function ActivityView({ activity, offsetMs, reload }: { activity: Activity; offsetMs: number; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const start = windowStartMs(activity);
  const end = windowEndMs(activity);
  const opensAt = activity.mode === 'fcfs' ? grabOpensAt(activity) : start;
  const solveAheadAt = opensAt - POW_AHEAD_MS;
  const now = useServerNow(offsetMs, [solveAheadAt, opensAt, start, end]);
  const phase = activityPhase(activity, now);
  const blocked = activity.eligible === false;

  // The entry as the last answer left it; a reload brings the server's view again.
  const [entry, setEntry] = useState<LotteryEntry | null>(activity.myEntry);
  useEffect(() => setEntry(activity.myEntry), [activity]);

  // Places left move during the window: refresh now and then, each phone at its own rhythm.
  const [pollMs] = useState(() => 15_000 + Math.floor(Math.random() * 10_000));
  useVisibleInterval(() => void reload(), pollMs, phase === 'open' || phase === 'sold_out');

  const { busy, result, setResult, grab, prepare, limitReached, cooldownUntil } = useGrab({ activity, offsetMs, reload });
  const solveAhead = activity.mode === 'fcfs' && activity.powDifficulty > 0 && !blocked && phase === 'upcoming' && now >= solveAheadAt;
  useEffect(() => {
    if (solveAhead) prepare();
  }, [solveAhead, prepare]);

  const [joining, setJoining] = useState<string | null>(null);
  const joinWaitingList = async (sessionId: string) => {
    if (joining) return;
    const session = activity.sessions.find((s) => s.id === sessionId);
    const ok = await confirmDialog({
      title: t('activity.waitlist.joinTitle'),
      content: <div className="dialog-text">{t('activity.waitlist.joinText', { session: session?.name ?? '' })}</div>,
      confirmText: t('activity.waitlist.joinConfirm'),
      cancelText: t('entry.keep'),
    });
    if (!ok) return;
    setJoining(sessionId);
    try {
      const joined = await api.enter(activity.id, { sessionId });
      setEntry(joined);
      Toast.show({ icon: 'success', content: joined.position !== null ? t('activity.waitlist.joinedPosition', { position: joined.position }) : t('activity.waitlist.joined') });
      void reload();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setJoining(null);
    }
  };

  const waiting = busy?.step.stage === 'waiting' ? busy.step.waiting : null;
  const otherSessionsLeft = result ? activity.sessions.some((session) => session.id !== result.sessionId && session.remaining > 0) : false;
  const showEntry = entry !== null && (activity.mode === 'lottery' || entry.status !== 'withdrawn');

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

      {waiting ? <WaitingRoomPanel opensAt={waiting.opensAt} now={now} /> : <StatusPanel activity={activity} phase={phase} now={now} opensAt={opensAt} />}

      {blocked ? (
        <section className="notice notice--warn notice--page activity-ineligible" data-testid="activity-ineligible">
          <strong>
            <AlertIcon /> {t('activity.notEligible')}
          </strong>
          {activity.ineligibleReason ? <span>{activity.ineligibleReason}</span> : null}
        </section>
      ) : null}

      {showEntry && entry ? (
        <section className="entry-section" data-testid="activity-my-entry">
          <h2 className="entry-section-title">{activity.mode === 'lottery' ? t('activity.myEntry.lottery') : t('activity.myEntry.waiting')}</h2>
          <EntryCard
            entry={entry}
            now={now}
            windowEnd={activity.mode === 'lottery' ? activity.windowEnd : null}
            onChanged={(next) => {
              if (next) setEntry(next);
              void reload();
            }}
          />
        </section>
      ) : null}

      {activity.mode === 'fcfs' ? (
        <FcfsSessions
          activity={activity}
          phase={phase}
          now={now}
          opensAt={opensAt}
          blocked={blocked}
          busy={busy}
          limitReached={limitReached}
          cooldownUntil={cooldownUntil}
          entry={entry}
          joining={joining}
          onGrab={(sessionId) => void grab(sessionId)}
          onJoin={(sessionId) => void joinWaitingList(sessionId)}
        />
      ) : (
        <LotteryRegister
          activity={activity}
          phase={phase}
          now={now}
          blocked={blocked}
          entry={entry}
          onEntered={(entered) => {
            setEntry(entered);
            Toast.show({ icon: 'success', content: t('activity.lottery.registeredToast') });
            void reload();
          }}
          onStale={() => void reload()}
        />
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

/** While a grab waits in the waiting room: what that means, and the time to the opening. */
function WaitingRoomPanel({ opensAt, now }: { opensAt: string; now: number }) {
  const { t, lang } = useI18n();
  const target = Date.parse(opensAt);
  const left = Number.isNaN(target) ? 0 : target - now;
  return (
    <section className="countdown-panel waiting-room" data-testid="activity-waiting-room" role="status" aria-live="polite">
      <p className="waiting-room-title">
        <span className="waiting-room-pulse" aria-hidden="true" />
        {t('activity.waitingRoom.title')}
      </p>
      <p className="countdown-foot">{left > 0 ? t('activity.waitingRoom.opensIn', { time: formatCountdown(countdownParts(target, now), lang) }) : t('activity.waitingRoom.opening')}</p>
      <p className="countdown-note">{t('activity.waitingRoom.text')}</p>
    </section>
  );
}

/** The countdown before the opening; what is going on after it. */
function StatusPanel({ activity, phase, now, opensAt }: { activity: Activity; phase: ActivityPhase; now: number; opensAt: number }) {
  const { t, lang } = useI18n();
  const start = windowStartMs(activity);
  const room = activity.mode === 'fcfs' && activity.waitingRoomMinutes > 0;
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
        {room ? (
          <p className={now >= opensAt ? 'countdown-room countdown-room--open' : 'countdown-room'} data-testid="activity-room-note">
            {now >= opensAt ? t('activity.waitingRoom.openNote') : t('activity.waitingRoom.note', { minutes: activity.waitingRoomMinutes })}
          </p>
        ) : null}
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
        {activity.mode === 'fcfs' && activity.waitingRoomMinutes > 0 ? (
          <div>
            <dt>{t('activity.rule.waitingRoom')}</dt>
            <dd>{t('activity.rule.waitingRoomValue', { minutes: activity.waitingRoomMinutes })}</dd>
          </div>
        ) : null}
        {activity.mode === 'fcfs' && activity.powDifficulty > 0 ? (
          <div>
            <dt>{t('activity.rule.pow')}</dt>
            <dd>{t('activity.rule.powValue')}</dd>
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
