/**
 * Identity reviews: real-name verification (by the configured provider at once, or by an admin
 * from ID photos), corrections of one's own name or ID number (PIPL), and reclaiming an account
 * whose phone or ID number is held by another login. Attempts and decisions are audited; failed
 * provider checks are limited per day.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { JOIN_OVERDUE_WORKING_DAYS, maskIdNumber, maskPhone, parseIdNumber, type AdminIdentityReview, type OwnIdentityReview, type PhotoSide, type VerificationState } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { adminAuditActor, type AuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { runPeriodically } from '../../platform/periodic.js';
import { normaliseIdPhoto } from '../../platform/images.js';
import { assertOrgInScope, type AdminActor } from '../../platform/scope.js';
import { overdueCutoff, workingDaysBetween } from '../../platform/working-days.js';
import * as accounts from '../auth/auth.service.js';
import * as members from '../members/members.repository.js';
import { deliver, notifyAccount, Outbox, type NotifyDeps } from '../notifications/notifications.service.js';
import { findOrgById, findRootOrg } from '../orgs/orgs.repository.js';
import * as repo from './identity.repository.js';

type Deps = Pick<AppContext, 'db' | 'cipher' | 'audit' | 'config' | 'identityVerifier' | 'rateLimiter' | 'sessions' | 'passwords'> & NotifyDeps;
const DAY_MS = 86_400_000;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function parseOrThrow(idNumber: string) {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw new AppError('ID_NUMBER_INVALID', { params: { reason: parsed.reason, reasonEn: parsed.reasonEn } });
  return parsed;
}

export function presentOwnReview(r: repo.ReviewRow, cipher: AppContext['cipher'], now = new Date()): OwnIdentityReview {
  return {
    id: String(r.id),
    kind: r.kind,
    method: r.method,
    status: r.status,
    name: r.name,
    idNumber: maskIdNumber(cipher.decrypt(r.idNumberEnc)),
    photos: (['front', 'back'] as const).filter((s) => r.photos[s]),
    photosPurgedAt: r.photosPurgedAt?.toISOString() ?? null,
    reason: r.decisionReason,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    waitingWorkingDays: workingDaysBetween(r.createdAt, r.decidedAt ?? now),
  };
}

/** The console's view: the person's view plus the member record, the phone and the decision. */
export function presentAdminReview(r: repo.ReviewWithNames, cipher: AppContext['cipher'], opts: { unmasked: boolean }, now = new Date()): AdminIdentityReview {
  const own = presentOwnReview(r, cipher, now);
  const show = (enc: string) => (opts.unmasked ? cipher.decrypt(enc) : maskIdNumber(cipher.decrypt(enc)));
  return {
    ...own,
    idNumber: show(r.idNumberEnc),
    phone: r.phoneEnc ? maskPhone(cipher.decrypt(r.phoneEnc)) : null,
    member: r.memberId ? { id: r.memberId, name: r.memberName, orgName: r.memberOrgName, status: r.memberStatus ?? 'registered' } : null,
    currentName: r.kind === 'correction' ? r.memberName : null,
    currentIdNumber: r.kind === 'correction' && r.memberIdNumberEnc ? show(r.memberIdNumberEnc) : null,
    reviewOrg: r.reviewOrgName,
    note: r.note,
    decidedBy: r.decidedByName,
    overdue: r.status === 'pending' && own.waitingWorkingDays > JOIN_OVERDUE_WORKING_DAYS,
  };
}

async function failuresToday(ctx: Pick<Deps, 'db' | 'config'>, accountId: string, now: Date) {
  const { n, oldest } = await repo.countFailures(ctx.db, accountId, new Date(now.getTime() - DAY_MS));
  const max = ctx.config.VERIFICATION_MAX_FAILURES_PER_DAY;
  return { left: Math.max(0, max - n), retryAfter: oldest ? Math.max(1, Math.ceil((oldest.getTime() + DAY_MS - now.getTime()) / 1000)) : 1 };
}

