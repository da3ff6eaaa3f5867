/**
 * Date-time pickers in China time (UTC+8, no daylight saving) whatever the browser's zone: the
 * picker shows wall-clock values, which this module reads as Beijing time and writes as ISO 8601
 * with `+08:00`.
 */
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';

const OFFSET_MS = 8 * 60 * 60 * 1000;

/** The picker value showing `iso` as Beijing wall-clock time. */
export function chinaPickerValue(iso: string | null | undefined): Dayjs | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms + OFFSET_MS);
  return dayjs(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
}

/** ISO 8601 of the wall-clock time shown in the picker, read as Beijing time. */
export function isoOfChinaPicker(value: Dayjs | null | undefined): string | undefined {
  if (!value || !value.isValid()) return undefined;
  return `${value.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}

/** Now as Beijing wall-clock time, for picker defaults and disabled dates. */
export function chinaNow(): Dayjs {
  return chinaPickerValue(new Date().toISOString()) ?? dayjs();
}
