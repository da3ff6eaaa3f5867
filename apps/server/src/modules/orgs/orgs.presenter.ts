import type { OrgDetail, OrgNode, PublicOrg } from '@gonghui/contracts';
import type { OrgRow, OrgWithCounts } from './orgs.repository.js';

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
    subtreeOrgCount: subtree.orgs,
    subtreeMemberCount: subtree.members,
    createdAt: o.createdAt.toISOString(),
  };
}

export function presentPublicOrg(o: OrgRow & { parentName: string | null }): PublicOrg {
  return { id: String(o.id), name: o.name, level: o.level, type: o.type, parentName: o.parentName };
}