export async function verificationState(ctx: Pick<Deps, 'db' | 'cipher' | 'config' | 'identityVerifier'>, accountId: string): Promise<VerificationState> {
  const [member, review, failures] = await Promise.all([
    members.findMemberByAccount(ctx.db, accountId),
    repo.latestOfAccount(ctx.db, accountId, 'verification'),
    failuresToday(ctx, accountId, new Date()),
  ]);
  let verification: VerificationState['verification'] = 'unverified';
  if (member?.verification === 'verified') verification = 'verified';
  else if (review?.status === 'awaiting_photos' || review?.status === 'pending') verification = 'pending';
  else if (review?.status === 'rejected') verification = 'rejected';
  return { verification, method: ctx.identityVerifier.method, review: review ? presentOwnReview(review, ctx.cipher) : null, attemptsLeft: failures.left };
}

/**
 * The person behind an account is verified: link the account to the member record an admin or an
 * import already made for this ID number, or create the record (status registered). The
 * 'verified' event goes on the timeline.
 */
async function markVerified(ctx: Pick<Deps, 'cipher'>, tx: DbOrTx, { accountId, name, idNumber, actor }: { accountId: string; name: string; idNumber: string; actor: AuditActor }) {
  const parsed = parseOrThrow(idNumber);
  const idNumberHash = ctx.cipher.lookupHash('id_number', parsed.idNumber);
  const account = await accounts.getAccount({ db: tx }, accountId);
  const phone = { phoneEnc: account.phoneEnc, phoneHash: account.phoneHash };
  const existing = await members.findMemberByIdNumberHash(tx, idNumberHash);
  const own = await members.findMemberByAccount(tx, accountId);
  if (existing && existing.accountId && existing.accountId !== accountId) throw new AppError('ID_NUMBER_BOUND');
  let member: members.MemberRow;
  if (existing) {
    await members.updateMember(tx, existing.id, { accountId, name, verification: 'verified', ...(existing.phoneEnc ? {} : phone) });
    member = existing;
  } else if (own) {
    await members.updateMember(tx, own.id, { name, idNumberEnc: ctx.cipher.encrypt(parsed.idNumber), idNumberHash, gender: parsed.gender, birthDate: parsed.birthDate, verification: 'verified' });
    member = own;
  } else {
    const created = await members.insertMember(tx, {
      accountId,
      name,
      idNumberEnc: ctx.cipher.encrypt(parsed.idNumber),
      idNumberHash,
      gender: parsed.gender,
      birthDate: parsed.birthDate,
      status: 'registered',
      verification: 'verified',
      ...phone,
    });
    if (!created) throw new AppError('ID_NUMBER_BOUND');
    member = created;
  }
  await members.insertEvent(tx, { memberId: member.id, kind: 'verified', fromOrgId: member.orgId, toOrgId: member.orgId, fromStatus: member.status, toStatus: member.status, actorType: actor.type === 'admin' ? 'admin' : actor.type === 'member' ? 'member' : 'system', actorId: actor.id ?? null, actorName: actor.name ?? null });
  return member;
}

/** Whose queue a review goes to: the union of the person's member record, else the province. */
async function reviewOrgFor(tx: DbOrTx, memberOrgId: number | null | undefined) {
  const org = memberOrgId ? await findOrgById(tx, memberOrgId) : null;
  return org ?? (await findRootOrg(tx));
}

