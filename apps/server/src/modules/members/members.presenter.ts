/** Member records leave the server only through here; personal data is masked unless revealed. */
import { maskIdNumber, maskPhone, type AdminMember, type Me } from '@gonghui/contracts';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import type { MemberWithOrg } from './members.repository.js';

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
