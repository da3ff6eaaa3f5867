/**
 * Member accounts: one-time SMS codes, registration, password and SMS login, password reset,
 * log out (here or everywhere). Phones are stored encrypted and found by their keyed hash.
 */
import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { GROUPS_IN_FLIGHT, GroupRunner } from '../../platform/group-runner.js';
import { afterFailure, assertNotLocked } from '../../platform/lockout.js';
import { recordRegistrationConsents } from '../privacy/privacy.repository.js';
import * as repo from './auth.repository.js';

export type SmsPurpose = 'register' | 'login' | 'reset_password' | 'reclaim' | 'close_account';
const CODE_TTL_MS = 5 * 60_000;
const PURPOSE_TEXT: Record<SmsPurpose, string> = { register: '注册', login: '登录', reset_password: '重置密码', reclaim: '找回账号', close_account: '注销账号' };

type Deps = Pick<AppContext, 'db' | 'cipher' | 'passwords' | 'sessions' | 'audit' | 'rateLimiter' | 'sms' | 'config'>;

function authRules(ctx: Deps) {
  const minute = 60_000;
  return {
    perClient: { name: 'auth:ip', limit: ctx.config.RATE_LIMIT_AUTH_PER_MINUTE, windowMs: minute },
    loginPerPhone: { name: 'login:phone', limit: ctx.config.LOGIN_MAX_FAILURES * 2, windowMs: 15 * minute },
    smsPerPhone: { name: 'sms:phone', limit: ctx.config.SMS_CODE_PER_PHONE_PER_HOUR, windowMs: 60 * minute },
    smsResend: { name: 'sms:resend', limit: 1, windowMs: Math.max(1, ctx.config.SMS_RESEND_SECONDS) * 1000 },
    smsPerClient: { name: 'sms:ip', limit: Math.max(10, ctx.config.SMS_CODE_PER_PHONE_PER_HOUR * 4), windowMs: 60 * minute },
  };
}

export async function requestSmsCode(ctx: Deps, { phone, purpose, meta }: { phone: string; purpose: SmsPurpose; meta: RequestMeta }) {
  const rules = authRules(ctx);
  const phoneHash = ctx.cipher.lookupHash('phone', phone);
  const client = meta.ip ?? 'unknown';
  await ctx.rateLimiter.consume([
    { rule: rules.perClient, key: client },
    { rule: rules.smsPerClient, key: client },
    { rule: rules.smsResend, key: `${phoneHash}:${purpose}` },
    { rule: rules.smsPerPhone, key: phoneHash },
  ]);
  const account = await repo.findAccountByPhoneHash(ctx.db, phoneHash);
  if (purpose === 'register' && account) throw new AppError('PHONE_ALREADY_REGISTERED');
  // A reclaim proves a phone whether or not an account holds it (a recycled number usually does).
  if (purpose !== 'register' && purpose !== 'reclaim' && !account) throw new AppError('PHONE_NOT_REGISTERED');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = new Date();
  await repo.insertSmsCode(ctx.db, {
    phoneHash,
    purpose,
    codeHash: ctx.cipher.lookupHash('sms_code', `${phoneHash}:${purpose}:${code}`),
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
    ip: meta.ip,
  });
  await ctx.sms.send({
    to: phone,
    text: `${ctx.config.SMS_SIGNATURE}您的${PURPOSE_TEXT[purpose]}验证码为 ${code}，5 分钟内有效，请勿告诉他人。`,
  });
  return { sent: true as const, expiresInSeconds: CODE_TTL_MS / 1000, resendAfterSeconds: ctx.config.SMS_RESEND_SECONDS };
}

/** Check and consume a code: wrong guesses count against it, and it works once. */
export async function useSmsCode(ctx: Deps, phoneHash: string, purpose: SmsPurpose, code: string): Promise<void> {
  const now = new Date();
  const live = await repo.findLiveSmsCode(ctx.db, phoneHash, purpose, now);
  if (!live || live.attempts >= ctx.config.SMS_CODE_MAX_ATTEMPTS) throw new AppError('SMS_CODE_EXPIRED');
  if (live.codeHash !== ctx.cipher.lookupHash('sms_code', `${phoneHash}:${purpose}:${code}`)) {
    await repo.countSmsAttempt(ctx.db, live.id);
    throw new AppError('SMS_CODE_INVALID');
  }
  if (!(await repo.consumeSmsCode(ctx.db, live.id, now))) throw new AppError('SMS_CODE_EXPIRED');
}

