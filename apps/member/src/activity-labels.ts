/** Words for activities, tickets and lottery entries. */
import type { Activity, ActivityMode, Audience, LotteryEntry, Ticket } from '@gonghui/contracts';
import type { ActivityPhase } from './activity-time';
import type { MessageKey, MessageParams } from './i18n';

export function modeKey(mode: ActivityMode): MessageKey {
  return `activity.mode.${mode}`;
}

export function phaseKey(phase: ActivityPhase, mode: ActivityMode): MessageKey {
  if (phase === 'open') return `activity.phase.open.${mode}`;
  if (phase === 'ended' && mode === 'lottery') return 'activity.phase.ended.lottery';
  return `activity.phase.${phase}`;
}

export function entryStatusKey(status: LotteryEntry['status']): MessageKey {
  return `entryStatus.${status}`;
}

export function ticketStatusKey(status: Ticket['status']): MessageKey {
  return `ticketStatus.${status}`;
}

/** The refusal codes of a grab that have their own headline. */
export const GRAB_REFUSALS = ['SOLD_OUT', 'NOT_OPEN', 'LIMIT_REACHED', 'NOT_ELIGIBLE', 'RATE_LIMITED', 'POW_INVALID', 'POW_REQUIRED'] as const;
export type GrabRefusal = (typeof GRAB_REFUSALS)[number];

export function isGrabRefusal(code: string): code is GrabRefusal {
  return (GRAB_REFUSALS as readonly string[]).includes(code);
}

export function refusalTitleKey(code: string): MessageKey {
  return isGrabRefusal(code) ? `grab.refused.${code}` : 'grab.refused.other';
}

/** The audience rules beyond "verified active member", one line each. */
export function audienceLines(audience: Audience, t: (key: MessageKey, params?: MessageParams) => string, listSeparator: string): string[] {
  const lines: string[] = [t('activity.rule.audienceBase')];
  if (audience.industries.length > 0) lines.push(t('activity.rule.industries', { list: audience.industries.join(listSeparator) }));
  if (audience.minSeniorityYears !== null && audience.minSeniorityYears > 0) lines.push(t('activity.rule.seniority', { years: audience.minSeniorityYears }));
  if (audience.minAge !== null && audience.maxAge !== null) lines.push(t('activity.rule.age', { min: audience.minAge, max: audience.maxAge }));
  else if (audience.minAge !== null) lines.push(t('activity.rule.ageMin', { min: audience.minAge }));
  else if (audience.maxAge !== null) lines.push(t('activity.rule.ageMax', { max: audience.maxAge }));
  if (audience.hometownProvinces.length > 0) lines.push(t('activity.rule.hometown', { list: audience.hometownProvinces.join(listSeparator) }));
  return lines;
}

/** Whether the member may take part, as far as the server told (null: it did not say). */
export function ineligibility(activity: Pick<Activity, 'eligible' | 'ineligibleReason'>): { blocked: boolean; reason: string | null } {
  return { blocked: activity.eligible === false, reason: activity.ineligibleReason };
}
