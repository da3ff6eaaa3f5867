/**
 * The members database for admins: scoped search and filters, the detail page, adding a member to
 * a base union, editing, holding a departed member at the union above (上挂) and ending a
 * membership. Personal data is encrypted here and masked by the presenter; every write is audited.
 */
import { END_REASON_LABELS, parseIdNumber, type MemberSearchQuery } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { assertOrgInScope, type AdminActor } from '../../platform/scope.js';
import { deliver, notifyAccount, Outbox, type NotifyDeps } from '../notifications/notifications.service.js';
import { findOrgById, findOrgsByIds } from '../orgs/orgs.repository.js';
import { getOrgInScope, parseOrgId } from '../orgs/orgs.service.js';
import { applyTransition, recordAdded, type TransitionActor } from './membership.service.js';
import * as repo from './members.repository.js';

type Deps = Pick<AppContext, 'db' | 'cipher' | 'audit'>;
type HoldDeps = Deps & NotifyDeps;
const transitionActor = (a: AdminActor): TransitionActor => ({ type: 'admin', id: a.id, name: a.displayName });

export function membershipOfAccount(ctx: Pick<AppContext, 'db'>, accountId: string) {
  return repo.findMemberByAccount(ctx.db, accountId);
}

/** Birth dates that make someone the given age band today. */
export function birthRangeOf(band: string | undefined, today = new Date()): { bornFrom?: string; bornTo?: string } {
  if (!band) return {};
  const [lo, hi] = band.endsWith('+') ? [Number(band.slice(0, -1)), null] : band.split('-').map(Number);
  const shift = (years: number, days = 0) => {
    const d = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() + days));
    return d.toISOString().slice(0, 10);
  };
  return { bornTo: shift(lo!), ...(hi === null || hi === undefined ? {} : { bornFrom: shift(hi + 1, 1) }) };
}

export async function buildMemberFilter(ctx: Deps, actor: AdminActor, q: Omit<MemberSearchQuery, 'page' | 'pageSize'>): Promise<repo.MemberFilter> {
  const pathPrefix = q.orgId ? (await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(q.orgId) })).path : actor.orgPath;
  let idNumberHash: string | undefined;
  if (q.idNumber) {
    const parsed = parseIdNumber(q.idNumber);
    idNumberHash = ctx.cipher.lookupHash('id_number', parsed.ok ? parsed.idNumber : q.idNumber.trim().toUpperCase());
  }
  return {
    pathPrefix,
    namePrefix: q.q,
    phoneHash: q.phone ? ctx.cipher.lookupHash('phone', q.phone.replace(/[\s-]/g, '')) : undefined,
    idNumberHash,
    cardNo: q.cardNo,
    employer: q.employer,
    status: q.status,
    verification: q.verification,
    gender: q.gender,
    ...birthRangeOf(q.ageBand),
    industry: q.industry,
    joinedFrom: q.joinedFrom,
    joinedTo: q.joinedTo,
  };
}

export async function searchMembers(ctx: Deps, { actor, query }: { actor: AdminActor; query: MemberSearchQuery }) {
  const filter = await buildMemberFilter(ctx, actor, query);
  return repo.listMembers(ctx.db, filter, (query.page - 1) * query.pageSize, query.pageSize);
}

/** A member the actor may see: missing and out of scope look the same. */
async function memberInScope(db: DbOrTx, actor: AdminActor, id: string, forUpdate = false) {
  const m = await repo.findMemberById(db, id, { forUpdate });
  assertOrgInScope(actor, m?.orgPath);
  return m!;
}

export async function memberDetail(ctx: Deps, { actor, id }: { actor: AdminActor; id: string }) {
  const member = await memberInScope(ctx.db, actor, id);
  const ancestorIds = (member.orgPath ?? '').split('/').filter(Boolean).map(Number);
  const path = (await findOrgsByIds(ctx.db, ancestorIds)).filter((o) => o.path.startsWith(actor.orgPath)).sort((a, b) => a.depth - b.depth);
  const events = await repo.listEvents(ctx.db, member.id);
  return { member, path, events };
}

