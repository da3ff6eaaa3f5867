/** Member records leave the server only through here; personal data is masked unless revealed. */
import { maskIdNumber, maskPhone, type AdminMember, type Me, type MemberDetail, type MembershipEvent, type MembershipEventKind } from '@gonghui/contracts';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import type { OrgRow } from '../orgs/orgs.repository.js';
import type { MembershipEventRow, MemberWithOrg } from './members.repository.js';

export function presentAdminMember(m: MemberWithOrg, cipher: PersonalDataCipher): AdminMember {
  return {
    id: m.id,
    name: m.name,
    gender: m.gender,
    phone: m.phoneEnc ? maskPhone(cipher.decrypt(m.phoneEnc)) : null,
    idNumber: m.idNumberEnc ? maskIdNumber(cipher.decrypt(m.idNumberEnc)) : null,
    status: m.status,
    verification: m.verification,
    cardNo: m.cardNo,
    orgId: m.orgId === null ? null : String(m.orgId),
    orgName: m.orgName,
    employer: m.employer,
    joinedAt: m.joinedAt,
  };
}

export function presentMemberDetail(
  d: { member: MemberWithOrg; path: OrgRow[]; events: Array<MembershipEventRow & { fromOrg: string | null; toOrg: string | null }> },
  cipher: PersonalDataCipher,
): MemberDetail {
  const m = d.member;
  return {
    ...presentAdminMember(m, cipher),
    birthDate: m.birthDate,
    industry: m.industry,
    education: m.education,
    hometown: m.hometown,
    hasAccount: m.accountId !== null,
    orgPath: d.path.map((o) => ({ id: String(o.id), name: o.name })),
    endReason: m.endReason,
    events: presentEvents(d.events),
  };
}

/** The timeline, newest first. */
export function presentEvents(events: Array<MembershipEventRow & { fromOrg: string | null; toOrg: string | null }>): MembershipEvent[] {
  return events.map((e) => ({
    id: String(e.id),
    kind: e.kind as MembershipEventKind,
    fromOrg: e.fromOrg,
    toOrg: e.toOrg,
    reason: e.reason,
    actor: e.actorName,
    at: e.at.toISOString(),
  }));
}

export function presentOwnMembership(m: MemberWithOrg | null): Me['member'] {
  if (!m) return null;
  return {
    id: m.id,
    name: m.name,
    status: m.status,
    verification: m.verification,
    cardNo: m.cardNo,
    orgId: m.orgId === null ? null : String(m.orgId),
    orgName: m.orgName,
    joinedAt: m.joinedAt,
  };
}
