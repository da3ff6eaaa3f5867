/**
 * The electronic membership card. Its QR code carries `GH1:<cardNo>:<step>:<code>`, where step is
 * the current minute and code eight digits of an HMAC over card number and step under a server
 * key: a screenshot stops working within two minutes, and staff can type card number + code when
 * a camera is not at hand.
 */
import { CARD_TOKEN_STEP_SECONDS, type CardCheckResponse, type MemberCard } from '@gonghui/contracts';
import QRCode from 'qrcode';
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import type { AdminActor } from '../../platform/scope.js';
import * as members from '../members/members.repository.js';
import { recordParticipation } from '../stats/stats.repository.js';

const STEP_MS = CARD_TOKEN_STEP_SECONDS * 1000;
/** Steps accepted besides the current one: the previous minute (a code shown at 09:00:59 still works at 09:01:30). */
const GRACE_STEPS = 1;
const CARD_STATUSES = new Set(['active', 'held']);

export function cardCode(cipher: AppContext['cipher'], cardNo: string, step: number): string {
  const mac = cipher.lookupHash('card_token', `${cardNo}:${step}`);
  // dynamic truncation as in RFC 4226, to 8 decimal digits
  const bytes = Buffer.from(mac, 'base64url');
  const offset = bytes[bytes.length - 1]! & 0x0f;
  const n = (bytes.readUInt32BE(offset) & 0x7fffffff) % 100_000_000;
  return String(n).padStart(8, '0');
}

export async function ownCard(ctx: Pick<AppContext, 'db' | 'cipher'>, accountId: string, now = new Date()): Promise<MemberCard> {
  const m = await members.findMemberByAccount(ctx.db, accountId);
  if (!m || !m.cardNo || !CARD_STATUSES.has(m.status)) throw new AppError('NO_MEMBER_CARD');
  const step = Math.floor(now.getTime() / STEP_MS);
  const code = cardCode(ctx.cipher, m.cardNo, step);
  const token = `GH1:${m.cardNo}:${step}:${code}`;
  const expiresAt = new Date((step + 1 + GRACE_STEPS) * STEP_MS);
  return {
    cardNo: m.cardNo,
    name: m.name ?? '',
    orgName: m.orgName ?? '',
    status: m.status,
    joinedAt: m.joinedAt,
    token,
    code,
    expiresAt: expiresAt.toISOString(),
    refreshInSeconds: Math.max(1, Math.ceil(((step + 1) * STEP_MS - now.getTime()) / 1000)),
    qrDataUrl: await QRCode.toDataURL(token, { margin: 1, width: 360, errorCorrectionLevel: 'M' }),
  };
}

const maskName = (name: string | null) => (name ? name.slice(0, 1) + '*'.repeat(Math.max(1, name.length - 1)) : '');

/**
 * Check a card at a service point. Any staff member may check any card of the province (a member
 * of Shenzhen is served in Guangzhou too); the answer shows only what the check needs.
 */
export async function checkCard(
  ctx: Pick<AppContext, 'db' | 'cipher' | 'audit'>,
  { actor, input, meta, now = new Date() }: { actor: AdminActor; input: { token: string } | { cardNo: string; code: string }; meta: RequestMeta; now?: Date },
): Promise<CardCheckResponse> {
  const checkedAt = now.toISOString();
  const currentStep = Math.floor(now.getTime() / STEP_MS);
  let cardNo: string;
  let code: string;
  let steps: number[];
  if ('token' in input) {
    const match = /^GH1:([A-Z0-9]{1,20}):(\d{1,12}):(\d{8})$/.exec(input.token.trim());
    if (!match) return { result: 'invalid', card: null, checkedAt };
    cardNo = match[1]!;
    code = match[3]!;
    steps = [Number(match[2])];
  } else {
    cardNo = input.cardNo.trim().toUpperCase();
    code = input.code;
    steps = Array.from({ length: GRACE_STEPS + 1 }, (_, i) => currentStep - i);
  }
  const signed = steps.find((s) => s <= currentStep + 1 && timingSafeEqual(Buffer.from(cardCode(ctx.cipher, cardNo, s)), Buffer.from(code)));
  const m = signed === undefined ? null : await members.findMemberByCardNo(ctx.db, cardNo);
  let result: CardCheckResponse['result'];
  if (signed === undefined || !m) result = 'invalid';
  else if (signed < currentStep - GRACE_STEPS) result = 'expired';
  else if (!CARD_STATUSES.has(m.status)) result = 'not_member';
  else result = 'valid';
  // a member served in person with their card: participation in membership services (statistics)
  if (result === 'valid' && m?.orgPath) await recordParticipation(ctx.db, { memberId: m.id, orgPath: m.orgPath, source: 'membership', subjectId: String(actor.orgId), action: 'card_checked', at: now });
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'card.check', objectType: 'member', objectId: m?.id ?? null, orgId: m?.orgId ?? null, orgPath: m?.orgPath ?? null, outcome: result === 'valid' ? 'success' : 'failure', details: { result, cardNo: cardNo.slice(0, 20) }, meta });
  return {
    result,
    card: m && result !== 'invalid' ? { cardNo: m.cardNo!, name: maskName(m.name), orgName: m.orgName, status: m.status, joinedAt: m.joinedAt } : null,
    checkedAt,
  };
}
