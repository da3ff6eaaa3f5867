/**
 * 活动报名: the activities open to the member (their union is in the audience), published ones and
 * closed ones with their lottery results, soonest window first. Each card shows its cover, counts
 * down to its opening on the server's clock and carries the member's own entry as a badge
 * (已报名, 已中签 · 待确认, 候补第 3 位…).
 */
import { useState } from 'react';
import { Button } from 'antd-mobile';
import { Link, useNavigate } from 'react-router-dom';
import type { Activity } from '@gonghui/contracts';
import { api } from '../api-client';
import { activityPhase, clockOffset, countdownParts, formatCountdown, formatWindow, placesLeft, windowEndMs, windowStartMs } from '../activity-time';
import { ActivityCover, EntryBadgeChip, ModeTag, PhaseChip, PlacesBar } from '../components/activity-bits';
import { AlertIcon, BuildingIcon, ClockIcon, TicketIcon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { PagedListView } from '../components/paged-list-view';
import { usePagedList } from '../hooks/use-paged-list';
import { useServerNow } from '../hooks/use-server-now';
import { useI18n } from '../i18n';

const PAGE_SIZE = 10;
/** Cards show a ticking countdown within this much of the opening, and the date before that. */
const TICKING_WITHIN_MS = 3 * 86_400_000;

export function ActivitiesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [offsetMs, setOffsetMs] = useState(0);
  const list = usePagedList<Activity>(async (page, signal) => {
    const sentAt = Date.now();
    const result = await api.activities({ page, pageSize: PAGE_SIZE }, signal);
    const first = result.items[0];
    if (first) {
      const offset = clockOffset(first.serverTime, sentAt, Date.now());
      if (offset !== null) setOffsetMs(offset);
    }
    return result;
  }, []);
  const instants = list.items.flatMap((activity) => [windowStartMs(activity), windowEndMs(activity)]);
  const now = useServerNow(offsetMs, instants, list.items.length > 0);

  return (
    <div className="sub-page activities-page">
      <div className="sticky-top">
        <PageHeader
          title={t('activities.title')}
          right={
            <Link to="/tickets" className="header-action header-action--icon" data-testid="activities-my-tickets">
              <TicketIcon size={18} />
              {t('tickets.title')}
            </Link>
          }
        />
      </div>
      <section className="activities-hero">
        <h1 className="activities-hero-title">{t('service.activities')}</h1>
        <p className="activities-hero-text">{t('activities.intro')}</p>
      </section>
      <PagedListView
        list={list}
        testId="activities"
        loadingLines={5}
        empty={{
          title: t('activities.empty'),
          description: t('activities.emptyHint'),
          action: (
            <Button color="primary" fill="outline" shape="rounded" onClick={() => navigate('/')}>
              {t('common.backHome')}
            </Button>
          ),
        }}
        total={t('activities.total', { total: list.total })}
        listClassName="activity-list"
        renderItem={(activity) => <ActivityCard activity={activity} now={now} />}
      />
    </div>
  );
}

function ActivityCard({ activity, now }: { activity: Activity; now: number }) {
  const { t, lang } = useI18n();
  const phase = activityPhase(activity, now);
  const { remaining, capacity } = placesLeft(activity);
  const start = windowStartMs(activity);
  const untilStart = start - now;
  const blocked = activity.eligible === false;
  return (
    <Link
      to={`/activities/${activity.id}`}
      className={blocked ? 'activity-card activity-card--blocked' : 'activity-card'}
      data-testid="activity-card"
      data-id={activity.id}
      data-phase={phase}
      data-mode={activity.mode}
      data-eligible={activity.eligible === null ? 'unknown' : String(activity.eligible)}
    >
      <ActivityCover activity={activity}>
        <ModeTag mode={activity.mode} className="activity-cover-tag" />
        <span className="activity-cover-chip">
          <PhaseChip phase={phase} mode={activity.mode} />
        </span>
      </ActivityCover>
      <div className="activity-card-body">
        {activity.myEntry ? <EntryBadgeChip entry={activity.myEntry} /> : null}
        <h2 className="activity-card-title">{activity.title}</h2>
        <p className="activity-card-line">
          <BuildingIcon />
          <span>{activity.org.name}</span>
        </p>
        <p className="activity-card-line">
          <ClockIcon />
          <span>{formatWindow(activity.windowStart, activity.windowEnd, lang)}</span>
        </p>
        <div className="activity-card-foot">
          <PlacesBar remaining={remaining} capacity={capacity} mode={activity.mode} compact />
          {phase === 'upcoming' && untilStart <= TICKING_WITHIN_MS ? (
            <span className="activity-card-countdown" data-testid="activity-card-countdown" data-seconds={countdownParts(start, now).totalSeconds}>
              {t('activity.startsIn', { time: formatCountdown(countdownParts(start, now), lang) })}
            </span>
          ) : null}
        </div>
        {blocked ? (
          <p className="activity-card-ineligible" data-testid="activity-ineligible">
            <AlertIcon />
            <span>{activity.ineligibleReason ? t('activity.notEligibleReason', { reason: activity.ineligibleReason }) : t('activity.notEligible')}</span>
          </p>
        ) : null}
      </div>
    </Link>
  );
}
