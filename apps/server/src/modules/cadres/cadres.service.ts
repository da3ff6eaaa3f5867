/**
 * Cadres: a member holding a position (chair, vice-chair, committee member, audit and women
 * workers' committees) in an organization, for a term, full- or part-time. A cadre must be an
 * active or held member of the platform; positions are held in organizations of the scope.
 */
import type { CadrePosition } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { assertOrgInScope, type AdminActor } from '../../platform/scope.js';
import { findMemberById } from '../members/members.repository.js';
import { getOrgInScope, parseOrgId } from '../orgs/orgs.service.js';
import * as repo from './cadres.repository.js';

type Deps = Pick<AppContext, 'db' | 'audit'>;

export async function listCadresInScope(
  ctx: Deps,
  { actor, orgId, q, position, fullTime, status, page, pageSize }: { actor: AdminActor; orgId?: string | undefined; q?: string | undefined; position?: CadrePosition | undefined; fullTime?: 'true' | 'false' | undefined; status?: 'serving' | 'ended' | undefined; page: number; pageSize: number },
) {
  const pathPrefix = orgId ? (await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(orgId) })).path : actor.orgPath;
  return repo.listCadres(ctx.db, { pathPrefix, namePrefix: q, position, fullTime: fullTime === undefined ? undefined : fullTime === 'true', status }, (page - 1) * pageSize, pageSize);
}

export async function appointCadre(
  ctx: Deps,
  { actor, input, meta }: { actor: AdminActor; input: { memberId: string; orgId: string; position: CadrePosition; termStart: string; termEnd?: string | null | undefined; fullTime: boolean }; meta: RequestMeta },
) {
  const org = await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(input.orgId) });
  const member = await findMemberById(ctx.db, input.memberId);
  // The member is looked up platform-wide (a district cadre may belong to any base union below it),
  // but must be in the actor's scope too, and a current member.
  if (!member || !member.orgPath || !member.orgPath.startsWith(actor.orgPath) || (member.status !== 'active' && member.status !== 'held')) {
    throw new AppError('NOT_A_MEMBER');
  }
  const row = await ctx.db.transaction(async (tx) => {
    const cadre = await repo.insertCadre(tx, { memberId: member.id, orgId: org.id, orgPath: org.path, position: input.position, termStart: input.termStart, termEnd: input.termEnd ?? null, fullTime: input.fullTime });
    if (!cadre) throw new AppError('CONFLICT');
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'cadre.appoint', objectType: 'cadre', objectId: cadre.id, orgId: org.id, orgPath: org.path, outcome: 'success', details: { memberId: member.id, position: input.position }, meta }, tx);
    return cadre;
  });
  return (await repo.findCadre(ctx.db, row.id))!;
}

export async function updateCadreTerm(
  ctx: Deps,
  { actor, id, input, meta }: { actor: AdminActor; id: string; input: { position?: CadrePosition | undefined; termStart?: string | undefined; termEnd?: string | null | undefined; fullTime?: boolean | undefined; status?: 'serving' | 'ended' | undefined }; meta: RequestMeta },
) {
  const cadre = await repo.findCadre(ctx.db, id);
  assertOrgInScope(actor, cadre?.orgPath);
  const termStart = input.termStart ?? cadre!.termStart;
  const termEnd = input.termEnd === undefined ? cadre!.termEnd : input.termEnd;
  if (termEnd && termEnd < termStart) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'termEnd', message: '任期结束不能早于开始 / The term cannot end before it starts' }] });
  const values = { ...input, ...(input.status === 'ended' && !termEnd ? { termEnd: new Date().toISOString().slice(0, 10) } : {}) };
  await repo.updateCadre(ctx.db, cadre!.id, values);
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'cadre.update', objectType: 'cadre', objectId: cadre!.id, orgId: cadre!.orgId, orgPath: cadre!.orgPath, outcome: 'success', details: { ...input }, meta });
  return (await repo.findCadre(ctx.db, cadre!.id))!;
}
