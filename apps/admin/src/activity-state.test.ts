import { describe, expect, it } from 'vitest';
import type { Activity } from '@gonghui/contracts';
import {
  COVER_MAX_BYTES,
  DOOR_STORAGE_KEY,
  coverFileProblem,
  coverVersion,
  defaultEntryStatus,
  drawState,
  entrantTotals,
  entryStatusesFor,
  hasEntries,
  loadDoorActivity,
  pickDoorActivity,
  serverClockOffset,
  sortForDoor,
  storeDoorActivity,
  winnersOf,
} from './activity-state';

const windowEnd = '2026-10-01T04:00:00.000Z';
const end = Date.parse(windowEnd);
const lottery = (over: Partial<Pick<Activity, 'status' | 'lottery' | 'mode'>> = {}) => ({
  mode: 'lottery' as const,
  status: 'published' as const,
  windowEnd,
  lottery: { commitment: 'c', seed: null, closedAt: null, drawnAt: null },
  ...over,
});

describe('drawState (the 抽签 button)', () => {
  it('is registration_open until windowEnd, then ready', () => {
    expect(drawState(lottery(), end - 1)).toBe('registration_open');
    expect(drawState(lottery(), end)).toBe('ready');
    expect(drawState(lottery({ status: 'closed', lottery: { commitment: 'c', seed: null, closedAt: windowEnd, drawnAt: null } }), end + 60_000)).toBe('ready');
  });

  it('is drawn once the seed is revealed, whatever the time', () => {
    const drawn = lottery({ status: 'closed', lottery: { commitment: 'c', seed: 's', closedAt: windowEnd, drawnAt: '2026-10-01T05:00:00.000Z' } });
    expect(drawState(drawn, end + 3_600_000)).toBe('drawn');
  });

  it('never offers a draw for drafts, cancelled activities or first come first served', () => {
    expect(drawState(lottery({ status: 'draft' }), end + 1)).toBe('draft');
    expect(drawState(lottery({ status: 'cancelled' }), end + 1)).toBe('cancelled');
    expect(drawState(lottery({ mode: 'fcfs', lottery: null }), end + 1)).toBe('not_lottery');
  });
});

describe('serverClockOffset', () => {
  it('is the server clock minus the browser clock, 0 when unreadable', () => {
    expect(serverClockOffset('2026-10-01T04:00:05.000Z', end)).toBe(5000);
    expect(serverClockOffset('2026-10-01T03:59:58.000Z', end)).toBe(-2000);
    expect(serverClockOffset('not a date', end)).toBe(0);
  });
});

