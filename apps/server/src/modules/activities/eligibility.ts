/** Who may take part in an activity: verified active members of its audience. */
import type { ActivityRow } from './activities.repository.js';
import type { MemberEligibility } from '../members/members.repository.js';

export type Eligibility = { ok: true } | { ok: false; reason: string; reasonEn: string };
const no = (reason: string, reasonEn: string): Eligibility => ({ ok: false, reason, reasonEn });

function yearsBetween(from: string, at: Date): number {
  const d = new Date(`${from}T00:00:00+08:00`);
  let years = at.getUTCFullYear() - d.getUTCFullYear();
  if (at.getUTCMonth() < d.getUTCMonth() || (at.getUTCMonth() === d.getUTCMonth() && at.getUTCDate() < d.getUTCDate())) years--;
  return years;
}

export function eligibilityOf(m: MemberEligibility | null, a: Pick<ActivityRow, 'orgPath' | 'audience'>, at: Date): Eligibility {
  if (!m || m.verification !== 'verified') return no('请先完成实名认证', 'verify your identity first');
  if (m.status !== 'active') return no('仅限在会会员参加', 'only active members may take part');
  const path = m.orgPath ?? '';
  if (!path.startsWith(a.orgPath)) return no('您所在工会不在活动范围内', 'your union is not in the audience');
  const au = a.audience;
  if (au.orgIds.length && !au.orgIds.some((id) => path.includes(`/${id}/`))) return no('您所在工会不在活动范围内', 'your union is not in the audience');
  if (au.industries.length && !au.industries.includes(m.industry ?? '')) return no('行业不符合活动要求', 'your industry is not in the audience');
  if (au.minSeniorityYears !== null && (!m.joinedAt || yearsBetween(m.joinedAt, at) < au.minSeniorityYears)) return no(`会龄须满 ${au.minSeniorityYears} 年`, `at least ${au.minSeniorityYears} years of membership are required`);
  if ((au.minAge !== null || au.maxAge !== null) && m.birthDate) {
    const age = yearsBetween(m.birthDate, at);
    if (au.minAge !== null && age < au.minAge) return no(`年龄须满 ${au.minAge} 岁`, `you must be at least ${au.minAge}`);
    if (au.maxAge !== null && age > au.maxAge) return no(`年龄须在 ${au.maxAge} 岁以下`, `you must be at most ${au.maxAge}`);
  }
  if (au.hometownProvinces.length && !au.hometownProvinces.some((p) => (m.hometown ?? '').startsWith(p))) return no('籍贯不在本活动范围内', 'your hometown is not in the audience');
  return { ok: true };
}
