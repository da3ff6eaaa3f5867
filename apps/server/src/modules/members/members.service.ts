/** Member records for admins (scoped) and for the member themself. */
import type { AppContext } from '../../context.js';
import type { RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { assertOrgInScope, type AdminActor } from '../../platform/scope.js';
import { getOrgInScope, parseOrgId } from '../orgs/orgs.service.js';
import * as repo from './members.repository.js';

type Deps = Pick<AppContext, 'db' | 'cipher' | 'audit'>;

export function membershipOfAccount(ctx: Pick<AppContext, 'db'>, accountId: string) {
  return repo.findMemberByAccount(ctx.db, accountId);
}

export async function listMembersInScope(
  ctx: Deps,
  { actor, orgId, status, q, page, pageSize }: { actor: AdminActor; orgId?: string | undefined; status?: repo.MemberRow['status'] | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  const pathPrefix = orgId ? (await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(orgId) })).path : actor.orgPath;
  return repo.listMembers(ctx.db, { pathPrefix, status, namePrefix: q }, (page - 1) * pageSize, pageSize);
}

/** The unmasked phone and ID number, for an admin allowed to see them; every view is audited. */
export async function revealMember(ctx: Deps, { actor, memberId, meta }: { actor: AdminActor; memberId: string; meta: RequestMeta }) {
  const member = /^[0-9a-f-]{36}$/i.test(memberId) ? await repo.findMemberById(ctx.db, memberId) : null;
  try {
    assertOrgInScope(actor, member?.orgPath);
  } catch (e) {
    await ctx.audit.record({ actor: { type: 'admin', id: actor.id, name: actor.username }, action: 'member.reveal_pii', objectType: 'member', objectId: memberId, orgId: actor.orgId, orgPath: actor.orgPath, outcome: 'denied', meta });
    throw e;
  }
  if (!member) throw new AppError('NOT_FOUND');
  await ctx.audit.record({
    actor: { type: 'admin', id: actor.id, name: actor.username },
    action: 'member.reveal_pii',
    objectType: 'member',
    objectId: member.id,
    orgId: member.orgId,
    orgPath: member.orgPath,
    outcome: 'success',
    details: { fields: ['phone', 'idNumber'], memberName: member.name },
    meta,
  });
  return {
    phone: member.phoneEnc ? ctx.cipher.decrypt(member.phoneEnc) : null,
    idNumber: member.idNumberEnc ? ctx.cipher.decrypt(member.idNumberEnc) : null,
  };
}