describe('cover files', () => {
  it('takes JPEG, PNG and WebP up to 5 MB', () => {
    expect(coverFileProblem({ type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(coverFileProblem({ type: 'image/png', size: COVER_MAX_BYTES })).toBeNull();
    expect(coverFileProblem({ type: 'image/webp', size: 1 })).toBeNull();
  });

  it('refuses other types, empty files and files over 5 MB', () => {
    expect(coverFileProblem({ type: 'image/gif', size: 1000 })).toBe('type');
    expect(coverFileProblem({ type: 'image/heic', size: 1000 })).toBe('type');
    expect(coverFileProblem({ type: '', size: 1000 })).toBe('type');
    expect(coverFileProblem({ type: 'image/jpeg', size: 0 })).toBe('empty');
    expect(coverFileProblem({ type: 'image/jpeg', size: COVER_MAX_BYTES + 1 })).toBe('size');
  });

  it('reads the version of a cover URL', () => {
    expect(coverVersion('/api/v1/activities/12/cover?v=3')).toBe('3');
    expect(coverVersion('/api/v1/activities/12/cover')).toBe('');
    expect(coverVersion(null)).toBeNull();
  });
});

describe('entries', () => {
  const session = (capacity: number, entrants: number) => ({ id: '1', name: 's', startsAt: windowEnd, capacity, remaining: 0, checkedIn: 0, entrants, entrantsDigest: null });

  it('adds up registrations and places over the sessions', () => {
    expect(entrantTotals({ sessions: [session(10, 25), session(5, 3)] })).toEqual({ entrants: 28, places: 15 });
    expect(entrantTotals({ sessions: [] })).toEqual({ entrants: 0, places: 0 });
  });

  it('draws at most the places of a session', () => {
    expect(winnersOf({ capacity: 10, entrants: 25 })).toBe(10);
    expect(winnersOf({ capacity: 10, entrants: 3 })).toBe(3);
  });

  it('lists entries of published lotteries and waiting lists only', () => {
    expect(hasEntries({ mode: 'lottery', waitingList: false, status: 'published' })).toBe(true);
    expect(hasEntries({ mode: 'fcfs', waitingList: true, status: 'closed' })).toBe(true);
    expect(hasEntries({ mode: 'fcfs', waitingList: false, status: 'published' })).toBe(false);
    expect(hasEntries({ mode: 'lottery', waitingList: false, status: 'draft' })).toBe(false);
  });

  it('filters by the statuses each kind of entry can have', () => {
    expect(entryStatusesFor({ mode: 'lottery' })).toContain('won');
    expect(entryStatusesFor({ mode: 'lottery' })).not.toContain('waiting');
    expect(entryStatusesFor({ mode: 'fcfs' })).toEqual(['waiting', 'confirmed', 'withdrawn']);
    expect(defaultEntryStatus({ mode: 'fcfs' })).toBe('waiting');
    expect(defaultEntryStatus({ mode: 'lottery' })).toBeUndefined();
  });
});

describe('the door of the check-in page', () => {
  const memory = () => {
    const map = new Map<string, string>();
    return {
      map,
      getItem: (key: string) => map.get(key) ?? null,
      setItem: (key: string, value: string) => void map.set(key, value),
      removeItem: (key: string) => void map.delete(key),
    };
  };

  it('remembers the chosen activity and forgets it when cleared', () => {
    const storage = memory();
    expect(loadDoorActivity(storage)).toBeNull();
    storeDoorActivity(storage, '42');
    expect(storage.map.get(DOOR_STORAGE_KEY)).toBe('42');
    expect(loadDoorActivity(storage)).toBe('42');
    storeDoorActivity(storage, null);
    expect(loadDoorActivity(storage)).toBeNull();
  });

  it('ignores a stored value that is not an id, and storage that throws', () => {
    const storage = memory();
    storage.map.set(DOOR_STORAGE_KEY, '<script>');
    expect(loadDoorActivity(storage)).toBeNull();
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => undefined,
    };
    expect(loadDoorActivity(broken)).toBeNull();
    expect(() => storeDoorActivity(broken, '1')).not.toThrow();
    expect(loadDoorActivity(null)).toBeNull();
  });

  it('drops a remembered activity the door can no longer serve, once the list is known', () => {
    expect(pickDoorActivity('7', undefined)).toBe('7');
    expect(pickDoorActivity('7', [{ id: '7' }, { id: '8' }])).toBe('7');
    expect(pickDoorActivity('7', [{ id: '8' }])).toBeNull();
    expect(pickDoorActivity(null, [{ id: '8' }])).toBeNull();
  });
});

describe('sortForDoor', () => {
  const at = (id: string, ...starts: string[]) => ({ id, sessions: starts.map((startsAt, i) => ({ id: `${id}-${i}`, name: 's', startsAt, capacity: 1, remaining: 0, checkedIn: 0, entrants: 0, entrantsDigest: null })) });
  const now = Date.parse('2026-10-01T10:00:00.000Z');

  it('puts the activity with a session nearest to now first, once each', () => {
    const list = [at('1', '2026-12-01T10:00:00.000Z'), at('2', '2026-09-01T10:00:00.000Z', '2026-10-01T11:00:00.000Z'), at('3', '2026-10-01T08:00:00.000Z'), at('2', '2026-10-01T11:00:00.000Z')];
    expect(sortForDoor(list, now).map((a) => a.id)).toEqual(['2', '3', '1']);
  });

  it('keeps activities without sessions, last', () => {
    expect(sortForDoor([at('5'), at('4', '2026-10-02T10:00:00.000Z')], now).map((a) => a.id)).toEqual(['4', '5']);
  });
});