async function openSession(ctx: Deps, account: repo.AccountRow, meta: RequestMeta, action: string) {
  await repo.updateAccount(ctx.db, account.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() });
  const session = await ctx.sessions.create('member', account.id, meta);
  await ctx.audit.record({ actor: { type: 'member', id: account.id }, action, objectType: 'account', objectId: account.id, outcome: 'success', meta });
  return { ...session, accountId: account.id };
}

export async function register(ctx: Deps, { phone, code, password, meta }: { phone: string; code: string; password: string; meta: RequestMeta }) {
  await ctx.rateLimiter.consume([{ rule: authRules(ctx).perClient, key: meta.ip ?? 'unknown' }]);
  const phoneHash = ctx.cipher.lookupHash('phone', phone);
  if (await repo.findAccountByPhoneHash(ctx.db, phoneHash)) throw new AppError('PHONE_ALREADY_REGISTERED');
  await useSmsCode(ctx, phoneHash, 'register', code);
  const passwordHash = await ctx.passwords.hash(password);
  const account = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertAccount(tx, { phoneEnc: ctx.cipher.encrypt(phone), phoneHash, passwordHash });
    if (!created) throw new AppError('PHONE_ALREADY_REGISTERED');
    await recordRegistrationConsents(tx, created.id, meta);
    return created;
  });
  return openSession(ctx, account, meta, 'member.register');
}

