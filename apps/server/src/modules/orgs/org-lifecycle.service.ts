/**
 * Creating and editing organizations (by the level above), and the lifecycle of a base union as
 * applications decided by its parent union: establish (设立), change (变更), deregister (注销).
 * Every change leaves a history entry and an audit record. A union with members is deregistered
 * only once they are gone, or together with holding them all at the upper union in one step.
 */
import type { OrgApplicationRequest, OrgFields, OrgLevel, OrgType } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { isPathInScope, type AdminActor } from '../../platform/scope.js';
import { applyTransitions } from '../members/membership.service.js';
import { countMembersOfOrg, membersOfOrg } from '../members/members.repository.js';
import * as repo from './orgs.repository.js';
import { getOrgInScope, parseOrgId } from './orgs.service.js';

type Deps = Pick<AppContext, 'db' | 'audit'>;
const LEVEL_RANK: Record<OrgLevel, number> = { province: 0, city: 1, district: 2, street: 3, base: 4 };
const FIELD_KEYS = ['name', 'type', 'creditCode', 'address', 'contact', 'chairperson', 'industry'] as const;

function assertShape(parent: repo.OrgRow, level: OrgLevel, type: OrgType, creditCode: string | null | undefined): void {
  if (parent.status !== 'active' || parent.level === 'base' || LEVEL_RANK[level] <= LEVEL_RANK[parent.level]) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'level', message: '下级组织的层级须低于上级 / A child must sit at a lower level than its parent' }] });
  }
  const typeOk = level === 'base' ? type !== 'federation' : type === 'federation' || type === 'industry';
  if (!typeOk) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'type', message: '组织类型与层级不符 / The type does not fit the level' }] });
  if (level === 'base' && type === 'base' && !creditCode) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'creditCode', message: '基层工会须填写单位统一社会信用代码 / A base union needs its employer\'s credit code' }] });
  }
}

async function assertCreditCodeFree(db: DbOrTx, creditCode: string | null | undefined, exceptOrgId?: number): Promise<void> {
  if (!creditCode) return;
  const holder = await repo.findActiveByCreditCode(db, creditCode);
  if (holder && holder.id !== exceptOrgId) throw new AppError('CREDIT_CODE_TAKEN');
}

/** The unique index has the last word when two requests race for one code. */
function mapUniqueViolation(e: unknown): never {
  const text = String((e as { cause?: { message?: string } })?.cause?.message ?? (e as Error)?.message ?? '');
  if (text.includes('organizations_active_credit_code_uq')) throw new AppError('CREDIT_CODE_TAKEN');
  if (text.includes('org_applications_pending_uq')) throw new AppError('APPLICATION_PENDING');
  throw e;
}

function pickFields(o: Partial<Record<(typeof FIELD_KEYS)[number], unknown>>): Record<string, unknown> {
  return Object.fromEntries(FIELD_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, o[k] ?? null]));
}

export async function createOrg(ctx: Deps, { actor, input, meta }: { actor: AdminActor; input: OrgFields & { parentId: string; level: OrgLevel }; meta: RequestMeta }) {
  const parent = await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(input.parentId) });
  assertShape(parent, input.level, input.type, input.creditCode);
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertCreditCodeFree(tx, input.creditCode);
      const org = await repo.insertOrg(tx, { name: input.name, level: input.level, type: input.type, creditCode: input.creditCode ?? null, address: input.address ?? null, contact: input.contact ?? null, chairperson: input.chairperson ?? null, industry: input.industry ?? null }, parent);
      await repo.insertHistory(tx, { orgId: org.id, kind: 'created', before: null, after: pickFields(org), actorName: actor.displayName });
      await ctx.audit.record({ actor: adminAuditActor(actor), action: 'org.create', objectType: 'organization', objectId: String(org.id), orgId: org.id, orgPath: org.path, outcome: 'success', details: { name: org.name, parent: parent.id }, meta }, tx);
      return org;
    });
  } catch (e) {
    return mapUniqueViolation(e);
  }
}

