/**
 * The rules the console applies to an activity before asking the server: when a lottery may be
 * drawn, which entry statuses a list can hold, whether a cover file is acceptable, and which door
 * the check-in page serves. Free of React so the unit tests run without a browser.
 */
import { COVER_MAX_BYTES, PHOTO_TYPES } from '@gonghui/contracts';
import type { Activity, ActivityStatus, EntryStatus } from '@gonghui/contracts';

/** Covers: the same image types as ID photos, at most COVER_MAX_BYTES (the server checks both again and re-encodes to JPEG). */
export const COVER_TYPES: readonly string[] = PHOTO_TYPES;
export { COVER_MAX_BYTES };
export const COVER_ACCEPT = COVER_TYPES.join(',');

export type CoverProblem = 'type' | 'size' | 'empty';

/** Why a chosen file cannot be a cover, or null when it may be sent. */
export function coverFileProblem(file: { type: string; size: number }): CoverProblem | null {
  if (!COVER_TYPES.includes(file.type.toLowerCase())) return 'type';
  if (file.size <= 0) return 'empty';
  if (file.size > COVER_MAX_BYTES) return 'size';
  return null;
}

/** The `v` of a cover URL (`/api/v1/activities/12/cover?v=3`): a new one after each upload, so browsers do not show the old image. */
export function coverVersion(coverUrl: string | null): string | null {
  if (!coverUrl) return null;
  const query = coverUrl.split('?')[1];
  if (!query) return '';
  return new URLSearchParams(query).get('v') ?? '';
}

/**
 * Where a lottery stands for the draw button:
 *  - not_lottery / draft / cancelled: no draw;
 *  - registration_open: before windowEnd (the server would answer REGISTRATION_OPEN);
 *  - ready: registration closed, not drawn yet;
 *  - drawn: the seed is revealed (the server would answer ALREADY_DRAWN).
 */
export type DrawState = 'not_lottery' | 'draft' | 'cancelled' | 'registration_open' | 'ready' | 'drawn';

export function drawState(activity: Pick<Activity, 'mode' | 'status' | 'windowEnd' | 'lottery'>, now: number): DrawState {
  if (activity.mode !== 'lottery') return 'not_lottery';
  if (activity.lottery?.drawnAt) return 'drawn';
  if (activity.status === 'draft') return 'draft';
  if (activity.status === 'cancelled') return 'cancelled';
  if (now < Date.parse(activity.windowEnd)) return 'registration_open';
  return 'ready';
}

/** Milliseconds to add to this browser's clock to get the server's (from an answer's `serverTime`). */
export function serverClockOffset(serverTime: string, receivedAt: number): number {
  const server = Date.parse(serverTime);
  return Number.isNaN(server) ? 0 : server - receivedAt;
}

/** Registrations and places over all sessions (a lottery), or members waiting and places (first come first served). */
export function entrantTotals(activity: Pick<Activity, 'sessions'>): { entrants: number; places: number } {
  let entrants = 0;
  let places = 0;
  for (const session of activity.sessions) {
    entrants += session.entrants;
    places += session.capacity;
  }
  return { entrants, places };
}

/** Winners of a session once drawn: the first `capacity` of its order. */
export function winnersOf(session: { capacity: number; entrants: number }): number {
  return Math.min(session.capacity, session.entrants);
}

/** Whether an activity has entries to list: lottery registrations, or a waiting list. */
export function hasEntries(activity: Pick<Activity, 'mode' | 'waitingList' | 'status'>): boolean {
  return activity.status !== 'draft' && (activity.mode === 'lottery' || activity.waitingList);
}

const LOTTERY_ENTRY_STATUSES: readonly EntryStatus[] = ['registered', 'won', 'confirmed', 'lost', 'declined', 'expired', 'withdrawn'];
const WAITING_LIST_STATUSES: readonly EntryStatus[] = ['waiting', 'confirmed', 'withdrawn'];

/** The statuses an entry of this activity can have, in the order of its life (for the filter). */
export function entryStatusesFor(activity: Pick<Activity, 'mode'>): readonly EntryStatus[] {
  return activity.mode === 'lottery' ? LOTTERY_ENTRY_STATUSES : WAITING_LIST_STATUSES;
}

/** The list opens on who is waiting for a waiting list (in line order), on everyone for a lottery. */
export function defaultEntryStatus(activity: Pick<Activity, 'mode'>): EntryStatus | undefined {
  return activity.mode === 'lottery' ? undefined : 'waiting';
}

/** Activities a door can check tickets in for: published, or closed but still taking place. */
export const DOOR_ACTIVITY_STATUSES: readonly ActivityStatus[] = ['published', 'closed'];
export const DOOR_STORAGE_KEY = 'gh_checkin_activity';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The activity this device's door was last set to, if any. */
export function loadDoorActivity(storage: StorageLike | null): string | null {
  try {
    const value = storage?.getItem(DOOR_STORAGE_KEY) ?? null;
    return value && /^\d+$/.test(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeDoorActivity(storage: StorageLike | null, id: string | null): void {
  try {
    if (id) storage?.setItem(DOOR_STORAGE_KEY, id);
    else storage?.removeItem(DOOR_STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for this page only.
  }
}

/** The door's activity among the ones it may serve: a remembered one that is no longer among them (cancelled, out of scope) is dropped. */
export function pickDoorActivity(remembered: string | null, available: readonly Pick<Activity, 'id'>[] | undefined): string | null {
  if (!remembered) return null;
  if (!available) return remembered;
  return available.some((a) => a.id === remembered) ? remembered : null;
}

/** Door choices, the activity whose session is nearest to now (before or after) first: usually today's. */
export function sortForDoor<A extends Pick<Activity, 'id' | 'sessions'>>(activities: readonly A[], now: number): A[] {
  const distance = (activity: A) => {
    let best = Number.POSITIVE_INFINITY;
    for (const session of activity.sessions) best = Math.min(best, Math.abs(Date.parse(session.startsAt) - now));
    return best;
  };
  const seen = new Set<string>();
  return activities
    .filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)))
    .map((a) => ({ a, d: distance(a) }))
    .sort((x, y) => (x.d === y.d ? 0 : x.d < y.d ? -1 : 1) || Number(y.a.id) - Number(x.a.id))
    .map(({ a }) => a);
}
