/** Words for the membership fields of `Me`. */
import {
  maskPhone,
  type IdentityReviewKind,
  type IdentityReviewStatus,
  type JoinRequestKind,
  type JoinRequestStatus,
  type Me,
  type MembershipEventKind,
  type MemberStatus,
  type NotificationKind,
  type OrgType,
} from '@gonghui/contracts';
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

export function formatDate(iso: string | null, lang: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric' }).format(date);
}

export function formatDateTime(iso: string | null, lang: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

/** "3 分钟前" style for recent times, the date for older ones (messages). */
export function formatRelative(iso: string, lang: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  if (seconds < 60) return rtf.format(0, 'second');
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86400) return rtf.format(-Math.floor(seconds / 3600), 'hour');
  if (seconds < 7 * 86400) return rtf.format(-Math.floor(seconds / 86400), 'day');
  return formatDate(iso, lang) ?? iso;
}

export function eventKindKey(kind: MembershipEventKind): MessageKey {
  return `event.${kind}`;
}

export function joinKindKey(kind: JoinRequestKind): MessageKey {
  return `joinKind.${kind}`;
}

export function joinStatusKey(status: JoinRequestStatus): MessageKey {
  return `joinStatus.${status}`;
}

export function reviewStatusKey(status: IdentityReviewStatus): MessageKey {
  return `reviewStatus.${status}`;
}

export function reviewKindKey(kind: IdentityReviewKind): MessageKey {
  return `reviewKind.${kind}`;
}

/** Where a message leads when tapped. */
export function notificationTarget(kind: NotificationKind): string | null {
  if (kind.startsWith('verification_')) return '/verify';
  if (kind.startsWith('correction_')) return '/my-data';
  if (kind.startsWith('join_') || kind.startsWith('transfer_') || kind === 'held' || kind === 'held_reminder' || kind === 'ended') return '/membership';
  return null;
}

/** A number in groups of four, as printed on cards; a letter prefix (GD) stands apart. */
export function groupDigits(value: string, size = 4): string {
  const compact = value.replace(/\s/g, '');
  const match = /^([A-Za-z]+)(\d+)$/.exec(compact);
  const group = (digits: string) => digits.replace(new RegExp(`(.{${size}})(?=.)`, 'g'), '$1 ');
  return match ? `${match[1]} ${group(match[2] ?? '')}` : group(compact);
}