export async function submitVerification(ctx: Deps, { accountId, name, idNumber, meta }: { accountId: string; name: string; idNumber: string; meta: RequestMeta }): Promise<VerificationState> {
  const actor: AuditActor = { type: 'member', id: accountId, name };
  await ctx.rateLimiter.consume([{ rule: { name: 'verify:account', limit: 20, windowMs: 3600_000 }, key: accountId }]);
  const parsed = parseOrThrow(idNumber);
  const now = new Date();
  const own = await members.findMemberByAccount(ctx.db, accountId);
  if (own?.verification === 'verified') throw new AppError('ALREADY_VERIFIED');
  const idNumberHash = ctx.cipher.lookupHash('id_number', parsed.idNumber);
  const existing = await members.findMemberByIdNumberHash(ctx.db, idNumberHash);
  if (existing?.accountId && existing.accountId !== accountId) {
    await ctx.audit.record({ actor, action: 'identity.verify', objectType: 'account', objectId: accountId, outcome: 'denied', details: { reason: 'id_number_bound' }, meta });
    throw new AppError('ID_NUMBER_BOUND');
  }
  const failures = await failuresToday(ctx, accountId, now);
  if (failures.left <= 0) throw new AppError('VERIFY_LIMIT_REACHED', { params: { retryAfter: failures.retryAfter }, headers: { 'retry-after': String(failures.retryAfter) } });
  const reviewOrg = await reviewOrgFor(ctx.db, existing?.orgId);
  const fields = { kind: 'verification' as const, accountId, memberId: existing?.id ?? own?.id ?? null, name, idNumberEnc: ctx.cipher.encrypt(parsed.idNumber), idNumberHash, reviewOrgId: reviewOrg.id, reviewOrgPath: reviewOrg.path };

  // A provider answers at once; a record whose name differs from the one given still goes to a person.
  if (ctx.identityVerifier.method === 'provider' && !(existing && existing.name && existing.name !== name)) {
    const account = await accounts.getAccount(ctx, accountId);
    const verdict = await ctx.identityVerifier.check({ name, idNumber: parsed.idNumber, phone: ctx.cipher.decrypt(account.phoneEnc) });
    const outbox = new Outbox();
    await ctx.db.transaction(async (tx) => {
      const review = await repo.insertReview(tx, {
        ...fields,
        method: 'provider',
        status: verdict.outcome === 'match' ? 'approved' : 'rejected',
        providerRef: verdict.ref,
        decisionReason: verdict.outcome === 'match' ? null : `${verdict.reason} / ${verdict.reasonEn}`,
        decidedByName: 'provider',
        decidedAt: new Date(),
      });
      if (!review) throw new AppError('REQUEST_PENDING');
      if (verdict.outcome === 'match') {
        await markVerified(ctx, tx, { accountId, name, idNumber: parsed.idNumber, actor: { type: 'system', name: 'provider' } });
        await notifyAccount(tx, outbox, { accountId, kind: 'verification_approved', params: {}, sms: false });
      }
      await ctx.audit.record({ actor, action: 'identity.verify', objectType: 'identity_review', objectId: String(review.id), orgId: reviewOrg.id, orgPath: reviewOrg.path, outcome: verdict.outcome === 'match' ? 'success' : 'failure', details: { method: 'provider', ref: verdict.ref }, meta }, tx);
    });
    await deliver(ctx, outbox);
    return verificationState(ctx, accountId);
  }

  await ctx.db.transaction(async (tx) => {
    const row = await repo.insertReview(tx, { ...fields, method: 'manual', status: 'awaiting_photos' });
    if (!row) throw new AppError('REQUEST_PENDING');
    await ctx.audit.record({ actor, action: 'identity.verify', objectType: 'identity_review', objectId: String(row.id), orgId: reviewOrg.id, orgPath: reviewOrg.path, outcome: 'success', details: { method: 'manual' }, meta }, tx);
  });
  return verificationState(ctx, accountId);
}

/** PIPL: a verified member asks to correct their name or ID number; an admin checks the photos. */
export async function requestCorrection(ctx: Deps, { accountId, name, idNumber, note, meta }: { accountId: string; name: string; idNumber: string; note?: string | undefined; meta: RequestMeta }): Promise<OwnIdentityReview> {
  const parsed = parseOrThrow(idNumber);
  const member = await members.findMemberByAccount(ctx.db, accountId);
  if (!member || member.verification !== 'verified') throw new AppError('NOT_VERIFIED');
  const idNumberHash = ctx.cipher.lookupHash('id_number', parsed.idNumber);
  const other = await members.findMemberByIdNumberHash(ctx.db, idNumberHash);
  if (other && other.id !== member.id) throw new AppError('PERSON_EXISTS');
  const reviewOrg = await reviewOrgFor(ctx.db, member.orgId);
  const review = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertReview(tx, { kind: 'correction', method: 'manual', status: 'awaiting_photos', accountId, memberId: member.id, name, idNumberEnc: ctx.cipher.encrypt(parsed.idNumber), idNumberHash, reviewOrgId: reviewOrg.id, reviewOrgPath: reviewOrg.path, note: note || null });
    if (!row) throw new AppError('REQUEST_PENDING');
    await ctx.audit.record({ actor: { type: 'member', id: accountId, name: member.name }, action: 'identity.correction_request', objectType: 'identity_review', objectId: String(row.id), orgId: reviewOrg.id, orgPath: reviewOrg.path, outcome: 'success', meta }, tx);
    return row;
  });
  return presentOwnReview(review, ctx.cipher);
}

