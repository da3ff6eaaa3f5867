import { describe, expect, it } from 'vitest';
import type { LotteryEntry } from '@gonghui/contracts';
import { entryBadge, isLiveEntry, presentEntry } from './entry-status';

const entry = (patch: Partial<LotteryEntry>): LotteryEntry => ({
  id: '901',
  kind: 'lottery',
  activityId: '7',
  activityTitle: '国庆返乡专列',
  sessionId: '3',
  sessionName: 'G6101 广州南—长沙南',
  startsAt: '2026-10-01T01:00:00.000Z',
  status: 'registered',
  rank: null,
  position: null,
  confirmBy: null,
  ticketId: null,
  createdAt: '2026-09-01T01:00:00.000Z',
  ...patch,
});

const windowEnd = '2026-09-10T10:00:00.000Z';
const before = Date.parse(windowEnd) - 60_000;
const after = Date.parse(windowEnd) + 60_000;

describe('presentEntry (how an entry is shown and what it offers)', () => {
  it('registered: waits for the draw with the close time; withdraw only before the close', () => {
    const open = presentEntry(entry({}), { now: before, windowEnd });
    expect(open).toMatchObject({ title: 'entry.title.registered', tone: 'wait', canWithdraw: true, canConfirm: false, showDraw: true });
    expect(open.detail).toEqual({ key: 'entry.detail.registered', times: { time: windowEnd } });
    const closed = presentEntry(entry({}), { now: after, windowEnd });
    expect(closed).toMatchObject({ canWithdraw: false, detail: { key: 'entry.detail.closed' } });
  });

  it('won: confirm or decline with a countdown to confirmBy, nothing after it', () => {
    const confirmBy = '2026-09-12T10:00:00.000Z';
    const inTime = presentEntry(entry({ status: 'won', rank: 2, confirmBy }), { now: after, windowEnd });
    expect(inTime).toMatchObject({ title: 'entry.title.won', tone: 'action', canConfirm: true, canDecline: true, canWithdraw: false, countdownTo: Date.parse(confirmBy) });
    const late = presentEntry(entry({ status: 'won', confirmBy }), { now: Date.parse(confirmBy) + 1, windowEnd });
    expect(late).toMatchObject({ canConfirm: false, canDecline: false, countdownTo: null, detail: { key: 'entry.detail.wonLate' } });
  });

  it('lost: 未中签 with the place in line', () => {
    expect(presentEntry(entry({ status: 'lost', rank: 9, position: 4 }), { now: after })).toMatchObject({
      title: 'entry.title.lost',
      tone: 'lost',
      detail: { key: 'entry.detail.lost', params: { position: 4 } },
      canWithdraw: false,
    });
  });

  it('confirmed: links to the tickets; a waiting-list place served says so', () => {
    expect(presentEntry(entry({ status: 'confirmed', ticketId: '55' }), { now: after })).toMatchObject({ title: 'entry.title.confirmed', showTickets: true, showDraw: true });
    expect(presentEntry(entry({ kind: 'waiting_list', status: 'confirmed', ticketId: '56' }), { now: after })).toMatchObject({ title: 'entry.title.served', showTickets: true, showDraw: false });
  });

  it('waiting: its position and a way out, at any time', () => {
    const view = presentEntry(entry({ kind: 'waiting_list', status: 'waiting', position: 2 }), { now: after, windowEnd });
    expect(view).toMatchObject({ title: 'entry.title.waiting', canWithdraw: true, showDraw: false, detail: { key: 'entry.detail.waiting', params: { position: 2 } } });
  });

  it('declined, expired and withdrawn offer nothing', () => {
    for (const status of ['declined', 'expired', 'withdrawn'] as const) {
      const view = presentEntry(entry({ status }), { now: before, windowEnd });
      expect(view).toMatchObject({ tone: 'muted', canConfirm: false, canDecline: false, canWithdraw: false, showTickets: false });
      expect(isLiveEntry({ status })).toBe(false);
    }
    expect(presentEntry(entry({ kind: 'waiting_list', status: 'withdrawn' }), { now: before }).title).toBe('entry.title.leftWaiting');
    expect(presentEntry(entry({ status: 'withdrawn' }), { now: before }).showDraw).toBe(false);
  });
});

describe('entryBadge (the status badge on an activity card)', () => {
  it('names every live status, with the place in line', () => {
    expect(entryBadge(null)).toBeNull();
    expect(entryBadge(entry({}))).toEqual({ key: 'entry.badge.registered', tone: 'wait' });
    expect(entryBadge(entry({ status: 'won' }))?.key).toBe('entry.badge.won');
    expect(entryBadge(entry({ status: 'lost', position: 3 }))).toEqual({ key: 'entry.badge.lostPosition', params: { position: 3 }, tone: 'lost' });
    expect(entryBadge(entry({ kind: 'waiting_list', status: 'waiting', position: 1 }))).toEqual({ key: 'entry.badge.waitingPosition', params: { position: 1 }, tone: 'wait' });
    expect(entryBadge(entry({ kind: 'waiting_list', status: 'confirmed' }))?.key).toBe('entry.badge.served');
    expect(entryBadge(entry({ status: 'withdrawn' }))).toBeNull();
  });
});
