/**
 * Admin accounts: login with password + TOTP (enrolment by QR code on first login), and the
 * management of admins inside the actor's subtree. Role changes and disabling are audited;
 * disabling revokes every session at once.
 */
import { randomBytes } from 'node:crypto';
import { ADMIN_ROLES, type AdminRole } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import type { AdminLoadResult } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { afterFailure, assertNotLocked } from '../../platform/lockout.js';
import { assertMayGrant, assertOrgInScope, permissionsOf, type AdminActor } from '../../platform/scope.js';
import { checkTotp, newTotpSecret, totpEnrolment } from '../../platform/totp.js';
import { getOrgInScope, parseOrgId } from '../orgs/orgs.service.js';
import * as repo from './admins.repository.js';

type Deps = Pick<AppContext, 'db' | 'cipher' | 'passwords' | 'sessions' | 'audit' | 'rateLimiter' | 'state' | 'config'>;
const ENROL_TTL_MS = 10 * 60_000;

const toRoles = (roles: string[]): AdminRole[] => roles.filter((r): r is AdminRole => (ADMIN_ROLES as readonly string[]).includes(r));

export function actorFromRow(a: repo.AdminWithOrg): Omit<AdminActor, 'sessionId'> {
  const roles = toRoles(a.roles);
  return { id: a.id, username: a.username, displayName: a.displayName, orgId: a.orgId, orgName: a.orgName, orgLevel: a.orgLevel, orgPath: a.orgPath, roles, permissions: permissionsOf(roles) };
}

export async function loadAdminActor(ctx: Pick<AppContext, 'db'>, adminId: string): Promise<AdminLoadResult> {
  const a = await repo.findAdminById(ctx.db, adminId);
  if (!a) return { kind: 'missing' };
  if (a.status !== 'active') return { kind: 'disabled' };
  return { kind: 'ok', actor: actorFromRow(a) };
}