/** Who may touch an open review from outside the console: its account, or the reclaim token. */
export type ReviewOwner = { accountId: string } | { reclaimToken: string };
function assertOwner(review: repo.ReviewRow | null, owner: ReviewOwner): asserts review is repo.ReviewRow {
  if (!review) throw new AppError('NOT_FOUND');
  if ('accountId' in owner) {
    if (review.kind === 'reclaim' || review.accountId !== owner.accountId) throw new AppError('NOT_FOUND');
  } else {
    const given = Buffer.from(hashToken(owner.reclaimToken));
    if (review.kind !== 'reclaim' || !review.tokenHash || !timingSafeEqual(given, Buffer.from(review.tokenHash))) throw new AppError('NOT_FOUND');
  }
}
const reviewIdOf = (id: string) => (/^\d{1,18}$/.test(id) ? Number(id) : -1);

/** Attach one side's photo: checked and re-encoded without metadata, then stored encrypted. */
export async function attachPhoto(ctx: Deps, { id, side, data, owner, meta }: { id: string; side: PhotoSide; data: Buffer; owner: ReviewOwner; meta: RequestMeta }): Promise<OwnIdentityReview> {
  const photo = await normaliseIdPhoto(data);
  const review = await ctx.db.transaction(async (tx) => {
    const row = await repo.findReview(tx, reviewIdOf(id), { forUpdate: true });
    assertOwner(row, owner);
    if (row.status !== 'awaiting_photos' && row.status !== 'pending') throw new AppError('APPLICATION_DECIDED');
    const stored = await repo.insertPhoto(tx, { reviewId: row.id, side, contentType: photo.contentType, bytes: photo.data.length, dataEnc: ctx.cipher.encryptBytes(photo.data) });
    const previous = row.photos[side];
    if (previous) await repo.deletePhoto(tx, previous);
    const photos = { ...row.photos, [side]: stored.id };
    const status = photos.front && photos.back ? 'pending' : row.status;
    await repo.updateReview(tx, row.id, { photos, status });
    await ctx.audit.record({ actor: 'accountId' in owner ? { type: 'member', id: owner.accountId } : { type: 'anonymous' }, action: 'identity.photo_upload', objectType: 'identity_review', objectId: String(row.id), orgId: row.reviewOrgId, orgPath: row.reviewOrgPath, outcome: 'success', details: { side, bytes: photo.data.length }, meta }, tx);
    return { ...row, photos, status } as repo.ReviewRow;
  });
  return presentOwnReview(review, ctx.cipher);
}

export async function withdrawReview(ctx: Deps, { id, owner, meta }: { id: string; owner: ReviewOwner; meta: RequestMeta }): Promise<OwnIdentityReview> {
  const review = await repo.findReview(ctx.db, reviewIdOf(id));
  assertOwner(review, owner);
  const closed = await repo.closeReview(ctx.db, review.id, { status: 'withdrawn' });
  if (!closed) throw new AppError('APPLICATION_DECIDED');
  await ctx.audit.record({ actor: 'accountId' in owner ? { type: 'member', id: owner.accountId } : { type: 'anonymous' }, action: 'identity.withdraw', objectType: 'identity_review', objectId: String(review.id), orgId: review.reviewOrgId, orgPath: review.reviewOrgPath, outcome: 'success', meta });
  return presentOwnReview(closed, ctx.cipher);
}

export async function ownReview(ctx: Pick<Deps, 'db' | 'cipher'>, { id, owner }: { id: string; owner: ReviewOwner }): Promise<OwnIdentityReview> {
  const review = await repo.findReview(ctx.db, reviewIdOf(id));
  assertOwner(review, owner);
  return presentOwnReview(review, ctx.cipher);
}

export const listOwnReviews = async (ctx: Pick<Deps, 'db' | 'cipher'>, accountId: string) => (await repo.listOfAccount(ctx.db, accountId)).map((r) => presentOwnReview(r, ctx.cipher));

/**
 * Reclaim: the phone was proven with an SMS code. There must be something to reclaim: the phone is
 * held by another person's login, or the ID number is bound to a login the person cannot use.
 */
