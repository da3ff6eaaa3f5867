/**
 * Working days elapsed between two instants, counted in China Standard Time (UTC+8), Monday to
 * Friday. Public holidays and their make-up working days are not modelled yet: the figure can be
 * off by the holidays in between, which only matters for the "waiting over 3 working days" flags.
 */
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export function workingDaysBetween(from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  const startDay = Math.floor((from.getTime() + CST_OFFSET_MS) / DAY_MS);
  const endDay = Math.floor((to.getTime() + CST_OFFSET_MS) / DAY_MS);
  let n = 0;
  // Whole days after the day of filing, up to and including today; 1970-01-01 was a Thursday.
  for (let d = startDay + 1; d <= endDay; d++) {
    const weekday = (d + 4) % 7; // 0 = Sunday
    if (weekday !== 0 && weekday !== 6) n++;
  }
  return n;
}

/**
 * The latest filing instant that has waited more than `days` working days by `now`: the end (China
 * time) of the latest calendar day whose filings are overdue. For "only overdue" list filters.
 */
export function overdueCutoff(now: Date, days: number): Date {
  let t = new Date(now.getTime());
  while (workingDaysBetween(t, now) <= days) t = new Date(t.getTime() - DAY_MS);
  return new Date(Math.floor((t.getTime() + CST_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS - 1 - CST_OFFSET_MS);
}
