import { describe, expect, it } from 'vitest';
import { MAX_PERIOD_DAYS, addDays, addMonths, chinaToday, daysBetween, grainForPeriod, isIsoDate, isPickable, periodPresets, readStatsView, sameParams, statsViewParams, suggestedGrain } from './stats-view';

const TODAY = '2026-05-20';
const read = (query: string) => readStatsView(new URLSearchParams(query), TODAY);

describe('statistics view in the URL', () => {
  it('defaults to the admin’s own organization, the last 30 days, by day, ranked by growth', () => {
    expect(read('')).toEqual({ from: '2026-04-21', to: TODAY, grain: 'day', sort: 'growth' });
    expect(daysBetween('2026-04-21', TODAY)).toBe(30);
  });

  it('reads a whole view back', () => {
    expect(read('orgId=42&from=2026-01-01&to=2026-03-31&grain=month&sort=verifiedShare')).toEqual({
      orgId: '42',
      from: '2026-01-01',
      to: '2026-03-31',
      grain: 'month',
      sort: 'verifiedShare',
    });
  });

  it('drops bad parameters one by one and keeps the others', () => {
    expect(read('orgId=abc&grain=year&sort=random&from=2026-01-01&to=2026-01-31')).toEqual({ from: '2026-01-01', to: '2026-01-31', grain: 'day', sort: 'growth' });
  });

  it('takes a period only whole, real, in order and not in the future', () => {
    const fallback = { from: '2026-04-21', to: TODAY };
    for (const query of ['from=2026-01-01', 'to=2026-01-01', 'from=2026-02-30&to=2026-03-01', 'from=2026-03-02&to=2026-03-01', 'from=2026-05-01&to=2026-05-21', 'from=20260101&to=20260102']) {
      expect(read(query)).toMatchObject(fallback);
    }
    expect(read('from=2026-05-20&to=2026-05-20')).toMatchObject({ from: TODAY, to: TODAY });
  });

  it('takes no period longer than the server answers (3 × 366 days)', () => {
    const longest = addDays(TODAY, -(MAX_PERIOD_DAYS - 1));
    expect(read(`from=${longest}&to=${TODAY}`)).toMatchObject({ from: longest, to: TODAY });
    expect(read(`from=${addDays(longest, -1)}&to=${TODAY}`)).toMatchObject({ from: '2026-04-21', to: TODAY });
  });

  it('lets the picker choose days up to today, within the longest period of the end chosen first', () => {
    expect(isPickable(TODAY, TODAY)).toBe(true);
    expect(isPickable('2026-05-21', TODAY)).toBe(false);
    expect(isPickable(addDays('2026-01-01', -(MAX_PERIOD_DAYS - 1)), TODAY, '2026-01-01')).toBe(true);
    expect(isPickable(addDays('2026-01-01', -MAX_PERIOD_DAYS), TODAY, '2026-01-01')).toBe(false);
    expect(isPickable('2026-03-01', TODAY, '2026-01-01')).toBe(true);
  });

  it('writes every parameter (the sort only when not the default) and round-trips', () => {
    const view = { orgId: '7', from: '2026-05-01', to: '2026-05-20', grain: 'week' as const, sort: 'growth' as const };
    const params = statsViewParams(view);
    expect(params.toString()).toBe('orgId=7&from=2026-05-01&to=2026-05-20&grain=week');
    expect(readStatsView(params, TODAY)).toEqual(view);
    expect(statsViewParams({ ...view, orgId: undefined, sort: 'name' }).toString()).toBe('from=2026-05-01&to=2026-05-20&grain=week&sort=name');
  });

  it('compares parameters whatever their order', () => {
    expect(sameParams(new URLSearchParams('a=1&b=2'), new URLSearchParams('b=2&a=1'))).toBe(true);
    expect(sameParams(new URLSearchParams('a=1'), new URLSearchParams('a=1&b=2'))).toBe(false);
  });
});

describe('China dates', () => {
  it('is the China date whatever the browser’s zone', () => {
    expect(chinaToday(Date.parse('2026-05-19T15:59:59Z'))).toBe('2026-05-19');
    expect(chinaToday(Date.parse('2026-05-19T16:00:00Z'))).toBe('2026-05-20');
  });

  it('checks, adds and counts calendar days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -12)).toBe('2025-01-15');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(365);
  });

  it('offers presets that end today', () => {
    const presets = Object.fromEntries(periodPresets(TODAY).map((p) => [p.key, [p.from, p.to]]));
    expect(presets).toEqual({
      last7: ['2026-05-14', TODAY],
      last30: ['2026-04-21', TODAY],
      last90: ['2026-02-20', TODAY],
      thisYear: ['2026-01-01', TODAY],
      last12Months: ['2025-05-21', TODAY],
    });
  });

  it('suggests a grain that draws a readable number of points', () => {
    expect(suggestedGrain('2026-04-21', TODAY)).toBe('day');
    expect(suggestedGrain('2025-05-21', TODAY)).toBe('week');
    expect(suggestedGrain('2023-01-01', TODAY)).toBe('month');
  });

  it('coarsens the chosen grain for a long period, never refines it', () => {
    expect(grainForPeriod('day', '2025-05-21', TODAY)).toBe('week');
    expect(grainForPeriod('month', '2026-05-14', TODAY)).toBe('month');
    expect(grainForPeriod('week', '2026-04-21', TODAY)).toBe('week');
  });
});