export async function addMember(
  ctx: Deps,
  { actor, input, meta }: { actor: AdminActor; input: { orgId: string; idNumber: string; name: string; phone?: string | null; employer?: string | null; industry?: string | null; education?: string | null; hometown?: string | null; joinedAt?: string | undefined }; meta: RequestMeta },
) {
  const org = await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(input.orgId) });
  if (org.level !== 'base' || org.status !== 'active') throw new AppError('NOT_A_BASE_UNION');
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw new AppError('ID_NUMBER_INVALID', { params: { reason: parsed.reason, reasonEn: parsed.reasonEn } });
  const id = await ctx.db.transaction(async (tx) => {
    const member = await repo.insertMember(tx, {
      name: input.name,
      idNumberEnc: ctx.cipher.encrypt(parsed.idNumber),
      idNumberHash: ctx.cipher.lookupHash('id_number', parsed.idNumber),
      phoneEnc: input.phone ? ctx.cipher.encrypt(input.phone) : null,
      phoneHash: input.phone ? ctx.cipher.lookupHash('phone', input.phone) : null,
      gender: parsed.gender,
      birthDate: parsed.birthDate,
      orgId: org.id,
      status: 'active',
      verification: 'unverified',
      cardNo: await repo.nextCardNo(tx),
      employer: input.employer ?? org.name.replace(/工会$/, ''),
      industry: input.industry ?? null,
      education: input.education ?? null,
      hometown: input.hometown ?? null,
      joinedAt: input.joinedAt ?? new Date().toISOString().slice(0, 10),
    });
    if (!member) throw new AppError('PERSON_EXISTS');
    await recordAdded(tx, { member, actor: transitionActor(actor) });
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'member.add', objectType: 'member', objectId: member.id, orgId: org.id, orgPath: org.path, outcome: 'success', details: { name: member.name }, meta }, tx);
    return member.id;
  });
  return memberDetail(ctx, { actor, id });
}

export async function editMember(
  ctx: Deps,
  { actor, id, input, meta }: { actor: AdminActor; id: string; input: { name?: string | undefined; phone?: string | null | undefined; employer?: string | null | undefined; industry?: string | null | undefined; education?: string | null | undefined; hometown?: string | null | undefined; idNumber?: string | undefined }; meta: RequestMeta },
) {
  await ctx.db.transaction(async (tx) => {
    const member = await memberInScope(tx, actor, id, true);
    const values: Partial<repo.NewMember> = {};
    const changed: string[] = [];
    for (const key of ['name', 'employer', 'industry', 'education', 'hometown'] as const) {
      if (input[key] !== undefined && input[key] !== member[key]) {
        values[key] = input[key] ?? null;
        changed.push(key);
      }
    }
    if (input.phone !== undefined) {
      values.phoneEnc = input.phone ? ctx.cipher.encrypt(input.phone) : null;
      values.phoneHash = input.phone ? ctx.cipher.lookupHash('phone', input.phone) : null;
      changed.push('phone');
    }
    if (input.idNumber !== undefined) {
      const parsed = parseIdNumber(input.idNumber);
      if (!parsed.ok) throw new AppError('ID_NUMBER_INVALID', { params: { reason: parsed.reason, reasonEn: parsed.reasonEn } });
      const hash = ctx.cipher.lookupHash('id_number', parsed.idNumber);
      if (hash !== member.idNumberHash) {
        const other = await repo.findMemberByIdNumberHash(tx, hash);
        if (other && other.id !== member.id) throw new AppError('PERSON_EXISTS');
        Object.assign(values, { idNumberEnc: ctx.cipher.encrypt(parsed.idNumber), idNumberHash: hash, gender: parsed.gender, birthDate: parsed.birthDate });
        changed.push('idNumber');
      }
    }
    if (!changed.length) return;
    await repo.updateMember(tx, member.id, values);
    await repo.insertEvent(tx, { memberId: member.id, kind: 'edited', fromOrgId: member.orgId, toOrgId: member.orgId, fromStatus: member.status, toStatus: member.status, reason: changed.join(','), actorType: 'admin', actorId: actor.id, actorName: actor.displayName });
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'member.edit', objectType: 'member', objectId: member.id, orgId: member.orgId, orgPath: member.orgPath, outcome: 'success', details: { fields: changed }, meta }, tx);
  });
  return memberDetail(ctx, { actor, id });
}