async function startSession(ctx: Deps, a: repo.AdminWithOrg, meta: RequestMeta, details: Record<string, unknown>) {
  await repo.updateAdmin(ctx.db, a.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() });
  const session = await ctx.sessions.create('admin', a.id, meta);
  await ctx.audit.record({ actor: adminAuditActor(a), action: 'admin.login', objectType: 'admin', objectId: a.id, orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', details, meta });
  return { status: 'ok' as const, token: session.token, expiresAt: session.expiresAt, actor: actorFromRow(a) };
}

export async function adminLogin(ctx: Deps, { username, password, totp, meta }: { username: string; password: string; totp?: string | undefined; meta: RequestMeta }) {
  const minute = 60_000;
  await ctx.rateLimiter.consume([
    { rule: { name: 'admin-login:ip', limit: ctx.config.RATE_LIMIT_AUTH_PER_MINUTE, windowMs: minute }, key: meta.ip ?? 'unknown' },
    { rule: { name: 'admin-login:user', limit: ctx.config.LOGIN_MAX_FAILURES * 2, windowMs: 15 * minute }, key: username.toLowerCase() },
  ]);
  const a = await repo.findAdminByUsername(ctx.db, username);
  if (!a) {
    await ctx.passwords.verifyNothing(password);
    await ctx.audit.record({ actor: { type: 'anonymous', name: username.slice(0, 64) }, action: 'admin.login', outcome: 'failure', details: { reason: 'unknown_user' }, meta });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const base = { actor: adminAuditActor(a), action: 'admin.login', objectType: 'admin', objectId: a.id, orgId: a.orgId, orgPath: a.orgPath, meta };
  const now = new Date();
  const fail = async (reason: string) => {
    const next = afterFailure(a, { maxFailures: ctx.config.LOGIN_MAX_FAILURES, lockMinutes: ctx.config.LOGIN_LOCK_MINUTES }, now);
    await repo.updateAdmin(ctx.db, a.id, { failedLogins: next.failedLogins, lockedUntil: next.lockedUntil });
    await ctx.audit.record({ ...base, outcome: 'failure', details: { reason, locked: next.lockedNow } });
    return next.lockedNow;
  };
  try {
    assertNotLocked(a, now);
  } catch (e) {
    await ctx.audit.record({ ...base, outcome: 'denied', details: { reason: 'locked' } });
    throw e;
  }
  if (!(await ctx.passwords.verify(a.passwordHash, password))) {
    if (await fail('bad_password')) throw new AppError('ACCOUNT_LOCKED', { params: { minutes: ctx.config.LOGIN_LOCK_MINUTES } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (a.status !== 'active') {
    await ctx.audit.record({ ...base, outcome: 'denied', details: { reason: 'disabled' } });
    throw new AppError('ACCOUNT_DISABLED');
  }
  if (!a.totpEnrolled) {
    // First login: hand out a secret to enrol; the session starts only once a code proves it.
    let secret = a.totpSecretEnc ? ctx.cipher.decrypt(a.totpSecretEnc) : null;
    if (!secret) {
      secret = newTotpSecret();
      await repo.updateAdmin(ctx.db, a.id, { totpSecretEnc: ctx.cipher.encrypt(secret) });
    }
    const enrolmentToken = randomBytes(24).toString('base64url');
    await ctx.state.set(`totp-enrol:${enrolmentToken}`, a.id, ENROL_TTL_MS);
    await ctx.audit.record({ ...base, action: 'admin.totp_enrolment_started', outcome: 'success' });
    const { otpauthUrl, qrDataUrl } = await totpEnrolment(secret, a.username);
    return { status: 'totp_enrolment_required' as const, enrolmentToken, otpauthUrl, qrDataUrl, secret };
  }
  if (!totp) throw new AppError('TOTP_REQUIRED');
  const secret = ctx.cipher.decrypt(a.totpSecretEnc!);
  const step = checkTotp(secret, totp, a.totpLastStep, now.getTime());
  if (step === null || !(await repo.claimTotpStep(ctx.db, a.id, step))) {
    if (await fail('bad_totp')) throw new AppError('ACCOUNT_LOCKED', { params: { minutes: ctx.config.LOGIN_LOCK_MINUTES } });
    throw new AppError('TOTP_INVALID');
  }
  return startSession(ctx, a, meta, { method: 'password+totp' });
}

export async function finishTotpEnrolment(ctx: Deps, { enrolmentToken, code, meta }: { enrolmentToken: string; code: string; meta: RequestMeta }) {
  await ctx.rateLimiter.consume([{ rule: { name: 'totp-enrol', limit: 10, windowMs: 10 * 60_000 }, key: enrolmentToken }]);
  const adminId = await ctx.state.get(`totp-enrol:${enrolmentToken}`);
  const a = adminId ? await repo.findAdminById(ctx.db, adminId) : null;
  if (!a || !a.totpSecretEnc || a.totpEnrolled || a.status !== 'active') throw new AppError('TOTP_ENROLMENT_INVALID');
  const step = checkTotp(ctx.cipher.decrypt(a.totpSecretEnc), code, a.totpLastStep);
  if (step === null || !(await repo.claimTotpStep(ctx.db, a.id, step))) {
    await ctx.audit.record({ actor: adminAuditActor(a), action: 'admin.totp_enrolled', objectType: 'admin', objectId: a.id, orgId: a.orgId, orgPath: a.orgPath, outcome: 'failure', meta });
    throw new AppError('TOTP_INVALID');
  }
  await ctx.state.del(`totp-enrol:${enrolmentToken}`);
  await repo.updateAdmin(ctx.db, a.id, { totpEnrolled: true });
  await ctx.audit.record({ actor: adminAuditActor(a), action: 'admin.totp_enrolled', objectType: 'admin', objectId: a.id, orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', meta });
  return startSession(ctx, a, meta, { method: 'password+totp_enrolment' });
}

export async function logoutEverywhere(ctx: Deps, { actor, meta }: { actor: AdminActor; meta: RequestMeta }) {
  const n = await ctx.sessions.revokeAll('admin', actor.id);
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'admin.logout_all', objectType: 'admin', objectId: actor.id, orgId: actor.orgId, orgPath: actor.orgPath, outcome: 'success', details: { sessionsRevoked: n }, meta });
}

export function listAdminsInScope(ctx: Pick<AppContext, 'db'>, { actor, page, pageSize }: { actor: AdminActor; page: number; pageSize: number }) {
  return repo.listAdmins(ctx.db, actor.orgPath, (page - 1) * pageSize, pageSize);
}

async function adminInScope(ctx: Pick<AppContext, 'db'>, actor: AdminActor, id: string): Promise<repo.AdminWithOrg> {
  const target = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findAdminById(ctx.db, id) : null;
  assertOrgInScope(actor, target?.orgPath);
  return target!;
}

export async function createAdmin(
  ctx: Deps,
  { actor, input, meta }: { actor: AdminActor; input: { username: string; displayName: string; orgId: string; roles: AdminRole[]; password: string }; meta: RequestMeta },
) {
  const org = await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(input.orgId) });
  assertMayGrant(actor, input.roles);
  const roles = [...new Set(input.roles)];
  const row = await repo.insertAdmin(ctx.db, {
    username: input.username,
    displayName: input.displayName,
    orgId: org.id,
    roles,
    passwordHash: await ctx.passwords.hash(input.password),
    createdBy: actor.id,
  });
  if (!row) throw new AppError('USERNAME_TAKEN');
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'admin.create', objectType: 'admin', objectId: row.id, orgId: org.id, orgPath: org.path, outcome: 'success', details: { username: row.username, roles }, meta });
  return (await repo.findAdminById(ctx.db, row.id))!;
}

export async function updateAdminAccount(
  ctx: Deps,
  { actor, id, input, meta }: { actor: AdminActor; id: string; input: { displayName?: string | undefined; roles?: AdminRole[] | undefined; status?: 'active' | 'disabled' | undefined }; meta: RequestMeta },
) {
  const target = await adminInScope(ctx, actor, id);
  if (target.id === actor.id && (input.roles || input.status)) throw new AppError('FORBIDDEN');
  const scope = { objectType: 'admin', objectId: target.id, orgId: target.orgId, orgPath: target.orgPath, meta };
  if (input.roles) {
    assertMayGrant(actor, input.roles);
    const roles = [...new Set(input.roles)];
    await repo.updateAdmin(ctx.db, target.id, { roles });
    await ctx.audit.record({ ...scope, actor: adminAuditActor(actor), action: 'admin.roles_change', outcome: 'success', details: { before: target.roles, after: roles } });
  }
  if (input.displayName) await repo.updateAdmin(ctx.db, target.id, { displayName: input.displayName });
  if (input.status && input.status !== target.status) {
    await repo.updateAdmin(ctx.db, target.id, { status: input.status });
    const revoked = input.status === 'disabled' ? await ctx.sessions.revokeAll('admin', target.id) : 0;
    await ctx.audit.record({ ...scope, actor: adminAuditActor(actor), action: input.status === 'disabled' ? 'admin.disable' : 'admin.enable', outcome: 'success', details: { sessionsRevoked: revoked } });
  }
  return (await repo.findAdminById(ctx.db, target.id))!;
}