export async function createReclaim(ctx: Deps, input: { phone: string; code: string; name: string; idNumber: string; password: string; meta: RequestMeta }) {
  await ctx.rateLimiter.consume([{ rule: { name: 'reclaim:ip', limit: 10, windowMs: 3600_000 }, key: input.meta.ip ?? 'unknown' }]);
  const parsed = parseOrThrow(input.idNumber);
  const phoneHash = ctx.cipher.lookupHash('phone', input.phone);
  await accounts.useSmsCode(ctx, phoneHash, 'reclaim', input.code);
  const idNumberHash = ctx.cipher.lookupHash('id_number', parsed.idNumber);
  const [phoneAccount, member] = await Promise.all([accounts.findAccountByPhone(ctx, ctx.db, input.phone), members.findMemberByIdNumberHash(ctx.db, idNumberHash)]);
  if (phoneAccount && member?.accountId === phoneAccount.id) throw new AppError('PHONE_ALREADY_REGISTERED');
  if (!phoneAccount && !member?.accountId) throw new AppError('NOTHING_TO_RECLAIM');
  const token = randomBytes(24).toString('base64url');
  const reviewOrg = await reviewOrgFor(ctx.db, member?.orgId);
  const review = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertReview(tx, {
      kind: 'reclaim',
      method: 'manual',
      status: 'awaiting_photos',
      accountId: member?.accountId ?? null,
      memberId: member?.id ?? null,
      name: input.name,
      idNumberEnc: ctx.cipher.encrypt(parsed.idNumber),
      idNumberHash,
      phoneEnc: ctx.cipher.encrypt(input.phone),
      phoneHash,
      passwordHash: await ctx.passwords.hash(input.password),
      tokenHash: hashToken(token),
      reviewOrgId: reviewOrg.id,
      reviewOrgPath: reviewOrg.path,
    });
    if (!row) throw new AppError('REQUEST_PENDING');
    await ctx.audit.record({ actor: { type: 'anonymous' }, action: 'identity.reclaim_request', objectType: 'identity_review', objectId: String(row.id), orgId: reviewOrg.id, orgPath: reviewOrg.path, outcome: 'success', details: { phoneTaken: Boolean(phoneAccount), idBound: Boolean(member?.accountId) }, meta: input.meta }, tx);
    return row;
  });
  return { review: presentOwnReview(review, ctx.cipher), reclaimToken: token };
}

/* ---------------------------------------------------------------- console */

export async function listQueue(
  ctx: Pick<Deps, 'db' | 'cipher'>,
  { actor, query }: { actor: AdminActor; query: { page: number; pageSize: number; status: repo.ReviewRow['status']; kind?: repo.ReviewRow['kind'] | undefined; overdue?: 'true' | 'false' | undefined } },
) {
  const now = new Date();
  const createdBefore = query.overdue === 'true' ? overdueCutoff(now, JOIN_OVERDUE_WORKING_DAYS) : undefined;
  const { rows, total } = await repo.listQueue(ctx.db, { pathPrefix: actor.orgPath, status: query.status, kind: query.kind, createdBefore }, (query.page - 1) * query.pageSize, query.pageSize);
  return { items: rows.map((r) => presentAdminReview(r, ctx.cipher, { unmasked: false }, now)), page: query.page, pageSize: query.pageSize, total };
}

async function reviewInScope(db: DbOrTx, actor: AdminActor, id: string, forUpdate = false) {
  const review = await repo.findReview(db, reviewIdOf(id), { forUpdate });
  assertOrgInScope(actor, review?.reviewOrgPath);
  return review!;
}

/** The reviewer sees the full ID number to compare with the photo; the view is audited. */
export async function reviewDetail(ctx: Pick<Deps, 'db' | 'cipher' | 'audit'>, { actor, id, meta }: { actor: AdminActor; id: string; meta: RequestMeta }) {
  const review = await reviewInScope(ctx.db, actor, id);
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'identity.review_view', objectType: 'identity_review', objectId: String(review.id), orgId: review.reviewOrgId, orgPath: review.reviewOrgPath, outcome: 'success', details: { fields: ['idNumber'] }, meta });
  return presentAdminReview(review, ctx.cipher, { unmasked: true });
}

