/**
 * The one scope mechanism. An admin is bound to one organization and acts only inside its subtree.
 * Every admin route declares the permission it needs (`config.permission`); the guard in auth.ts
 * authenticates and checks it, and services call `assertOrgInScope` / `withinScope` for the objects
 * they touch. Organization paths look like '/1/23/456/': a subtree is a path prefix.
 */
import { ROLE_PERMISSIONS, type AdminRole, type Permission } from '@gonghui/contracts';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from './errors.js';

export interface AdminActor {
  id: string;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  orgLevel: string;
  orgPath: string;
  roles: AdminRole[];
  permissions: ReadonlySet<Permission>;
  sessionId: string;
}

export function permissionsOf(roles: readonly AdminRole[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role] ?? []) set.add(p);
  return set;
}

export function can(actor: AdminActor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: AdminActor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN');
}

export function isPathInScope(actor: Pick<AdminActor, 'orgPath'>, path: string): boolean {
  return path.startsWith(actor.orgPath);
}

/**
 * Throws OUT_OF_SCOPE for an organization outside the actor's subtree. A missing organization gives
 * the same answer, so probing ids reveals nothing about what exists outside the scope.
 */
export function assertOrgInScope(actor: Pick<AdminActor, 'orgPath'>, path: string | null | undefined): asserts path is string {
  if (!path || !isPathInScope(actor, path)) throw new AppError('OUT_OF_SCOPE');
}

/** SQL condition: the path column lies in the actor's subtree (uses the text_pattern_ops index). */
export function withinScope(actor: Pick<AdminActor, 'orgPath'>, pathColumn: AnyColumn | SQL): SQL {
  return sql`${pathColumn} LIKE ${`${actor.orgPath}%`}`;
}

/** Roles an actor may grant: only those whose permissions they hold themselves. */
export function assertMayGrant(actor: AdminActor, roles: readonly AdminRole[]): void {
  for (const role of roles) {
    for (const p of ROLE_PERMISSIONS[role]) if (!actor.permissions.has(p) && p !== 'audit.read') throw new AppError('FORBIDDEN');
  }
}
