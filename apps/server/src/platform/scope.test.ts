/**
 * The permission matrix: every admin endpoint × every role × a target inside and outside the
 * admin's subtree. It asserts allow or deny, and that nothing from outside the scope leaks into a
 * response. A new admin endpoint must add its sample here, or the coverage check fails.
 */
import { ADMIN_ROLES, idCheckChar, ROLE_PERMISSIONS, type AdminRole } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { activities, activityCovers, activitySessions, admins, cadres, identityPhotos, tickets, identityReviews, jobs, joinRequests, members, notifications, orgApplications } from '../db/schema.js';
import { makeCreditCode } from '../db/seed/fixtures.js';
import { bearer, createHarness, type Harness } from '../test/harness.js';
import { idPhoto, multipartFile } from '../test/journey-helpers.js';
import { commitmentOf, newSeed } from './lottery.js';

let h: Harness;
interface Target {
  /** An import job of this part of the tree, with an error file. */
  jobId: string;
  /** A base union and the federation right above it. */
  parentOrgId: string;
  parentPath: string;
  orgId: string;
  memberId: string;
  adminId: string;
}
let inside: Target;
let outside: Target;
const OUTSIDE_MARKERS = ['深圳', 'sz_admin'];
let seq = 0;

type Req = { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: object | Buffer; headers?: Record<string, string> };

