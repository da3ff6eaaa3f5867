/**
 * Personal-information rights (PIPL): see and export everything held about oneself, correct it
 * (identity fields through an identity review), consents with the version agreed to, and closing
 * the account: login data goes, the membership record and its history stay, as union rules and
 * the law require.
 */
import { CONSENT_KINDS, CONSENT_LABELS, CONSENT_VERSIONS, REQUIRED_CONSENTS, type Consent, type ConsentKind, type MyData } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import type { RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import * as accounts from '../auth/auth.service.js';
import { listOwnReviews } from '../identity/identity.service.js';
import { listOwnRequests } from '../joining/joining.service.js';
import { presentEvents } from '../members/members.presenter.js';
import * as members from '../members/members.repository.js';
import { countForAccount } from '../notifications/notifications.service.js';
import * as repo from './privacy.repository.js';

type Deps = Pick<AppContext, 'db' | 'cipher' | 'audit' | 'sessions' | 'config'>;

export async function listConsents(ctx: Pick<AppContext, 'db'>, accountId: string): Promise<Consent[]> {
  const rows = await repo.consentsOf(ctx.db, accountId);
  return CONSENT_KINDS.map((kind) => {
    const history = rows.filter((r) => r.kind === kind);
    const lastGrant = [...history].reverse().find((r) => r.action === 'granted');
    const last = history.at(-1);
    return {
      kind,
      required: REQUIRED_CONSENTS.includes(kind),
      granted: last?.action === 'granted',
      version: lastGrant?.version ?? null,
      currentVersion: CONSENT_VERSIONS[kind],
      grantedAt: lastGrant?.at.toISOString() ?? null,
      withdrawnAt: last?.action === 'withdrawn' ? last.at.toISOString() : null,
      history: history.map((r) => ({ action: r.action, version: r.version, at: r.at.toISOString(), channel: r.channel })),
    };
  });
}

export async function setConsent(ctx: Deps, { accountId, kind, grant, meta }: { accountId: string; kind: ConsentKind; grant: boolean; meta: RequestMeta }): Promise<Consent[]> {
  if (!grant && REQUIRED_CONSENTS.includes(kind)) {
    throw new AppError('CONSENT_REQUIRED', { params: { label: CONSENT_LABELS[kind]['zh-CN'], labelEn: CONSENT_LABELS[kind].en } });
  }
  await ctx.db.transaction(async (tx) => {
    await repo.insertConsents(tx, [{ accountId, kind, action: grant ? 'granted' : 'withdrawn', version: CONSENT_VERSIONS[kind], channel: 'app', ip: meta.ip }]);
    await ctx.audit.record({ actor: { type: 'member', id: accountId }, action: grant ? 'privacy.consent_grant' : 'privacy.consent_withdraw', objectType: 'account', objectId: accountId, outcome: 'success', details: { kind, version: CONSENT_VERSIONS[kind] }, meta }, tx);
  });
  return listConsents(ctx, accountId);
}

/** Everything held about the person, unmasked: it is their own. Viewing and exporting are audited. */
export async function myData(ctx: Deps, { accountId, sessionId, meta, exporting }: { accountId: string; sessionId: string; meta: RequestMeta; exporting: boolean }): Promise<MyData> {
  const account = await accounts.getAccount(ctx, accountId);
  const m = await members.findMemberByAccount(ctx.db, accountId);
  const dec = (v: string | null) => (v ? ctx.cipher.decrypt(v) : null);
  const [events, requests, reviews, consents, live, notificationsCount] = await Promise.all([
    m ? members.listEvents(ctx.db, m.id) : Promise.resolve([]),
    listOwnRequests(ctx, accountId, 1, 100),
    listOwnReviews(ctx, accountId),
    listConsents(ctx, accountId),
    repo.liveSessionsOf(ctx.db, accountId),
    countForAccount(ctx, accountId),
  ]);
  await ctx.audit.record({ actor: { type: 'member', id: accountId, name: m?.name ?? null }, action: exporting ? 'privacy.export' : 'privacy.view', objectType: 'account', objectId: accountId, orgId: m?.orgId ?? null, orgPath: m?.orgPath ?? null, outcome: 'success', meta });
  return {
    exportedAt: new Date().toISOString(),
    account: { id: account.id, phone: ctx.cipher.decrypt(account.phoneEnc), status: account.status, createdAt: account.createdAt.toISOString(), lastLoginAt: account.lastLoginAt?.toISOString() ?? null },
    member: m
      ? {
          id: m.id,
          name: m.name,
          idNumber: dec(m.idNumberEnc),
          phone: dec(m.phoneEnc),
          gender: m.gender,
          birthDate: m.birthDate,
          status: m.status,
          verification: m.verification,
          cardNo: m.cardNo,
          org: m.orgName,
          employer: m.employer,
          industry: m.industry,
          education: m.education,
          hometown: m.hometown,
          joinedAt: m.joinedAt,
        }
      : null,
    events: presentEvents(events),
    joinRequests: requests.items,
    identityReviews: reviews,
    consents,
    sessions: live.map((s) => ({ createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), userAgent: s.userAgent, current: s.id === sessionId })),
    notificationsCount,
  };
}

