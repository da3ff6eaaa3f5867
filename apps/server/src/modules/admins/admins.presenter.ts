import type { AdminAccount, AdminProfile } from '@gonghui/contracts';
import type { AdminActor } from '../../platform/scope.js';
import type { AdminWithOrg } from './admins.repository.js';
import type { AdminRole } from '@gonghui/contracts';

export function presentAdminProfile(a: Omit<AdminActor, 'sessionId'>): AdminProfile {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    roles: a.roles,
    permissions: [...a.permissions],
    org: { id: String(a.orgId), name: a.orgName, level: a.orgLevel },
  };
}

export function presentAdminAccount(a: AdminWithOrg): AdminAccount {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    roles: a.roles as AdminRole[],
    orgId: String(a.orgId),
    orgName: a.orgName,
    status: a.status,
    totpEnrolled: a.totpEnrolled,
    lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}
