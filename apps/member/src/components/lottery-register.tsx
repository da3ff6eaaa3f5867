/**
 * Registering for a lottery (抽签报名): the sessions as a choice of one, with places and how many
 * entered, and the 报名 button. The choice is checked with the contracts' `entryRequestSchema`
 * before it is sent (the server checks it again); the server's refusals are shown in its words.
 * With a live entry, or outside the window, the sessions are only listed.
 */
import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { entryRequestSchema, type Activity, type LotteryEntry } from '@gonghui/contracts';
import { ApiError, api, errorMessage } from '../api-client';
import { formatActivityTime, formatCount, type ActivityPhase } from '../activity-time';
import { isLiveEntry } from '../entry-status';
import { localizeBilingual, useI18n } from '../i18n';
import { confirmDialog } from './confirm';
import { FormError } from './form-footer';
import { CalendarIcon, CheckCircleIcon } from './icons';

export function LotteryRegister({
  activity,
  phase,
  now,
  blocked,
  entry,
  onEntered,
  onStale,
}: {
  activity: Activity;
  phase: ActivityPhase;
  now: number;
  blocked: boolean;
  entry: LotteryEntry | null;
  onEntered: (entry: LotteryEntry) => void;
  /** The page's view is out of date (entered elsewhere, closed meanwhile): load it again. */
  onStale: () => void;
}) {
  const { t, lang } = useI18n();
  const only = activity.sessions.length === 1 ? (activity.sessions[0]?.id ?? null) : null;
  const [chosen, setChosen] = useState<string | null>(only);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const liveEntry = entry && isLiveEntry(entry) ? entry : null;
  const open = phase === 'open' && !blocked && !liveEntry;
  const start = Date.parse(activity.windowStart);

  const submit = async () => {
    if (submitting) return;
    const parsed = entryRequestSchema.safeParse({ sessionId: chosen ?? '' });
    if (!parsed.success) {
      setError(localizeBilingual(parsed.error.issues[0]?.message ?? '', lang));
      return;
    }
    const session = activity.sessions.find((s) => s.id === parsed.data.sessionId);
    const ok = await confirmDialog({
      title: t('activity.lottery.enterTitle'),
      content: <div className="dialog-text">{t('activity.lottery.enterText', { session: session?.name ?? '' })}</div>,
      confirmText: t('activity.lottery.enterConfirm'),
      cancelText: t('entry.keep'),
    });
    if (!ok) return;
    setError(null);
    setSubmitting(true);
    try {
      onEntered(await api.enter(activity.id, parsed.data));
    } catch (failure) {
      if (failure instanceof ApiError && (failure.serverCode === 'ALREADY_ENTERED' || failure.serverCode === 'NOT_OPEN')) {
        // The form gives way to the reloaded page, so the message goes where it stays visible.
        Toast.show({ icon: 'fail', content: errorMessage(failure) });
        onStale();
      } else setError(errorMessage(failure));
    } finally {
      setSubmitting(false);
    }
  };

  const closedLabel = blocked ? t('activity.ineligibleButton') : now < start ? t('activity.notOpen') : t('activity.closed');

  return (
    <section className="card lottery-register" data-testid="lottery-register" data-open={open}>
      <h2 className="section-title">{t('activity.sessions')}</h2>
      {open ? <p className="form-note lottery-register-note">{t('activity.lottery.choose')}</p> : null}
      <ul className="session-list" role={open ? 'radiogroup' : undefined} aria-label={t('activity.sessions')} data-testid="activity-sessions">
        {activity.sessions.map((session) => {
          const selected = open && chosen === session.id;
          const mine = liveEntry?.sessionId === session.id;
          const body = (
            <>
              <div className="session-main">
                <strong className="session-name">{session.name}</strong>
                <span className="session-time">
                  <CalendarIcon /> {formatActivityTime(session.startsAt, lang)}
                </span>
                <span className="session-left">
                  {t('activity.places', { capacity: formatCount(session.capacity, lang) })}
                  <span className="muted"> · {t('activity.lottery.entrants', { count: formatCount(session.entrants, lang) })}</span>
                </span>
              </div>
              {open ? (
                <span className={selected ? 'session-radio session-radio--on' : 'session-radio'} aria-hidden="true">
                  {selected ? <CheckCircleIcon size={22} /> : null}
                </span>
              ) : mine ? (
                <span className="session-chip session-chip--mine" data-testid="lottery-my-session">
                  {t('activity.registered')}
                </span>
              ) : liveEntry ? null : (
                <span className="session-chip">{closedLabel}</span>
              )}
            </>
          );
          return (
            <li key={session.id} className={mine ? 'session session--mine' : 'session'} data-testid="activity-session" data-session-id={session.id}>
              {open ? (
                <button
                  type="button"
                  role="radio"
                  aria-checked={selected}
                  className={selected ? 'session-choice session-choice--on' : 'session-choice'}
                  onClick={() => {
                    setChosen(session.id);
                    setError(null);
                  }}
                  data-testid={`activity-choose-${session.id}`}
                >
                  {body}
                </button>
              ) : (
                body
              )}
            </li>
          );
        })}
      </ul>
      {open ? (
        <div className="lottery-register-foot">
          <FormError message={error} />
          <Button
            block
            className="lottery-submit"
            color="primary"
            shape="rounded"
            size="large"
            loading={submitting}
            loadingText={t('activity.registering')}
            onClick={() => void submit()}
            data-testid="activity-register"
          >
            {t('activity.lottery.submit')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