export async function reviewPhoto(ctx: Pick<Deps, 'db' | 'cipher' | 'audit'>, { actor, id, side, meta }: { actor: AdminActor; id: string; side: PhotoSide; meta: RequestMeta }) {
  const review = await reviewInScope(ctx.db, actor, id);
  if (review.photosPurgedAt) throw new AppError('PHOTOS_PURGED');
  const photoId = review.photos[side];
  const photo = photoId ? await repo.findPhoto(ctx.db, photoId) : null;
  if (!photo) throw new AppError('NOT_FOUND');
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'identity.photo_view', objectType: 'identity_review', objectId: String(review.id), orgId: review.reviewOrgId, orgPath: review.reviewOrgPath, outcome: 'success', details: { side }, meta });
  return { contentType: photo.contentType, data: ctx.cipher.decryptBytes(photo.dataEnc) };
}

/* ------------------------------------------------------------------ photo retention */

const PURGE_BATCH = 200;

/**
 * Delete the ID photos of reviews closed more than IDENTITY_PHOTO_RETENTION_DAYS ago (PIPL: kept
 * no longer than the decision needs them). Each review keeps its record and decision and is
 * marked `photos_purged_at`; each deletion is audited against the review's union.
 */
export async function purgeOldIdentityPhotos(ctx: Pick<Deps, 'db' | 'audit' | 'config'>, now = new Date(), actorName = 'retention'): Promise<{ reviews: number; photos: number }> {
  const days = ctx.config.IDENTITY_PHOTO_RETENTION_DAYS;
  const total = { reviews: 0, photos: 0 };
  if (!days) return total;
  const before = new Date(now.getTime() - days * DAY_MS);
  for (;;) {
    const purged = await ctx.db.transaction(async (tx) => {
      const rows = await repo.purgePhotosDecidedBefore(tx, before, PURGE_BATCH);
      for (const r of rows) {
        await ctx.audit.record({ actor: { type: 'system', id: null, name: actorName }, action: 'identity.photos_purged', objectType: 'identity_review', objectId: String(r.id), orgId: r.orgId, orgPath: r.orgPath, outcome: 'success', details: { photos: r.photos, retentionDays: days }, meta: { ip: null, userAgent: null } }, tx);
      }
      return rows;
    });
    total.reviews += purged.length;
    total.photos += purged.reduce((n, r) => n + r.photos, 0);
    if (purged.length < PURGE_BATCH) return total;
  }
}

/** Run the photo retention a minute after start and then every hour; returns a stop function. */
export function schedulePhotoRetention(ctx: Pick<Deps, 'db' | 'audit' | 'config'> & Pick<AppContext, 'log'>): () => void {
  return runPeriodically(ctx.log, 'identity photo retention', ctx.config.IDENTITY_PHOTO_RETENTION_DAYS ? 3600_000 : 0, async () => {
    const n = await purgeOldIdentityPhotos(ctx);
    if (n.reviews) ctx.log.info(n, 'identity photos past their retention deleted');
  }, { firstAfterMs: 60_000 });
}

const NOTICE = {
  verification: ['verification_approved', 'verification_rejected'],
  correction: ['correction_approved', 'correction_rejected'],
  reclaim: ['reclaim_approved', 'reclaim_rejected'],
} as const;