/** Edited by the level above: an admin edits organizations below their own (the root edits itself). */
export async function editOrg(ctx: Deps, { actor, id, input, meta }: { actor: AdminActor; id: string; input: Partial<OrgFields>; meta: RequestMeta }) {
  const org = await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(id) });
  if (org.id === actor.orgId && org.parentId !== null) throw new AppError('FORBIDDEN');
  const changes = Object.fromEntries(Object.entries(pickFields(input)).filter(([k, v]) => (org as unknown as Record<string, unknown>)[k] !== v));
  if (!Object.keys(changes).length) return org;
  if (changes.type) {
    const parent = org.parentId ? await repo.findOrgById(ctx.db, org.parentId) : null;
    if (parent) assertShape(parent, org.level, changes.type as OrgType, (changes.creditCode as string | undefined) ?? org.creditCode);
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertCreditCodeFree(tx, changes.creditCode as string | null | undefined, org.id);
      await repo.updateOrg(tx, org.id, changes);
      const before = Object.fromEntries(Object.keys(changes).map((k) => [k, (org as unknown as Record<string, unknown>)[k] ?? null]));
      await repo.insertHistory(tx, { orgId: org.id, kind: 'edited', before, after: changes, actorName: actor.displayName });
      await ctx.audit.record({ actor: adminAuditActor(actor), action: 'org.edit', objectType: 'organization', objectId: String(org.id), orgId: org.id, orgPath: org.path, outcome: 'success', details: { before, after: changes }, meta }, tx);
      return (await repo.findOrgById(tx, org.id))!;
    });
  } catch (e) {
    return mapUniqueViolation(e);
  }
}

export async function orgHistory(ctx: Deps, { actor, id }: { actor: AdminActor; id: string }) {
  const org = await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(id) });
  return repo.listHistory(ctx.db, org.id);
}

export async function submitApplication(ctx: Deps, { actor, input, meta }: { actor: AdminActor; input: OrgApplicationRequest; meta: RequestMeta }) {
  let org: repo.OrgRow | null = null;
  let parent: repo.OrgRow;
  let fields: Record<string, unknown> = {};
  if (input.kind === 'establish') {
    parent = await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(input.parentId) });
    assertShape(parent, 'base', input.fields.type, input.fields.creditCode);
    await assertCreditCodeFree(ctx.db, input.fields.creditCode);
    fields = pickFields(input.fields);
  } else {
    org = await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(input.orgId) });
    if (org.level !== 'base' || org.status !== 'active' || !org.parentId) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'orgId', message: '只能为在册的基层工会提出申请 / Applications are for active base unions' }] });
    }
    parent = (await repo.findOrgById(ctx.db, org.parentId))!;
    if (input.kind === 'change') {
      fields = pickFields(input.fields);
      if (!Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'fields', message: '没有要变更的内容 / Nothing to change' }] });
      if (fields.creditCode) await assertCreditCodeFree(ctx.db, fields.creditCode as string, org.id);
    } else {
      const count = await countMembersOfOrg(ctx.db, org.id, ['active', 'pending']);
      if (count > 0 && !input.holdMembersAtParent) throw new AppError('ORG_HAS_MEMBERS', { params: { count } });
    }
  }
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const app = await repo.insertApplication(tx, {
        kind: input.kind,
        orgId: org?.id ?? null,
        parentId: parent.id,
        parentPath: parent.path,
        fields,
        holdMembers: input.kind === 'deregister' ? input.holdMembersAtParent : false,
        note: input.note ?? null,
        applicantId: actor.id,
        applicantName: actor.displayName,
      });
      if (!app) throw new AppError('APPLICATION_PENDING');
      await ctx.audit.record({ actor: adminAuditActor(actor), action: `org.apply_${input.kind}`, objectType: 'org_application', objectId: String(app.id), orgId: org?.id ?? parent.id, orgPath: org?.path ?? parent.path, outcome: 'success', details: { fields }, meta }, tx);
      return app;
    });
    return (await repo.findApplication(ctx.db, row.id))!;
  } catch (e) {
    return mapUniqueViolation(e);
  }
}

async function holdAllMembers(tx: DbOrTx, org: repo.OrgRow, actor: AdminActor, reason: string): Promise<{ held: number; rejected: number }> {
  const who = { type: 'admin' as const, id: actor.id, name: actor.displayName };
  const all = await membersOfOrg(tx, org.id, ['active', 'pending']);
  // one set-based statement for the whole union, however many members it has
  await applyTransitions(
    tx,
    all.map((member) => (member.status === 'active' ? { member, action: 'hold' as const, toOrgId: org.parentId, reason, eventKind: 'org_deregistered' as const } : { member, action: 'reject' as const, toOrgId: null, reason })),
    who,
  );
  const held = all.filter((m) => m.status === 'active').length;
  return { held, rejected: all.length - held };
}

