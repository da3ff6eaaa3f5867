/**
 * Time for activities: the server's clock as seen from this device (the countdown must open the
 * grab when the server opens it, not when a phone with a wrong clock thinks so), the phase of an
 * activity at a given instant, and how windows and countdowns are written.
 */
import type { Activity } from '@gonghui/contracts';
import type { Lang } from './i18n';

/**
 * Server clock minus device clock, in milliseconds, from a response's `serverTime`: the server
 * answered somewhere between sending and receiving, so the midpoint is the best guess (the error is
 * at most half the round trip). Null when `serverTime` is unreadable.
 */
export function clockOffset(serverTime: string, sentAt: number, receivedAt: number): number | null {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return null;
  return Math.round(server - (sentAt + receivedAt) / 2);
}

/** A response with the offset measured around it. */
export interface Timed<T> {
  data: T;
  offsetMs: number;
}

/** Runs `load` and measures the clock offset from the `serverTime` that `pick` finds in its answer. */
export async function timed<T>(load: () => Promise<T>, pick: (data: T) => string | undefined): Promise<Timed<T>> {
  const sentAt = Date.now();
  const data = await load();
  const receivedAt = Date.now();
  const serverTime = pick(data);
  return { data, offsetMs: serverTime ? (clockOffset(serverTime, sentAt, receivedAt) ?? 0) : 0 };
}

export type ActivityPhase =
  /** Before the window. */
  | 'upcoming'
  /** First come first served: in the window with places left. Lottery: registration open. */
  | 'open'
  /** First come first served: in the window, every session sold out. */
  | 'sold_out'
  /** After the window (or closed by the union); lotteries: before the draw. */
  | 'ended'
  /** Lottery: the draw was made. */
  | 'drawn'
  | 'cancelled';

export function windowStartMs(activity: Pick<Activity, 'windowStart'>): number {
  return Date.parse(activity.windowStart);
}

export function windowEndMs(activity: Pick<Activity, 'windowEnd'>): number {
  return Date.parse(activity.windowEnd);
}

export function placesLeft(activity: Pick<Activity, 'sessions'>): { remaining: number; capacity: number } {
  let remaining = 0;
  let capacity = 0;
  for (const session of activity.sessions) {
    remaining += Math.max(0, session.remaining);
    capacity += session.capacity;
  }
  return { remaining, capacity };
}

/** The phase of `activity` at the server instant `now` (ms). */
export function activityPhase(activity: Activity, now: number): ActivityPhase {
  if (activity.status === 'cancelled') return 'cancelled';
  if (activity.mode === 'lottery' && (activity.lottery?.drawnAt || activity.lottery?.seed)) return 'drawn';
  if (activity.status === 'closed' || now >= windowEndMs(activity)) return 'ended';
  if (now < windowStartMs(activity)) return 'upcoming';
  if (activity.mode === 'fcfs' && activity.sessions.length > 0 && placesLeft(activity).remaining === 0) return 'sold_out';
  return 'open';
}

export interface CountdownParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  totalSeconds: number;
}

/** Whole units left until `target` (rounded up to the second, so 0 is shown only at the instant). */
export function countdownParts(target: number, now: number): CountdownParts {
  const totalSeconds = Math.max(0, Math.ceil((target - now) / 1000));
  return {
    days: Math.floor(totalSeconds / 86_400),
    hours: Math.floor((totalSeconds % 86_400) / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
    totalSeconds,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2 天 03:04:05" / "2d 03:04:05", or "03:04:05" within a day. */
export function formatCountdown(parts: CountdownParts, lang: Lang): string {
  const clock = `${pad(parts.hours)}:${pad(parts.minutes)}:${pad(parts.seconds)}`;
  if (parts.days === 0) return clock;
  return lang === 'en' ? `${parts.days}d ${clock}` : `${parts.days} 天 ${clock}`;
}

/**
 * Activities are announced in Beijing time ("9:00 开抢"), so they are shown in Beijing time on
 * every device, whatever its time zone.
 */
export const ACTIVITY_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, kind: 'dateTime' | 'time' | 'dateTimeYear'): Intl.DateTimeFormat {
  const key = `${lang}|${kind}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hour12: false }
        : kind === 'dateTime'
          ? { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }
          : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false };
    found = new Intl.DateTimeFormat(lang, { ...options, timeZone: ACTIVITY_TIME_ZONE });
    formatters.set(key, found);
  }
  return found;
}

function dayKey(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ACTIVITY_TIME_ZONE }).format(ms);
}

/** A date and time of an activity, e.g. "12月1日周一 09:00". */
export function formatActivityTime(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const thisYear = dayKey(Date.now()).slice(0, 4) === dayKey(ms).slice(0, 4);
  return formatter(lang, thisYear ? 'dateTime' : 'dateTimeYear').format(ms);
}

/** A window, with the end's date left out when it is the same day: "12月1日周一 09:00 – 18:00". */
export function formatWindow(startIso: string, endIso: string, lang: Lang): string {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  if (Number.isNaN(start) || Number.isNaN(end)) return `${startIso} – ${endIso}`;
  const endText = dayKey(start) === dayKey(end) ? formatter(lang, 'time').format(end) : formatActivityTime(endIso, lang);
  return `${formatActivityTime(startIso, lang)} – ${endText}`;
}

/** Thousands separators for counts of places. */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang).format(n);
}