/** Approve or reject with a reason. Of two reviewers deciding at once, one wins; the other gets APPLICATION_DECIDED. */
export async function decide(ctx: Deps, { actor, id, approve, reason, meta }: { actor: AdminActor; id: string; approve: boolean; reason?: string | undefined; meta: RequestMeta }) {
  const outbox = new Outbox();
  const endSessionsOf: string[] = [];
  let smsToReclaimer: string | null = null;
  const decided = await ctx.db.transaction(async (tx) => {
    const review = await reviewInScope(tx, actor, id, true);
    if (approve && review.status !== 'pending') throw new AppError(review.status === 'awaiting_photos' ? 'VALIDATION_FAILED' : 'APPLICATION_DECIDED');
    const closed = await repo.closeReview(tx, review.id, { status: approve ? 'approved' : 'rejected', decisionReason: reason || null, decidedById: actor.id, decidedByName: actor.displayName });
    if (!closed) throw new AppError('APPLICATION_DECIDED');
    const who: AuditActor = { type: 'admin', id: actor.id, name: actor.displayName };
    const idNumber = ctx.cipher.decrypt(review.idNumberEnc);
    let accountId = review.accountId;
    if (approve && review.kind === 'verification') {
      await markVerified(ctx, tx, { accountId: review.accountId!, name: review.name, idNumber, actor: who });
    } else if (approve && review.kind === 'correction') {
      const member = (await members.findMemberById(tx, review.memberId!, { forUpdate: true }))!;
      const parsed = parseOrThrow(idNumber);
      const other = await members.findMemberByIdNumberHash(tx, review.idNumberHash);
      if (other && other.id !== member.id) throw new AppError('PERSON_EXISTS');
      await members.updateMember(tx, member.id, { name: review.name, idNumberEnc: review.idNumberEnc, idNumberHash: review.idNumberHash, gender: parsed.gender, birthDate: parsed.birthDate });
      await members.insertEvent(tx, { memberId: member.id, kind: 'edited', fromOrgId: member.orgId, toOrgId: member.orgId, fromStatus: member.status, toStatus: member.status, reason: 'identity_corrected', actorType: 'admin', actorId: actor.id, actorName: actor.displayName });
    } else if (approve && review.kind === 'reclaim') {
      accountId = await applyReclaim(ctx, tx, review, who, endSessionsOf);
    }
    if (review.kind === 'reclaim' && !approve) smsToReclaimer = ctx.cipher.decrypt(review.phoneEnc!);
    await notifyAccount(tx, outbox, { accountId, kind: NOTICE[review.kind][approve ? 0 : 1], params: { reason: reason ?? '' }, sms: review.kind !== 'reclaim' || approve });
    await ctx.audit.record({ actor: adminAuditActor(actor), action: `identity.${review.kind}_${approve ? 'approve' : 'reject'}`, objectType: 'identity_review', objectId: String(review.id), orgId: review.reviewOrgId, orgPath: review.reviewOrgPath, outcome: 'success', details: { reason, memberId: review.memberId }, meta }, tx);
    return repo.findReview(tx, review.id);
  });
  await accounts.endSessions(ctx, endSessionsOf);
  await deliver(ctx, outbox);
  // A rejected reclaimer has no account of their own to write to: tell them by SMS.
  if (smsToReclaimer) await ctx.sms.send({ to: smsToReclaimer, text: `${ctx.config.SMS_SIGNATURE}您的账号找回申请未通过：${reason ?? ''}` }).catch((error: unknown) => ctx.log.warn({ err: error }, 'reclaim SMS not sent'));
  return presentAdminReview(decided!, ctx.cipher, { unmasked: false });
}

/**
 * The proven phone goes to the person whose ID number it is: the login that held the phone loses
 * it; the person's own login (if any) takes the phone and the new password, else a new login is
 * made and linked to their member record. Every session of both ends.
 */
async function applyReclaim(ctx: Deps, tx: DbOrTx, review: repo.ReviewRow, who: AuditActor, endSessionsOf: string[]): Promise<string> {
  const phone = ctx.cipher.decrypt(review.phoneEnc!);
  const holder = await accounts.findAccountByPhone(ctx, tx, phone);
  const member = review.memberId ? await members.findMemberById(tx, review.memberId, { forUpdate: true }) : await members.findMemberByIdNumberHash(tx, review.idNumberHash);
  const target = member?.accountId ?? null;
  if (holder && holder.id !== target) {
    await accounts.releasePhone(tx, holder.id);
    endSessionsOf.push(holder.id);
  }
  const credentials = { phoneEnc: review.phoneEnc!, phoneHash: review.phoneHash!, passwordHash: review.passwordHash! };
  if (target) {
    await accounts.rebindAccount(tx, target, credentials);
    endSessionsOf.push(target);
    await ctx.audit.record({ actor: who, action: 'account.reclaimed', objectType: 'account', objectId: target, outcome: 'success', details: { releasedFrom: holder?.id ?? null } }, tx);
    return target;
  }
  const created = await accounts.createAccount(tx, credentials);
  if (member) await members.updateMember(tx, member.id, { accountId: created.id });
  else await markVerified(ctx, tx, { accountId: created.id, name: review.name, idNumber: ctx.cipher.decrypt(review.idNumberEnc), actor: who });
  await ctx.audit.record({ actor: who, action: 'account.reclaimed', objectType: 'account', objectId: created.id, outcome: 'success', details: { releasedFrom: holder?.id ?? null } }, tx);
  return created.id;
}