/**
 * 上挂: a departed member leaves the base union; the membership is held at the union above it,
 * keeping card number and seniority until the member transfers into a new employer's union.
 */
export async function holdMember(ctx: HoldDeps, { actor, id, reason, meta }: { actor: AdminActor; id: string; reason: string; meta: RequestMeta }) {
  const outbox = new Outbox();
  await ctx.db.transaction(async (tx) => {
    const member = await memberInScope(tx, actor, id, true);
    const org = member.orgId ? await findOrgById(tx, member.orgId) : null;
    if (!org || org.level !== 'base' || !org.parentId) throw new AppError('INVALID_TRANSITION', { params: { status: member.status } });
    await applyTransition(tx, { member, action: 'hold', toOrgId: org.parentId, reason, actor: transitionActor(actor) });
    const upper = await findOrgById(tx, org.parentId);
    await notifyAccount(tx, outbox, { accountId: member.accountId, kind: 'held', params: { org: upper?.name ?? '' }, sms: true });
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'member.hold', objectType: 'member', objectId: member.id, orgId: org.id, orgPath: org.path, outcome: 'success', details: { from: org.id, to: org.parentId, reason }, meta }, tx);
  });
  await deliver(ctx, outbox);
  return memberDetail(ctx, { actor, id });
}

export async function endMembership(ctx: HoldDeps, { actor, id, reason, note, meta }: { actor: AdminActor; id: string; reason: string; note?: string | undefined; meta: RequestMeta }) {
  const outbox = new Outbox();
  await ctx.db.transaction(async (tx) => {
    const member = await memberInScope(tx, actor, id, true);
    await applyTransition(tx, { member, action: 'end', reason: note ? `${reason}: ${note}` : reason, actor: transitionActor(actor), extra: { endReason: reason } });
    const label = END_REASON_LABELS[reason as keyof typeof END_REASON_LABELS]?.['zh-CN'] ?? reason;
    await notifyAccount(tx, outbox, { accountId: member.accountId, kind: 'ended', params: { reason: note ? `${label}（${note}）` : label }, sms: true });
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'member.end', objectType: 'member', objectId: member.id, orgId: member.orgId, orgPath: member.orgPath, outcome: 'success', details: { reason, note }, meta }, tx);
  });
  await deliver(ctx, outbox);
  return memberDetail(ctx, { actor, id });
}

/** The unmasked phone and ID number, for an admin allowed to see them; every view is audited. */
export async function revealMember(ctx: Deps, { actor, memberId, meta }: { actor: AdminActor; memberId: string; meta: RequestMeta }) {
  const member = await repo.findMemberById(ctx.db, memberId);
  try {
    assertOrgInScope(actor, member?.orgPath);
  } catch (e) {
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'member.reveal_pii', objectType: 'member', objectId: memberId.slice(0, 64), orgId: actor.orgId, orgPath: actor.orgPath, outcome: 'denied', meta });
    throw e;
  }
  await ctx.audit.record({
    actor: adminAuditActor(actor),
    action: 'member.reveal_pii',
    objectType: 'member',
    objectId: member!.id,
    orgId: member!.orgId,
    orgPath: member!.orgPath,
    outcome: 'success',
    details: { fields: ['phone', 'idNumber'], memberName: member!.name },
    meta,
  });
  return {
    phone: member!.phoneEnc ? ctx.cipher.decrypt(member!.phoneEnc) : null,
    idNumber: member!.idNumberEnc ? ctx.cipher.decrypt(member!.idNumberEnc) : null,
  };
}
