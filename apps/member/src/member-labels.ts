/** Words for the membership fields of `Me`. */
import { maskPhone, type Me, type MemberStatus, type OrgType } from '@gonghui/contracts';
import type { MessageKey } from './i18n';

type Verification = NonNullable<Me['member']>['verification'];

export function memberStatusKey(status: MemberStatus): MessageKey {
  return `memberStatus.${status}`;
}

export function verificationKey(verification: Verification): MessageKey {
  return `verification.${verification}`;
}

export function orgTypeKey(type: OrgType): MessageKey {
  return `orgType.${type}`;
}

/** The server already masks `me.phone`; mask again if a full number ever arrives. */
export function displayPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? maskPhone(phone) : phone;
}

/** Is the account a member in good standing (or on the way to one)? */
export function hasMembership(me: Me): boolean {
  return me.member !== null && (me.member.status === 'active' || me.member.status === 'held' || me.member.status === 'pending');
}

export function formatDate(iso: string | null, lang: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric' }).format(date);
}
