/** Organization tree use cases: browsing within an admin's scope, and the public union search. */
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { assertOrgInScope, type AdminActor } from '../../platform/scope.js';
import * as repo from './orgs.repository.js';

/** Parse an id from the API; anything that is not a positive integer is simply not found. */
export function parseOrgId(id: string): number {
  const n = /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new AppError('OUT_OF_SCOPE');
  return n;
}

/** An organization the actor may see; missing and out-of-scope look the same. */
export async function getOrgInScope({ db, actor, orgId }: { db: Db; actor: AdminActor; orgId: number }): Promise<repo.OrgRow> {
  const org = await repo.findOrgById(db, orgId);
  assertOrgInScope(actor, org?.path);
  return org!;
}

export async function listChildren({ db, actor, parentId }: { db: Db; actor: AdminActor; parentId?: string | undefined }) {
  if (!parentId) return repo.findOrgWithCounts(db, actor.orgId);
  const parent = await getOrgInScope({ db, actor, orgId: parseOrgId(parentId) });
  return repo.findChildren(db, parent.id);
}

export function searchInScope({ db, actor, q }: { db: Db; actor: AdminActor; q: string }) {
  return repo.searchInSubtree(db, actor.orgPath, q);
}

export async function getOrgDetail({ db, actor, id }: { db: Db; actor: AdminActor; id: string }) {
  const org = await getOrgInScope({ db, actor, orgId: parseOrgId(id) });
  const [withCounts] = await repo.findOrgWithCounts(db, org.id);
  // Ancestors above the actor's own organization are outside the scope: show the path from there.
  const ancestorIds = org.path.split('/').filter(Boolean).map(Number);
  const ancestors = (await repo.findOrgsByIds(db, ancestorIds))
    .filter((a) => a.path.startsWith(actor.orgPath))
    .sort((a, b) => a.depth - b.depth);
  const subtree = await repo.subtreeCounts(db, org.path);
  return { org: withCounts!, ancestors, subtree };
}

export function searchPublicOrgs({ db, q, creditCode, parentId, page, pageSize }: { db: Db; q: string; creditCode?: string | undefined; parentId?: string | undefined; page: number; pageSize: number }) {
  return repo.searchPublic(db, { q, creditCode, parentId: parentId === undefined ? undefined : Number(parentId) }, (page - 1) * pageSize, pageSize);
}

/** An active union by id, for the public join page; missing and deregistered look the same. */
export async function getPublicOrg({ db, id }: { db: Db; id: string }) {
  const org = /^\d{1,18}$/.test(id) ? await repo.findPublic(db, Number(id)) : null;
  if (!org) throw new AppError('ORG_NOT_FOUND');
  return org;
}