/** Decided by the level above: the decider's organization is the parent or one of its ancestors. */
export async function decideApplication(ctx: Deps, { actor, id, decision, reason, meta }: { actor: AdminActor; id: string; decision: 'approve' | 'reject'; reason?: string | undefined; meta: RequestMeta }) {
  const appId = /^\d{1,15}$/.test(id) ? Number(id) : 0;
  const app = appId ? await repo.findApplication(ctx.db, appId) : null;
  if (!app || !isPathInScope(actor, app.parentPath)) throw new AppError('OUT_OF_SCOPE');
  if (app.status !== 'pending') throw new AppError('APPLICATION_DECIDED');
  try {
    await ctx.db.transaction(async (tx) => {
      const decided = await repo.decideApplication(tx, app.id, { status: decision === 'approve' ? 'approved' : 'rejected', decidedByName: actor.displayName, decisionReason: reason ?? null, decidedAt: new Date() });
      if (!decided) throw new AppError('APPLICATION_DECIDED');
      const details: Record<string, unknown> = { kind: app.kind, decision, reason };
      if (decision === 'approve') {
        const parent = (await repo.findOrgById(tx, app.parentId))!;
        if (app.kind === 'establish') {
          const f = app.fields as Partial<OrgFields>;
          await assertCreditCodeFree(tx, f.creditCode);
          const org = await repo.insertOrg(tx, { name: String(f.name), level: 'base', type: (f.type ?? 'base') as OrgType, creditCode: f.creditCode ?? null, address: f.address ?? null, contact: f.contact ?? null, chairperson: f.chairperson ?? null, industry: f.industry ?? null }, parent);
          await repo.setApplicationOrg(tx, app.id, org.id);
          await repo.insertHistory(tx, { orgId: org.id, kind: 'established', before: null, after: pickFields(org), actorName: actor.displayName, applicationId: app.id });
          details.orgId = org.id;
        } else {
          const org = (await repo.findOrgById(tx, app.orgId!))!;
          if (org.status !== 'active') throw new AppError('APPLICATION_DECIDED');
          if (app.kind === 'change') {
            const changes = app.fields;
            await assertCreditCodeFree(tx, changes.creditCode as string | undefined, org.id);
            const before = Object.fromEntries(Object.keys(changes).map((k) => [k, (org as unknown as Record<string, unknown>)[k] ?? null]));
            await repo.updateOrg(tx, org.id, changes);
            await repo.insertHistory(tx, { orgId: org.id, kind: 'changed', before, after: changes, actorName: actor.displayName, applicationId: app.id });
          } else {
            const count = await countMembersOfOrg(tx, org.id, ['active', 'pending']);
            if (count > 0 && !app.holdMembers) throw new AppError('ORG_HAS_MEMBERS', { params: { count } });
            const moved = count > 0 ? await holdAllMembers(tx, org, actor, `${org.name}注销`) : { held: 0, rejected: 0 };
            await repo.updateOrg(tx, org.id, { status: 'deregistered', deregisteredAt: new Date() });
            await repo.insertHistory(tx, { orgId: org.id, kind: 'deregistered', before: { status: 'active' }, after: { status: 'deregistered', ...moved }, actorName: actor.displayName, applicationId: app.id });
            Object.assign(details, moved);
          }
        }
      }
      await ctx.audit.record({ actor: adminAuditActor(actor), action: `org.decide_${app.kind}`, objectType: 'org_application', objectId: String(app.id), orgId: app.parentId, orgPath: app.parentPath, outcome: 'success', details, meta }, tx);
    });
  } catch (e) {
    return mapUniqueViolation(e);
  }
  return (await repo.findApplication(ctx.db, app.id))!;
}

export function listApplicationsInScope(ctx: Deps, { actor, status, kind, page, pageSize }: { actor: AdminActor; status?: repo.ApplicationRow['status'] | undefined; kind?: repo.ApplicationRow['kind'] | undefined; page: number; pageSize: number }) {
  return repo.listApplications(ctx.db, { pathPrefix: actor.orgPath, status, kind }, (page - 1) * pageSize, pageSize);
}
