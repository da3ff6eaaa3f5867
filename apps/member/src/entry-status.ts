/**
 * How a member's entry (a lottery registration or a waiting-list place) is shown: its headline, the
 * line under it, its tone, the countdown it runs and which actions it offers at a given instant.
 * Pure, so the rules (e.g. withdraw only before the close, confirm only before `confirmBy`) are
 * tested without a page.
 */
import type { LotteryEntry } from '@gonghui/contracts';
import type { MessageKey, MessageParams } from './i18n';

export type EntryTone = 'wait' | 'action' | 'ok' | 'lost' | 'muted';

export interface EntryText {
  key: MessageKey;
  params?: MessageParams;
  /** Params that are instants (ms) to be written as activity times by the caller. */
  times?: Record<string, string>;
}

export interface EntryPresentation {
  tone: EntryTone;
  title: MessageKey;
  detail: EntryText | null;
  /** Server instant (ms) a countdown runs to: the confirmation deadline of a won place. */
  countdownTo: number | null;
  canConfirm: boolean;
  canDecline: boolean;
  canWithdraw: boolean;
  /** The entry holds a ticket: link to 我的票券. */
  showTickets: boolean;
  /** A lottery entry: link to the public draw. */
  showDraw: boolean;
}

export interface EntryContext {
  /** The server's clock now (ms). */
  now: number;
  /** The activity's windowEnd (registration close), when known. */
  windowEnd?: string | null;
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
};

export function presentEntry(entry: LotteryEntry, context: EntryContext): EntryPresentation {
  const lottery = entry.kind === 'lottery';
  const base: EntryPresentation = {
    tone: 'muted',
    title: 'entry.title.withdrawn',
    detail: null,
    countdownTo: null,
    canConfirm: false,
    canDecline: false,
    canWithdraw: false,
    showTickets: false,
    showDraw: lottery,
  };
  const closes = ms(context.windowEnd);
  switch (entry.status) {
    case 'registered': {
      const open = closes === null || context.now < closes;
      return {
        ...base,
        tone: 'wait',
        title: 'entry.title.registered',
        detail: closes === null ? { key: 'entry.detail.registeredNoClose' } : open ? { key: 'entry.detail.registered', times: { time: context.windowEnd ?? '' } } : { key: 'entry.detail.closed' },
        // After the close the list is published: leaving it then would change a committed list.
        canWithdraw: open,
      };
    }
    case 'won': {
      const deadline = ms(entry.confirmBy);
      const inTime = deadline === null || context.now < deadline;
      return {
        ...base,
        tone: inTime ? 'action' : 'muted',
        title: 'entry.title.won',
        detail: !inTime ? { key: 'entry.detail.wonLate' } : entry.confirmBy ? { key: 'entry.detail.won', times: { time: entry.confirmBy } } : { key: 'entry.detail.wonNoDeadline' },
        countdownTo: inTime ? deadline : null,
        canConfirm: inTime,
        canDecline: inTime,
      };
    }
    case 'confirmed':
      return {
        ...base,
        tone: 'ok',
        title: lottery ? 'entry.title.confirmed' : 'entry.title.served',
        detail: { key: 'entry.detail.confirmed' },
        showTickets: true,
      };
    case 'lost':
      return {
        ...base,
        tone: 'lost',
        title: 'entry.title.lost',
        detail: entry.position !== null ? { key: 'entry.detail.lost', params: { position: entry.position } } : { key: 'entry.detail.lostNoPosition' },
      };
    case 'declined':
      return { ...base, title: 'entry.title.declined', detail: { key: 'entry.detail.passedOn' } };
    case 'expired':
      return { ...base, title: 'entry.title.expired', detail: { key: 'entry.detail.passedOn' } };
    case 'withdrawn':
      // Not in any published list: nothing to look up in the draw.
      return { ...base, title: lottery ? 'entry.title.withdrawn' : 'entry.title.leftWaiting', detail: null, showDraw: false };
    case 'waiting':
      return {
        ...base,
        tone: 'wait',
        title: 'entry.title.waiting',
        detail: entry.position !== null ? { key: 'entry.detail.waiting', params: { position: entry.position } } : { key: 'entry.detail.waitingNoPosition' },
        canWithdraw: true,
      };
  }
}

/** Whether an entry still holds or waits for a place (so the member cannot enter again). */
export function isLiveEntry(entry: Pick<LotteryEntry, 'status'>): boolean {
  return entry.status !== 'withdrawn' && entry.status !== 'declined' && entry.status !== 'expired';
}

export interface EntryBadge {
  key: MessageKey;
  params?: MessageParams;
  tone: EntryTone;
}

/** The short badge on an activity card; null when there is nothing to show. */
export function entryBadge(entry: LotteryEntry | null): EntryBadge | null {
  if (!entry) return null;
  switch (entry.status) {
    case 'registered':
      return { key: 'entry.badge.registered', tone: 'wait' };
    case 'won':
      return { key: 'entry.badge.won', tone: 'action' };
    case 'confirmed':
      return { key: entry.kind === 'lottery' ? 'entry.badge.confirmed' : 'entry.badge.served', tone: 'ok' };
    case 'lost':
      return entry.position !== null ? { key: 'entry.badge.lostPosition', params: { position: entry.position }, tone: 'lost' } : { key: 'entry.badge.lost', tone: 'lost' };
    case 'waiting':
      return entry.position !== null ? { key: 'entry.badge.waitingPosition', params: { position: entry.position }, tone: 'wait' } : { key: 'entry.badge.waiting', tone: 'wait' };
    case 'declined':
      return { key: 'entry.badge.declined', tone: 'muted' };
    case 'expired':
      return { key: 'entry.badge.expired', tone: 'muted' };
    case 'withdrawn':
      return null;
  }
}
