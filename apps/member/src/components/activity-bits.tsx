/** Small pieces shared by the activity list and the detail page: cover, mode tag, state chip, places bar, entry badge. */
import { useState, type ReactNode } from 'react';
import type { Activity, ActivityMode, LotteryEntry } from '@gonghui/contracts';
import { modeKey, phaseKey } from '../activity-labels';
import { entryBadge } from '../entry-status';
import { formatCount, type ActivityPhase } from '../activity-time';
import { useI18n } from '../i18n';
import { LotteryIcon, TicketIcon } from './icons';

export function ModeTag({ mode, className }: { mode: ActivityMode; className?: string }) {
  const { t } = useI18n();
  return (
    <span className={['mode-tag', `mode-tag--${mode}`, className ?? ''].filter(Boolean).join(' ')} data-testid="activity-mode" data-mode={mode}>
      {t(modeKey(mode))}
    </span>
  );
}

export function PhaseChip({ phase, mode, suffix }: { phase: ActivityPhase; mode: ActivityMode; suffix?: string }) {
  const { t } = useI18n();
  return (
    <span className={`phase-chip phase-chip--${phase} phase-chip--${mode}`} data-testid="activity-state" data-state={phase}>
      {phase === 'open' ? <span className="phase-dot" aria-hidden="true" /> : null}
      {t(phaseKey(phase, mode))}
      {suffix ? <span className="phase-chip-suffix">{suffix}</span> : null}
    </span>
  );
}

/** The cover image, or a drawn cover in the activity's colours when there is none (or it fails). */
export function ActivityCover({ activity, className, children }: { activity: Pick<Activity, 'coverUrl' | 'title' | 'mode'>; className?: string; children?: ReactNode }) {
  const [failed, setFailed] = useState(false);
  const showImage = activity.coverUrl !== null && activity.coverUrl !== '' && !failed;
  return (
    <div className={['activity-cover', `activity-cover--${activity.mode}`, showImage ? '' : 'activity-cover--art', className ?? ''].filter(Boolean).join(' ')}>
      {showImage ? (
        <img src={activity.coverUrl ?? undefined} alt="" className="activity-cover-image" loading="lazy" onError={() => setFailed(true)} />
      ) : (
        <span className="activity-cover-art" aria-hidden="true">
          {activity.mode === 'lottery' ? <LotteryIcon size={56} /> : <TicketIcon size={56} />}
        </span>
      )}
      {children}
    </div>
  );
}

/** Places left as a bar and a count ("剩余 120/300"); lotteries show the number of places. */
export function PlacesBar({ remaining, capacity, mode, compact }: { remaining: number; capacity: number; mode: ActivityMode; compact?: boolean }) {
  const { t, lang } = useI18n();
  if (mode === 'lottery') {
    return (
      <span className="places-text" data-testid="activity-places" data-capacity={capacity}>
        {t('activity.places', { capacity: formatCount(capacity, lang) })}
      </span>
    );
  }
  const ratio = capacity > 0 ? Math.min(1, Math.max(0, remaining / capacity)) : 0;
  const low = remaining > 0 && ratio <= 0.1;
  return (
    <span className={compact ? 'places places--compact' : 'places'} data-testid="activity-places" data-remaining={remaining} data-capacity={capacity}>
      <span className="places-bar" aria-hidden="true">
        <span className={low ? 'places-fill places-fill--low' : 'places-fill'} style={{ width: `${ratio * 100}%` }} />
      </span>
      <span className={remaining === 0 ? 'places-text places-text--none' : low ? 'places-text places-text--low' : 'places-text'}>
        {t('activity.placesLeft', { remaining: formatCount(remaining, lang), capacity: formatCount(capacity, lang) })}
      </span>
    </span>
  );
}

/** The member's entry in an activity as a small badge (nothing for a withdrawn one). */
export function EntryBadgeChip({ entry }: { entry: LotteryEntry }) {
  const { t } = useI18n();
  const badge = entryBadge(entry);
  if (!badge) return null;
  return (
    <span className={`entry-badge entry-badge--${badge.tone}`} data-testid="activity-entry-badge" data-status={entry.status}>
      {t(badge.key, badge.params)}
    </span>
  );
}