/** Direct corrections of non-identity fields; name and ID number go through an identity review. */
export async function updateProfile(ctx: Deps, { accountId, input, meta }: { accountId: string; input: { employer?: string | null | undefined; industry?: string | null | undefined; education?: string | null | undefined; hometown?: string | null | undefined }; meta: RequestMeta }) {
  await ctx.db.transaction(async (tx) => {
    const found = await members.findMemberByAccount(tx, accountId);
    if (!found) throw new AppError('NOT_VERIFIED');
    const m = (await members.findMemberById(tx, found.id, { forUpdate: true }))!;
    const values: Partial<members.NewMember> = {};
    for (const key of ['employer', 'industry', 'education', 'hometown'] as const) {
      if (input[key] !== undefined && (input[key] || null) !== m[key]) values[key] = input[key] || null;
    }
    const changed = Object.keys(values);
    if (!changed.length) return;
    await members.updateMember(tx, m.id, values);
    await members.insertEvent(tx, { memberId: m.id, kind: 'edited', fromOrgId: m.orgId, toOrgId: m.orgId, fromStatus: m.status, toStatus: m.status, reason: changed.join(','), actorType: 'member', actorId: accountId, actorName: m.name });
    await ctx.audit.record({ actor: { type: 'member', id: accountId, name: m.name }, action: 'privacy.correct', objectType: 'member', objectId: m.id, orgId: m.orgId, orgPath: m.orgPath, outcome: 'success', details: { fields: changed }, meta }, tx);
  });
}

/**
 * Close the account: the phone, password, sessions and messages go; the member record is kept
 * (membership history, as the union's records must) but no longer tied to a login. The consent
 * records stay as evidence of what was agreed to.
 */
export async function closeAccount(ctx: Deps & Pick<AppContext, 'rateLimiter' | 'passwords' | 'sms'>, { accountId, code, meta }: { accountId: string; code: string; meta: RequestMeta }): Promise<void> {
  const account = await accounts.getAccount(ctx, accountId);
  await accounts.useSmsCode(ctx, account.phoneHash, 'close_account', code);
  await ctx.db.transaction(async (tx) => {
    const m = await members.findMemberByAccount(tx, accountId);
    if (m) await members.updateMember(tx, m.id, { accountId: null });
    await repo.deleteNotificationsOf(tx, accountId);
    await accounts.releasePhone(tx, accountId);
    await ctx.audit.record({ actor: { type: 'member', id: accountId, name: m?.name ?? null }, action: 'privacy.close_account', objectType: 'account', objectId: accountId, orgId: m?.orgId ?? null, orgPath: m?.orgPath ?? null, outcome: 'success', details: { memberKept: Boolean(m) }, meta }, tx);
  });
  await accounts.endSessions(ctx, [accountId]);
}