/** A one-line CSV upload (the content does not matter: the job is never run here). */
function multipartCsv(kind: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = 'matrixboundary';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${kind}.csv"\r\nContent-Type: text/csv\r\n\r\n姓名\r\n--${boundary}--\r\n`;
  return { payload: Buffer.from(body), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
type Sample = (t: Target | null) => Req | Promise<Req>;

/** A fresh pending application decided by the target's parent union. */
async function freshApplication(t: Target): Promise<string> {
  const [row] = await h.ctx.db.insert(orgApplications).values({ kind: 'establish', parentId: Number(t.parentOrgId), parentPath: t.parentPath, fields: { name: t === outside ? '深圳矩阵申请' : '矩阵申请', type: 'joint' }, applicantId: actorIds.get('org_admin')!, applicantName: 'matrix' }).returning({ id: orgApplications.id });
  return String(row!.id);
}

async function freshCadre(t: Target): Promise<string> {
  const org = await one<{ path: string }>(sql`SELECT path FROM organizations WHERE id = ${Number(t.orgId)}`);
  const [row] = await h.ctx.db.insert(cadres).values({ memberId: t.memberId, orgId: Number(t.orgId), orgPath: org.path, position: 'women_member', termStart: `19${String(10 + (seq++ % 89)).padStart(2, '0')}-06-01` }).returning({ id: cadres.id });
  return row!.id;
}

/** A fresh active member in the target's base union, for samples that change a membership. */
let idSeq = 0;
async function freshMember(t: Target): Promise<string> {
  const first17 = `44010619900101${String(100 + (idSeq++ % 900)).padStart(3, '0')}`.slice(0, 17);
  const idNumber = first17 + idCheckChar(first17) + String(idSeq);
  const [row] = await h.ctx.db.insert(members).values({ name: `矩阵${idSeq}`, idNumberHash: `matrix-${idNumber}`, orgId: Number(t.orgId), status: 'active', verification: 'verified' }).returning({ id: members.id });
  return row!.id;
}
async function pathOf(orgId: string): Promise<string> {
  return (await one<{ path: string }>(sql`SELECT path FROM organizations WHERE id = ${Number(orgId)}`)).path;
}

/** A fresh pending application to join the target's base union. */
async function freshJoinRequest(t: Target): Promise<string> {
  const [m] = await h.ctx.db.insert(members).values({ name: t === outside ? '深圳申请人' : '申请人', idNumberHash: `matrix-join-${seq++}`, orgId: Number(t.orgId), status: 'pending', verification: 'verified' }).returning({ id: members.id });
  const [row] = await h.ctx.db.insert(joinRequests).values({ memberId: m!.id, kind: 'join', toOrgId: Number(t.orgId), toOrgPath: await pathOf(t.orgId) }).returning({ id: joinRequests.id });
  return String(row!.id);
}

/** A fresh identity review waiting in the target's base union, with a front photo. */
async function freshReview(t: Target): Promise<string> {
  const path = await pathOf(t.orgId);
  const [row] = await h.ctx.db
    .insert(identityReviews)
    .values({ kind: 'verification', method: 'manual', status: 'pending', name: t === outside ? '深圳人' : '广州人', idNumberEnc: h.ctx.cipher.encrypt('440106199001011237'), idNumberHash: `matrix-review-${seq++}`, reviewOrgId: Number(t.orgId), reviewOrgPath: path })
    .returning({ id: identityReviews.id });
  const [photo] = await h.ctx.db.insert(identityPhotos).values({ reviewId: row!.id, side: 'front', contentType: 'image/jpeg', bytes: 3, dataEnc: h.ctx.cipher.encryptBytes(Buffer.from('jpg')) }).returning({ id: identityPhotos.id });
  await h.ctx.db.update(identityReviews).set({ photos: { front: photo!.id } }).where(sql`id = ${row!.id}`);
  return String(row!.id);
}
/** A fresh activity of the target's base union (a draft unless said otherwise), with one session. */
async function freshActivity(t: Target, status: 'draft' | 'published' = 'draft'): Promise<{ id: string; sessionId: number }> {
  const now = Date.now();
  const [a] = await h.ctx.db
    .insert(activities)
    .values({ orgId: Number(t.orgId), orgPath: await pathOf(t.orgId), title: t === outside ? '深圳专列' : '广州专列', audience: { orgIds: [], industries: [], minSeniorityYears: null, minAge: null, maxAge: null, hometownProvinces: [] }, windowStart: new Date(now - 3600_000), windowEnd: new Date(now + 3600_000), mode: 'fcfs', status })
    .returning({ id: activities.id });
  const [session] = await h.ctx.db.insert(activitySessions).values({ activityId: a!.id, name: t === outside ? '深圳北' : '广州南', startsAt: new Date(now + 86_400_000), capacity: 10 }).returning({ id: activitySessions.id });
  return { id: String(a!.id), sessionId: session!.id };
}
/** A lottery whose registration window has ended, ready to draw. */
async function endedLottery(t: Target): Promise<string> {
  const seed = newSeed();
  const now = Date.now();
  const [a] = await h.ctx.db
    .insert(activities)
    .values({ orgId: Number(t.orgId), orgPath: await pathOf(t.orgId), title: t === outside ? '深圳抽签' : '广州抽签', audience: { orgIds: [], industries: [], minSeniorityYears: null, minAge: null, maxAge: null, hometownProvinces: [] }, windowStart: new Date(now - 7200_000), windowEnd: new Date(now - 60_000), mode: 'lottery', status: 'published', seedEnc: h.ctx.cipher.encrypt(seed), commitment: commitmentOf(seed) })
    .returning({ id: activities.id });
  await h.ctx.db.insert(activitySessions).values({ activityId: a!.id, name: '抽签场', startsAt: new Date(now + 86_400_000), capacity: 3 });
  return String(a!.id);
}
async function activityWithCover(t: Target): Promise<string> {
  const { id } = await freshActivity(t);
  await h.ctx.db.insert(activityCovers).values({ activityId: Number(id), contentType: 'image/jpeg', bytes: 3, data: Buffer.from([0xff, 0xd8, 0xff]).toString('base64') });
  await h.ctx.db.update(activities).set({ coverVersion: 1 }).where(sql`id = ${Number(id)}`);
  return id;
}
let coverUpload: { payload: Buffer; headers: Record<string, string> } | null = null;

const activityInput = (t: Target) => ({
  orgId: t.orgId,
  title: `矩阵活动${seq++}`,
  windowStart: new Date(Date.now() + 3600_000).toISOString(),
  windowEnd: new Date(Date.now() + 7200_000).toISOString(),
  mode: 'fcfs',
  sessions: [{ name: '场次一', startsAt: new Date(Date.now() + 86_400_000).toISOString(), capacity: 5 }],
});
/** A live ticket of a fresh activity of the target. */
async function freshTicket(t: Target): Promise<string> {
  const a = await freshActivity(t, 'published');
  const code = `Tmatrix${seq++}`;
  await h.ctx.db.insert(tickets).values({ activityId: Number(a.id), sessionId: a.sessionId, memberId: t.memberId, n: 1, seatNo: 1, code });
  return code;
}
/** null target = the endpoint has no object to aim at; it is checked for leaks instead. */
const SAMPLES: Record<string, { targeted: boolean; sample: Sample }> = {
  'GET /api/v1/admin/me': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/me' }) },
  'POST /api/v1/admin/auth/logout': { targeted: false, sample: () => ({ method: 'POST', url: '/api/v1/admin/auth/logout' }) },
  'POST /api/v1/admin/auth/logout-all': { targeted: false, sample: () => ({ method: 'POST', url: '/api/v1/admin/auth/logout-all' }) },
  'GET /api/v1/admin/dashboard': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/dashboard' }) },
  'GET /api/v1/admin/stats': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/stats${t ? `?orgId=${t.orgId}` : ''}` }) },
  'GET /api/v1/admin/stats/children': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/stats/children${t ? `?orgId=${t.parentOrgId}` : ''}` }) },
  'GET /api/v1/admin/stats/export': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/stats/export?tables=summary,children${t ? `&orgId=${t.parentOrgId}` : ''}` }) },
  'GET /api/v1/admin/orgs/children': {
    targeted: true,
    sample: (t) => ({ method: 'GET', url: `/api/v1/admin/orgs/children${t ? `?parentId=${t.orgId}` : ''}` }),
  },
  'GET /api/v1/admin/orgs/:id': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/orgs/${t!.orgId}` }) },
  'GET /api/v1/admin/members': {
    targeted: true,
    sample: (t) => ({ method: 'GET', url: `/api/v1/admin/members?pageSize=100${t ? `&orgId=${t.orgId}` : ''}` }),
  },
  'POST /api/v1/admin/members/:id/reveal': { targeted: true, sample: (t) => ({ method: 'POST', url: `/api/v1/admin/members/${t!.memberId}/reveal` }) },
  'GET /api/v1/admin/members/:id': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/members/${t!.memberId}` }) },
  'POST /api/v1/admin/members': {
    targeted: true,
    sample: (t) => {
      const first17 = `440106199001${String(10 + (seq % 18)).padStart(2, '0')}${String(100 + seq++).slice(-3)}`;
      return { method: 'POST', url: '/api/v1/admin/members', payload: { orgId: t!.orgId, name: '矩阵成员', idNumber: first17 + idCheckChar(first17) } };
    },
  },
  'PATCH /api/v1/admin/members/:id': { targeted: true, sample: (t) => ({ method: 'PATCH', url: `/api/v1/admin/members/${t!.memberId}`, payload: { employer: `单位${seq++}` } }) },
  'POST /api/v1/admin/members/:id/hold': { targeted: true, sample: async (t) => ({ method: 'POST', url: `/api/v1/admin/members/${await freshMember(t!)}/hold`, payload: { reason: '离职' } }) },
  'POST /api/v1/admin/members/:id/end': { targeted: true, sample: async (t) => ({ method: 'POST', url: `/api/v1/admin/members/${await freshMember(t!)}/end`, payload: { reason: 'retired' } }) },
  'POST /api/v1/admin/orgs': {
    targeted: true,
    sample: (t) => ({ method: 'POST', url: '/api/v1/admin/orgs', payload: { parentId: t!.parentOrgId, level: 'base', type: 'joint', name: `矩阵联合工会${seq++}` } }),
  },
  'PATCH /api/v1/admin/orgs/:id': { targeted: true, sample: (t) => ({ method: 'PATCH', url: `/api/v1/admin/orgs/${t!.orgId}`, payload: { contact: `020-${seq++}` } }) },
  'GET /api/v1/admin/orgs/:id/history': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/orgs/${t!.orgId}/history` }) },
  'POST /api/v1/admin/org-applications': {
    targeted: true,
    sample: (t) => ({ method: 'POST', url: '/api/v1/admin/org-applications', payload: { kind: 'establish', parentId: t!.parentOrgId, fields: { name: `矩阵新工会${seq}`, type: 'base', creditCode: makeCreditCode('440106', 9_000_000 + seq++) } } }),
  },
  'GET /api/v1/admin/org-applications': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/org-applications?pageSize=100' }) },
  'POST /api/v1/admin/org-applications/:id/decision': {
    targeted: true,
    sample: async (t) => ({ method: 'POST', url: `/api/v1/admin/org-applications/${await freshApplication(t!)}/decision`, payload: { decision: 'reject', reason: '材料不全' } }),
  },
  'GET /api/v1/admin/cadres': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/cadres?pageSize=100${t ? `&orgId=${t.orgId}` : ''}` }) },
  'POST /api/v1/admin/cadres': {
    targeted: true,
    sample: (t) => ({ method: 'POST', url: '/api/v1/admin/cadres', payload: { memberId: t!.memberId, orgId: t!.orgId, position: 'committee_member', termStart: `20${String(10 + (seq++ % 80)).padStart(2, '0')}-01-01`, fullTime: false } }),
  },
  'PATCH /api/v1/admin/cadres/:id': { targeted: true, sample: async (t) => ({ method: 'PATCH', url: `/api/v1/admin/cadres/${await freshCadre(t!)}`, payload: { fullTime: true } }) },
  ...Object.fromEntries(
    (['orgs', 'members', 'cadres'] as const).flatMap((kind) => [
      [`GET /api/v1/admin/sheets/${kind}/template`, { targeted: false, sample: () => ({ method: 'GET', url: `/api/v1/admin/sheets/${kind}/template?format=csv` }) }],
      [`POST /api/v1/admin/sheets/${kind}/imports`, { targeted: false, sample: () => ({ method: 'POST', url: `/api/v1/admin/sheets/${kind}/imports`, ...multipartCsv(kind) }) }],
      [`GET /api/v1/admin/sheets/${kind}/export`, { targeted: true, sample: (t: Target | null) => ({ method: 'GET', url: `/api/v1/admin/sheets/${kind}/export?format=csv${t ? `&orgId=${kind === 'orgs' ? t.parentOrgId : t.orgId}` : ''}` }) }],
    ]),
  ),
  'GET /api/v1/admin/jobs': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/jobs?pageSize=100' }) },
  'GET /api/v1/admin/jobs/:id': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/jobs/${t!.jobId}` }) },
  'GET /api/v1/admin/jobs/:id/errors': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/jobs/${t!.jobId}/errors` }) },
  'GET /api/v1/admin/admins': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/admins?pageSize=100' }) },
  'POST /api/v1/admin/admins': {
    targeted: true,
    sample: (t) => ({ method: 'POST', url: '/api/v1/admin/admins', payload: { username: `matrix${seq++}`, displayName: '矩阵', orgId: t!.orgId, roles: ['staff'], password: 'matrix1234' } }),
  },
  'PATCH /api/v1/admin/admins/:id': { targeted: true, sample: (t) => ({ method: 'PATCH', url: `/api/v1/admin/admins/${t!.adminId}`, payload: { displayName: `改名${seq++}` } }) },
  'GET /api/v1/admin/audit': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/audit?pageSize=100' }) },
  'GET /api/v1/admin/orgs/:id/join-qr': { targeted: true, sample: (t) => ({ method: 'GET', url: `/api/v1/admin/orgs/${t!.orgId}/join-qr` }) },
  'GET /api/v1/admin/join-requests': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/join-requests?pageSize=100' }) },
  'POST /api/v1/admin/join-requests/:id/decision': {
    targeted: true,
    sample: async (t) => ({ method: 'POST', url: `/api/v1/admin/join-requests/${await freshJoinRequest(t!)}/decision`, payload: { approve: false, reason: '不在本单位' } }),
  },
  'GET /api/v1/admin/identity-reviews': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/identity-reviews?pageSize=100' }) },
  'GET /api/v1/admin/identity-reviews/:id': { targeted: true, sample: async (t) => ({ method: 'GET', url: `/api/v1/admin/identity-reviews/${await freshReview(t!)}` }) },
  'GET /api/v1/admin/identity-reviews/:id/photos/:side': { targeted: true, sample: async (t) => ({ method: 'GET', url: `/api/v1/admin/identity-reviews/${await freshReview(t!)}/photos/front` }) },
  'POST /api/v1/admin/identity-reviews/:id/decision': {
    targeted: true,
    sample: async (t) => ({ method: 'POST', url: `/api/v1/admin/identity-reviews/${await freshReview(t!)}/decision`, payload: { approve: false, reason: '照片不清晰' } }),
  },
  'POST /api/v1/admin/cards/check': { targeted: false, sample: () => ({ method: 'POST', url: '/api/v1/admin/cards/check', payload: { cardNo: 'GD00000001', code: '12345678' } }) },
  'GET /api/v1/admin/notifications': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/notifications?pageSize=100' }) },
  'POST /api/v1/admin/notifications/read': { targeted: false, sample: () => ({ method: 'POST', url: '/api/v1/admin/notifications/read', payload: {} }) },
  'GET /api/v1/admin/activities': { targeted: false, sample: () => ({ method: 'GET', url: '/api/v1/admin/activities?pageSize=100' }) },
  'POST /api/v1/admin/activities': { targeted: true, sample: (t) => ({ method: 'POST', url: '/api/v1/admin/activities', payload: activityInput(t!) }) },
  'GET /api/v1/admin/activities/:id': { targeted: true, sample: async (t) => ({ method: 'GET', url: `/api/v1/admin/activities/${(await freshActivity(t!)).id}` }) },
  'PATCH /api/v1/admin/activities/:id': { targeted: true, sample: async (t) => ({ method: 'PATCH', url: `/api/v1/admin/activities/${(await freshActivity(t!)).id}`, payload: activityInput(t!) }) },
  'POST /api/v1/admin/activities/:id/publish': { targeted: true, sample: async (t) => ({ method: 'POST', url: `/api/v1/admin/activities/${(await freshActivity(t!)).id}/publish` }) },
  'POST /api/v1/admin/activities/:id/cancel': { targeted: true, sample: async (t) => ({ method: 'POST', url: `/api/v1/admin/activities/${(await freshActivity(t!)).id}/cancel` }) },
  'GET /api/v1/admin/activities/:id/live': { targeted: true, sample: async (t) => ({ method: 'GET', url: `/api/v1/admin/activities/${(await freshActivity(t!, 'published')).id}/live` }) },
  'GET /api/v1/admin/activities/:id/tickets': { targeted: true, sample: async (t) => ({ method: 'GET', url: `/api/v1/admin/activities/${(await freshActivity(t!, 'published')).id}/tickets` }) },
  'POST /api/v1/admin/activities/:id/draw': { targeted: true, sample: async (t) => ({ method: 'POST', url: `/api/v1/admin/activities/${await endedLottery(t!)}/draw` }) },
  'GET /api/v1/admin/activities/:id/entries': { targeted: true, sample: async (t) => ({ method: 'GET', url: `/api/v1/admin/activities/${(await freshActivity(t!, 'published')).id}/entries` }) },
  'GET /api/v1/admin/activities/:id/cover': { targeted: true, sample: async (t) => ({ method: 'GET', url: `/api/v1/admin/activities/${await activityWithCover(t!)}/cover` }) },
  'PUT /api/v1/admin/activities/:id/cover': {
    targeted: true,
    sample: async (t) => ({ method: 'PUT', url: `/api/v1/admin/activities/${(await freshActivity(t!)).id}/cover`, ...(coverUpload ??= multipartFile(await idPhoto(640, 360), 'cover.jpg')) }),
  },
  'DELETE /api/v1/admin/activities/:id/cover': { targeted: true, sample: async (t) => ({ method: 'DELETE', url: `/api/v1/admin/activities/${await activityWithCover(t!)}/cover` }) },
  'POST /api/v1/admin/tickets/check-in': { targeted: false, sample: async () => ({ method: 'POST', url: '/api/v1/admin/tickets/check-in', payload: { code: await freshTicket(inside) } }) },
};

const actorIds = new Map<AdminRole, string>();

async function one<T extends Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T> {
  const [row] = await queryRows<T>(h.ctx.db, q);
  return row!;
}

beforeAll(async () => {
  h = await createHarness();
  const gz = await one<{ id: number }>(sql`SELECT id FROM organizations WHERE name = '广州市总工会'`);
  // One admin per role, all bound to 广州市总工会.
  for (const role of ADMIN_ROLES) {
    const [row] = await h.ctx.db.insert(admins).values({ username: `m_${role}`, displayName: role, orgId: gz.id, roles: [role], passwordHash: 'x', totpEnrolled: true }).returning({ id: admins.id });
    actorIds.set(role, row!.id);
  }
  const pick = async (city: string): Promise<Target> => {
    const org = await one<{ id: number }>(sql`SELECT o.id FROM organizations o WHERE o.level = 'base' AND o.path LIKE (SELECT path || '%' FROM organizations WHERE name = ${city}) ORDER BY o.id LIMIT 1`);
    const member = await one<{ id: string }>(sql`SELECT id FROM members WHERE org_id = ${org.id} LIMIT 1`);
    const admin = await one<{ id: string }>(sql`SELECT a.id FROM admins a JOIN organizations o ON o.id = a.org_id WHERE o.path LIKE (SELECT path || '%' FROM organizations WHERE name = ${city}) AND a.username NOT LIKE 'm\\_%' ORDER BY a.username LIMIT 1`);
    const parent = await one<{ id: number; path: string }>(sql`SELECT p.id, p.path FROM organizations p JOIN organizations o ON o.parent_id = p.id WHERE o.id = ${org.id}`);
    const errorFile = path.join(h.ctx.config.dataDir, `matrix-${city}.xlsx`);
    writeFileSync(errorFile, city);
    const [job] = await h.ctx.db.insert(jobs).values({ kind: 'sheet-import', payload: {}, orgPath: parent.path, status: 'succeeded', errorFile, fileName: `${city}.xlsx` }).returning({ id: jobs.id });
    return { jobId: job!.id, orgId: String(org.id), parentOrgId: String(parent.id), parentPath: parent.path, memberId: member.id, adminId: admin.id };
  };
  inside = await pick('广州市总工会');
  outside = await pick('深圳市总工会');
  // Something from outside the scope in the audit log, so a leak would show.
  const sz = await one<{ id: number; path: string }>(sql`SELECT id, path FROM organizations WHERE name = '深圳市总工会'`);
  await freshApplication(outside);
  await freshJoinRequest(outside);
  await freshReview(outside);
  await freshActivity(outside, 'published');
  await h.ctx.db.insert(notifications).values({ orgId: sz.id, orgPath: sz.path, kind: 'union_held_reminder', params: { name: '深圳会员', cardNo: 'GD1', days: 91 } });
  await h.ctx.audit.record({ actor: { type: 'admin', id: outside.adminId, name: 'sz_admin' }, action: 'admin.login', orgId: sz.id, orgPath: sz.path, outcome: 'success', details: { note: '深圳' } });
});
afterAll(() => h.close());

describe('permission matrix', () => {
  it('has a sample for every admin endpoint', () => {
    const adminRoutes = h.app.routeTable.filter((r) => r.url.startsWith('/api/v1/admin') && r.auth !== 'public').map((r) => `${r.method} ${r.url}`);
    expect(adminRoutes.sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const r of h.app.routeTable.filter((x) => x.url.startsWith('/api/v1/admin') && x.auth !== 'public')) expect(r.permission).not.toBeNull();
  });

  it('refuses every admin endpoint without a session, and with a member session', async () => {
    const member = await h.ctx.sessions.create('member', '00000000-0000-0000-0000-000000000001', { ip: null, userAgent: null });
    for (const [key, { sample }] of Object.entries(SAMPLES)) {
      const req = await sample(inside);
      const anon = await h.app.inject({ ...req });
      expect(anon.statusCode, key).toBe(401);
      const asMember = await h.app.inject({ ...req, headers: { ...req.headers, ...bearer(member.token) } });
      expect(asMember.statusCode, key).toBe(401);
    }
  });

  for (const role of ADMIN_ROLES) {
    describe(`role ${role}`, () => {
      for (const [key, { targeted, sample }] of Object.entries(SAMPLES)) {
        it(key, async () => {
          const route = h.app.routeTable.find((r) => `${r.method} ${r.url}` === key)!;
          const allowed = route.permission === 'any' || (ROLE_PERMISSIONS[role] as readonly string[]).includes(route.permission!);
          const call = async (t: Target | null) => {
            const { token } = await h.ctx.sessions.create('admin', actorIds.get(role)!, { ip: null, userAgent: null });
            const req = await sample(t);
            return h.app.inject({ ...req, headers: { ...req.headers, ...bearer(token) } });
          };
          const inScope = await call(targeted ? inside : null);
          if (!allowed) {
            expect(inScope.statusCode, `${role} ${key}`).toBe(403);
            expect(inScope.json().error.code).toBe('FORBIDDEN');
          } else {
            expect(inScope.statusCode, `${role} ${key}: ${inScope.body.slice(0, 200)}`).toBeLessThan(300);
            for (const marker of OUTSIDE_MARKERS) expect(inScope.body, `${role} ${key} leaks ${marker}`).not.toContain(marker);
          }
          if (targeted) {
            const out = await call(outside);
            expect(out.statusCode, `${role} ${key} outside`).toBe(403);
            expect(out.json().error.code).toBe(allowed ? 'OUT_OF_SCOPE' : 'FORBIDDEN');
            for (const marker of OUTSIDE_MARKERS) expect(out.body).not.toContain(marker);
          }
        });
      }
    });
  }

  it('answers an unknown id exactly like an out-of-scope one', async () => {
    const { token } = await h.ctx.sessions.create('admin', actorIds.get('org_admin')!, { ip: null, userAgent: null });
    const missing = await h.app.inject({ url: '/api/v1/admin/orgs/999999', headers: bearer(token) });
    const out = await h.app.inject({ url: `/api/v1/admin/orgs/${outside.orgId}`, headers: bearer(token) });
    expect(missing.statusCode).toBe(out.statusCode);
    expect(missing.json().error.code).toBe(out.json().error.code);
  });

  it('refuses to register an admin route that declares no permission', async () => {
    const { default: Fastify } = await import('fastify');
    const { registerAuthGuards } = await import('./auth.js');
    const app = Fastify();
    registerAuthGuards(app, { sessions: h.ctx.sessions, loadAdmin: async () => ({ kind: 'missing' }), loadAccountStatus: async () => 'missing' });
    expect(() => app.get('/api/v1/admin/unguarded', async () => ({ ok: true }))).toThrow(/declares no permission/);
    await app.close();
  });
});
