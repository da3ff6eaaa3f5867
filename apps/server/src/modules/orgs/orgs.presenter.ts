import type { OrgApplication, OrgDetail, OrgHistoryEntry, OrgNode, PublicOrg } from '@gonghui/contracts';
import { can, isPathInScope, type AdminActor } from '../../platform/scope.js';
import { workingDaysBetween } from '../../platform/working-days.js';
import type { ApplicationWithNames, OrgRow, OrgWithCounts } from './orgs.repository.js';

export function presentOrgNode(o: OrgWithCounts): OrgNode {
  return {
    id: String(o.id),
    parentId: o.parentId === null ? null : String(o.parentId),
    name: o.name,
    level: o.level,
    type: o.type,
    status: o.status,
    creditCode: o.creditCode,
    childCount: o.childCount,
    memberCount: o.memberCount,
  };
}

export function presentOrgDetail(o: OrgWithCounts, ancestors: OrgRow[], subtree: { orgs: number; members: number }): OrgDetail {
  return {
    ...presentOrgNode(o),
    path: ancestors.map((a) => ({ id: String(a.id), name: a.name })),
    address: o.address,
    contact: o.contact,
    chairperson: o.chairperson,
    industry: o.industry,
    subtreeOrgCount: subtree.orgs,
    subtreeMemberCount: subtree.members,
    createdAt: o.createdAt.toISOString(),
  };
}

export function presentPublicOrg(o: OrgRow & { parentName: string | null; hasChildren: boolean }): PublicOrg {
  return { id: String(o.id), name: o.name, level: o.level, type: o.type, parentName: o.parentName, address: o.address, hasChildren: o.hasChildren };
}

export function presentOrgApplication(a: ApplicationWithNames, actor: AdminActor, now = new Date()): OrgApplication {
  return {
    id: String(a.id),
    kind: a.kind,
    status: a.status,
    orgId: a.orgId === null ? null : String(a.orgId),
    orgName: a.orgName ?? (typeof a.fields.name === 'string' ? a.fields.name : null),
    parentId: String(a.parentId),
    parentName: a.parentName,
    fields: a.fields,
    holdMembersAtParent: a.holdMembers,
    note: a.note,
    applicant: a.applicantName,
    decidedBy: a.decidedByName,
    decisionReason: a.decisionReason,
    createdAt: a.createdAt.toISOString(),
    decidedAt: a.decidedAt?.toISOString() ?? null,
    canDecide: a.status === 'pending' && can(actor, 'org.write') && isPathInScope(actor, a.parentPath),
    waitingWorkingDays: workingDaysBetween(a.createdAt, a.decidedAt ?? now),
  };
}

export function presentOrgHistory(h: { id: number; kind: OrgHistoryEntry['kind']; before: Record<string, unknown> | null; after: Record<string, unknown> | null; actorName: string | null; applicationId: number | null; at: Date }): OrgHistoryEntry {
  return {
    id: String(h.id),
    kind: h.kind,
    before: h.before,
    after: h.after,
    actor: h.actorName,
    applicationId: h.applicationId === null ? null : String(h.applicationId),
    at: h.at.toISOString(),
  };
}
