/**
 * What the statistics page shows, kept in the URL (`?orgId&from&to&grain&sort`) so a link
 * reproduces the view: read back leniently (a bad parameter falls back to its default, the others
 * stay) and written in full, so a copied link does not drift with "the last 30 days".
 */
import { STATS_CHILD_SORTS, STATS_GRAINS, STATS_MAX_PERIOD_DAYS } from '@gonghui/contracts';
import type { StatsGrain } from '@gonghui/contracts';

export type StatsChildSort = (typeof STATS_CHILD_SORTS)[number];

export interface StatsView {
  /** Absent: the admin's own organization. */
  orgId?: string;
  from: string;
  to: string;
  grain: StatsGrain;
  sort: StatsChildSort;
}

/** The period shown when the URL names none: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;
/**
 * The longest period the server answers (days, both ends included): it refuses `to − from` of
 * 3 × 366 days or more. The contract does not say so; this mirrors apps/server's stats.service.
 */
export const MAX_PERIOD_DAYS = STATS_MAX_PERIOD_DAYS;

const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date in China (UTC+8, no daylight saving) as YYYY-MM-DD, whatever the browser's zone. */
export function chinaToday(now: number = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** `days` after (or, negative, before) a YYYY-MM-DD date. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Inclusive number of days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: addDays(today, -(DEFAULT_PERIOD_DAYS - 1)), to: today };
}

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * The view named by the URL. A period is taken only whole and sane (both dates real, in order,
 * not after today, not longer than the server answers): anything else is the default period, so a half-edited link still shows data.
 */
export function readStatsView(params: URLSearchParams, today: string): StatsView {
  const orgId = params.get('orgId') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const periodOk = isIsoDate(from) && isIsoDate(to) && from <= to && to <= today && daysBetween(from, to) <= MAX_PERIOD_DAYS;
  return {
    ...(/^\d{1,18}$/.test(orgId) ? { orgId } : {}),
    ...(periodOk ? { from, to } : defaultPeriod(today)),
    grain: oneOf(STATS_GRAINS, params.get('grain'), 'day'),
    sort: oneOf(STATS_CHILD_SORTS, params.get('sort'), 'growth'),
  };
}

/** The URL parameters of a view: every one written (the sort only when not the default). */
export function statsViewParams(view: StatsView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.orgId) params.set('orgId', view.orgId);
  params.set('from', view.from);
  params.set('to', view.to);
  params.set('grain', view.grain);
  if (view.sort !== 'growth') params.set('sort', view.sort);
  return params;
}

/** Whether the URL already says exactly this view (no rewrite needed). */
export function sameParams(a: URLSearchParams, b: URLSearchParams): boolean {
  const sorted = (p: URLSearchParams) => [...p.entries()].sort(([x], [y]) => x.localeCompare(y)).join('&');
  return sorted(a) === sorted(b);
}

/**
 * The grain that suits a period when the chosen one would draw too many or too few points: days
 * up to about three months, weeks up to about a year, months beyond.
 */
export function suggestedGrain(from: string, to: string): StatsGrain {
  const days = daysBetween(from, to);
  if (days <= 92) return 'day';
  if (days <= 366) return 'week';
  return 'month';
}

const GRAIN_RANK: Record<StatsGrain, number> = { day: 0, week: 1, month: 2 };

/** The grain to keep when the period changes: the chosen one, coarsened if it would draw too many points. */
export function grainForPeriod(current: StatsGrain, from: string, to: string): StatsGrain {
  const suggested = suggestedGrain(from, to);
  return GRAIN_RANK[suggested] > GRAIN_RANK[current] ? suggested : current;
}

/**
 * Whether the date picker offers `day` (YYYY-MM-DD): never after today, and once one end is
 * chosen, not so far from it that the period grows too long.
 */
export function isPickable(day: string, today: string, chosenEnd?: string): boolean {
  if (day > today) return false;
  return !chosenEnd || daysBetween(day < chosenEnd ? day : chosenEnd, day < chosenEnd ? chosenEnd : day) <= MAX_PERIOD_DAYS;
}

/** The period presets of the date picker, ending today. */
export function periodPresets(today: string): { key: 'last7' | 'last30' | 'last90' | 'thisYear' | 'last12Months'; from: string; to: string }[] {
  return [
    { key: 'last7', from: addDays(today, -6), to: today },
    { key: 'last30', from: addDays(today, -29), to: today },
    { key: 'last90', from: addDays(today, -89), to: today },
    { key: 'thisYear', from: `${today.slice(0, 4)}-01-01`, to: today },
    { key: 'last12Months', from: addDays(addMonths(today, -12), 1), to: today },
  ];
}

/** The same day `months` later (clamped to the month's last day). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}
