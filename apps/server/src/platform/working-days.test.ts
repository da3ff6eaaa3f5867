import { describe, expect, it } from 'vitest';
import { overdueCutoff, workingDaysBetween } from './working-days.js';

// 2026-11-27 is a Friday; times are China time (UTC+8).
const cst = (s: string) => new Date(`${s}+08:00`);

describe('working days', () => {
  it('counts Monday to Friday after the day of filing', () => {
    expect(workingDaysBetween(cst('2026-11-23T10:00:00'), cst('2026-11-27T09:00:00'))).toBe(4);
    expect(workingDaysBetween(cst('2026-11-27T18:00:00'), cst('2026-11-30T08:00:00'))).toBe(1);
    expect(workingDaysBetween(cst('2026-11-28T08:00:00'), cst('2026-11-29T20:00:00'))).toBe(0);
  });
  it('gives the latest filing instant that is overdue', () => {
    const now = cst('2026-11-27T15:00:00');
    const cutoff = overdueCutoff(now, 3);
    expect(cutoff.toISOString()).toBe(cst('2026-11-23T23:59:59.999').toISOString());
    expect(workingDaysBetween(cutoff, now)).toBe(4);
    expect(workingDaysBetween(new Date(cutoff.getTime() + 1), now)).toBe(3);
    // on a Monday, filings of last Tuesday and before are overdue (Wednesday's have waited 3)
    expect(overdueCutoff(cst('2026-11-30T09:00:00'), 3).toISOString()).toBe(cst('2026-11-24T23:59:59.999').toISOString());
  });
});
