/** 时间线: every change of a membership, newest first, with dates and unions. */
import type { MembershipEvent } from '@gonghui/contracts';
import { useI18n } from '../i18n';
import { eventKindKey, formatDateTime } from '../member-labels';

const TONE: Record<MembershipEvent['kind'], 'good' | 'bad' | 'info' | 'warn'> = {
  added: 'good',
  verified: 'good',
  applied: 'info',
  joined: 'good',
  rejected: 'bad',
  withdrawn: 'info',
  transferred_out: 'info',
  transferred_in: 'good',
  held: 'warn',
  ended: 'bad',
  edited: 'info',
  org_deregistered: 'warn',
};

function EventDetail({ event }: { event: MembershipEvent }) {
  const { t } = useI18n();
  const { kind, fromOrg, toOrg } = event;
  if ((kind === 'transferred_in' || kind === 'transferred_out') && (fromOrg || toOrg)) {
    return (
      <p className="timeline-orgs" data-testid="timeline-transfer">
        {t('timeline.transfer', { from: fromOrg ?? '—', to: toOrg ?? '—' })}
      </p>
    );
  }
  if (fromOrg && toOrg && fromOrg !== toOrg) {
    return (
      <p className="timeline-orgs">
        {fromOrg} → {toOrg}
      </p>
    );
  }
  const org = toOrg ?? fromOrg;
  return org ? <p className="timeline-orgs">{org}</p> : null;
}

export function Timeline({ events, testId = 'timeline' }: { events: readonly MembershipEvent[]; testId?: string }) {
  const { t, lang } = useI18n();
  const sorted = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : Number(b.id) - Number(a.id)));
  if (sorted.length === 0) {
    return (
      <p className="empty-line" data-testid={`${testId}-empty`}>
        {t('timeline.empty')}
      </p>
    );
  }
  return (
    <ol className="timeline" data-testid={testId}>
      {sorted.map((event) => (
        <li key={event.id} className={`timeline-item timeline-item--${TONE[event.kind]}`} data-testid={`timeline-event-${event.kind}`} data-event-id={event.id}>
          <span className="timeline-dot" aria-hidden="true" />
          <div className="timeline-body">
            <div className="timeline-head">
              <strong className="timeline-title">{t(eventKindKey(event.kind))}</strong>
              <time className="timeline-time" dateTime={event.at}>
                {formatDateTime(event.at, lang)}
              </time>
            </div>
            <EventDetail event={event} />
            {event.reason ? <p className="timeline-reason">{t(event.kind === 'applied' ? 'timeline.note' : 'timeline.reason', { reason: event.reason })}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