export async function login(ctx: Deps, { phone, password, meta }: { phone: string; password: string; meta: RequestMeta }) {
  const rules = authRules(ctx);
  const phoneHash = ctx.cipher.lookupHash('phone', phone);
  await ctx.rateLimiter.consume([
    { rule: rules.perClient, key: meta.ip ?? 'unknown' },
    { rule: rules.loginPerPhone, key: phoneHash },
  ]);
  const account = await repo.findAccountByPhoneHash(ctx.db, phoneHash);
  const actor = { type: 'member' as const, id: account?.id ?? null };
  if (!account) {
    await ctx.passwords.verifyNothing(password);
    await ctx.audit.record({ actor: { type: 'anonymous' }, action: 'member.login', outcome: 'failure', details: { reason: 'unknown_phone', phoneHash }, meta });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const now = new Date();
  try {
    assertNotLocked(account, now);
  } catch (e) {
    await ctx.audit.record({ actor, action: 'member.login', objectType: 'account', objectId: account.id, outcome: 'denied', details: { reason: 'locked' }, meta });
    throw e;
  }
  if (!(await ctx.passwords.verify(account.passwordHash, password))) {
    const next = afterFailure(account, { maxFailures: ctx.config.LOGIN_MAX_FAILURES, lockMinutes: ctx.config.LOGIN_LOCK_MINUTES }, now);
    await repo.updateAccount(ctx.db, account.id, { failedLogins: next.failedLogins, lockedUntil: next.lockedUntil });
    await ctx.audit.record({ actor, action: 'member.login', objectType: 'account', objectId: account.id, outcome: 'failure', details: { reason: 'bad_password', locked: next.lockedNow }, meta });
    if (next.lockedNow) throw new AppError('ACCOUNT_LOCKED', { params: { minutes: ctx.config.LOGIN_LOCK_MINUTES } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (account.status !== 'active') {
    await ctx.audit.record({ actor, action: 'member.login', objectType: 'account', objectId: account.id, outcome: 'denied', details: { reason: account.status }, meta });
    throw new AppError('ACCOUNT_DISABLED');
  }
  return openSession(ctx, account, meta, 'member.login');
}

export async function smsLogin(ctx: Deps, { phone, code, meta }: { phone: string; code: string; meta: RequestMeta }) {
  await ctx.rateLimiter.consume([{ rule: authRules(ctx).perClient, key: meta.ip ?? 'unknown' }]);
  const phoneHash = ctx.cipher.lookupHash('phone', phone);
  const account = await repo.findAccountByPhoneHash(ctx.db, phoneHash);
  if (!account) throw new AppError('PHONE_NOT_REGISTERED');
  await useSmsCode(ctx, phoneHash, 'login', code);
  if (account.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
  return openSession(ctx, account, meta, 'member.login_sms');
}

export async function resetPassword(ctx: Deps, { phone, code, password, meta }: { phone: string; code: string; password: string; meta: RequestMeta }) {
  await ctx.rateLimiter.consume([{ rule: authRules(ctx).perClient, key: meta.ip ?? 'unknown' }]);
  const phoneHash = ctx.cipher.lookupHash('phone', phone);
  const account = await repo.findAccountByPhoneHash(ctx.db, phoneHash);
  if (!account) throw new AppError('PHONE_NOT_REGISTERED');
  await useSmsCode(ctx, phoneHash, 'reset_password', code);
  await repo.updateAccount(ctx.db, account.id, { passwordHash: await ctx.passwords.hash(password), failedLogins: 0, lockedUntil: null });
  const revoked = await ctx.sessions.revokeAll('member', account.id);
  await ctx.audit.record({ actor: { type: 'member', id: account.id }, action: 'member.password_reset', objectType: 'account', objectId: account.id, outcome: 'success', details: { sessionsRevoked: revoked }, meta });
}

/**
 * Account lookups of concurrent member requests, one statement per group (platform/group-runner):
 * every member request checks its account, so at 9:00:00 this is most of the database's work.
 */
const statusLookups = new WeakMap<Db, GroupRunner<string, repo.AccountRow['status'] | null>>();

/** Checked on every member request: a disabled or closed account is refused even with a live session. */
export async function accountStatus(ctx: Pick<AppContext, 'db'>, accountId: string): Promise<'active' | 'disabled' | 'missing'> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(accountId)) return 'missing';
  let lookups = statusLookups.get(ctx.db);
  if (!lookups) statusLookups.set(ctx.db, (lookups = new GroupRunner((ids) => repo.findAccountStatuses(ctx.db, ids), GROUPS_IN_FLIGHT, 1000)));
  const status = await lookups.run(accountId.toLowerCase());
  if (!status) return 'missing';
  return status === 'active' ? 'active' : 'disabled';
}

export async function getAccount(ctx: Pick<AppContext, 'db'>, accountId: string): Promise<repo.AccountRow> {
  const account = await repo.findAccountById(ctx.db, accountId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  return account;
}

export const findAccountByPhone = (ctx: Pick<AppContext, 'db' | 'cipher'>, db: DbOrTx, phone: string) => repo.findAccountByPhoneHash(db, ctx.cipher.lookupHash('phone', phone));

/**
 * A reclaimed phone: the account that held it loses it (a recycled number's previous owner keeps
 * their membership record and can reclaim with their own new phone). End its sessions after the
 * commit (endSessions).
 */
export async function releasePhone(db: DbOrTx, accountId: string): Promise<void> {
  await repo.updateAccount(db, accountId, { status: 'closed', phoneEnc: '', phoneHash: `released:${accountId}`, passwordHash: '' });
}

/** Bind an account to a proven phone with a new password (end its sessions after the commit: endSessions). */
export async function rebindAccount(db: DbOrTx, accountId: string, v: { phoneEnc: string; phoneHash: string; passwordHash: string }): Promise<void> {
  await repo.updateAccount(db, accountId, { ...v, status: 'active', failedLogins: 0, lockedUntil: null });
}

/** End every session of these accounts; call after the transaction that changed them commits. */
export async function endSessions(ctx: Pick<AppContext, 'sessions'>, accountIds: string[]): Promise<void> {
  for (const id of accountIds) await ctx.sessions.revokeAll('member', id);
}

export async function createAccount(db: DbOrTx, v: { phoneEnc: string; phoneHash: string; passwordHash: string }): Promise<repo.AccountRow> {
  const account = await repo.insertAccount(db, v);
  if (!account) throw new AppError('PHONE_ALREADY_REGISTERED');
  return account;
}
