/**
 * The member's journey end to end through the API, with the manual verifier: register → verify
 * (photos, an admin approves) → find a union by credit code and join → card → transfer → held
 * (上挂) → reminded → join a new employer's union; the timeline records every step.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { bearer, createHarness, loginAdmin, type Harness } from '../../test/harness.js';
import { freshIdNumber, multipartFile, registerMember, uploadIdPhotos } from '../../test/journey-helpers.js';
import { checkCard } from '../cards/cards.service.js';
import { remindHeldMembers } from './joining.service.js';

let h: Harness;
let gd: string;
let gz: string;
let unions: Array<{ id: number; name: string; credit_code: string; parent_id: number }>;
beforeAll(async () => {
  h = await createHarness();
  [gd, gz] = await Promise.all([loginAdmin(h, 'gd_admin'), loginAdmin(h, 'gz_admin')]);
  unions = await queryRows(h.ctx.db, sql`SELECT o.id, o.name, o.credit_code, o.parent_id FROM organizations o WHERE o.level = 'base' AND o.status = 'active' AND o.credit_code IS NOT NULL AND o.path LIKE (SELECT path || '%' FROM organizations WHERE name = '广州市总工会') ORDER BY o.id LIMIT 3`);
  expect(unions).toHaveLength(3);
});
afterAll(() => h.close());

const get = (url: string, token: string) => h.app.inject({ url, headers: bearer(token) });
const post = (url: string, token: string, payload: object = {}) => h.app.inject({ method: 'POST', url, payload, headers: bearer(token) });

describe('the journey', () => {
  let member: { phone: string; token: string };
  const idNumber = freshIdNumber();

  it('refuses an invalid ID number with ID_NUMBER_INVALID and the reason', async () => {
    member = await registerMember(h);
    const bad = await post('/api/v1/me/verification', member.token, { name: '陈嘉怡', idNumber: '440106199001011234' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('ID_NUMBER_INVALID');
    expect(bad.json().error.messages['zh-CN']).toContain('校验位');
  });

  it('verifies by manual review: photos, then an admin of the province approves', async () => {
    const state = (await post('/api/v1/me/verification', member.token, { name: '陈嘉怡', idNumber })).json();
    expect(state).toMatchObject({ verification: 'pending', method: 'manual', review: { status: 'awaiting_photos', photos: [] } });
    // not in the queue until both sides are there
    const early = (await get('/api/v1/admin/identity-reviews?kind=verification', gd)).json();
    expect(early.items.find((r: { id: string }) => r.id === state.review.id)).toBeUndefined();
    await uploadIdPhotos(h, member.token, state.review.id);
    const queue = (await get('/api/v1/admin/identity-reviews?kind=verification', gd)).json();
    const row = queue.items.find((r: { id: string }) => r.id === state.review.id);
    expect(row).toMatchObject({ status: 'pending', name: '陈嘉怡', photos: ['front', 'back'] });
    expect(row.idNumber).toMatch(/\*{11}/);
    // a city admin does not see a review of someone with no union yet (it waits at the province)
    expect((await get(`/api/v1/admin/identity-reviews/${row.id}`, gz)).statusCode).toBe(403);
    const detail = (await get(`/api/v1/admin/identity-reviews/${row.id}`, gd)).json();
    expect(detail.idNumber).toBe(idNumber);
    const photo = await get(`/api/v1/admin/identity-reviews/${row.id}/photos/front`, gd);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8');
    const decided = await post(`/api/v1/admin/identity-reviews/${row.id}/decision`, gd, { approve: true });
    expect(decided.statusCode).toBe(200);
    const after = (await get('/api/v1/me/verification', member.token)).json();
    expect(after.verification).toBe('verified');
    const audit = await queryRows<{ action: string }>(h.ctx.db, sql`SELECT action FROM audit_log WHERE object_id = ${row.id} AND object_type = 'identity_review' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['identity.verify', 'identity.photo_upload', 'identity.review_view', 'identity.photo_view', 'identity.verification_approve']));
    const inbox = (await get('/api/v1/me/notifications', member.token)).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'verification_approved', title: '实名认证已通过', read: false });
    expect(inbox.unread).toBe(1);
    expect(h.sms.sent.at(-1)).toMatchObject({ to: member.phone });
    expect(h.sms.sent.at(-1)!.text).toContain('实名认证已通过');
  });

  it('finds a union by the employer credit code and applies; exactly one of two simultaneous approvals takes effect', async () => {
    const found = (await h.app.inject({ url: `/api/v1/orgs?creditCode=${unions[0]!.credit_code}` })).json();
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ id: String(unions[0]!.id), level: 'base' });
    const byId = (await h.app.inject({ url: `/api/v1/orgs/${unions[0]!.id}` })).json();
    expect(byId.name).toBe(unions[0]!.name);
    const applied = await post('/api/v1/me/join-requests', member.token, { orgId: String(unions[0]!.id), note: '新入职' });
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toMatchObject({ kind: 'join', status: 'pending', toOrg: { name: unions[0]!.name }, waitingWorkingDays: 0 });
    expect((await post('/api/v1/me/join-requests', member.token, { orgId: String(unions[1]!.id) })).json().error.code).toBe('REQUEST_PENDING');
    const mine = (await get('/api/v1/me/membership', member.token)).json();
    expect(mine.member.status).toBe('pending');
    expect(mine.pendingRequest.id).toBe(applied.json().id);
    const queue = (await get('/api/v1/admin/join-requests', gz)).json();
    expect(queue.items.find((r: { id: string }) => r.id === applied.json().id)).toMatchObject({ canDecide: true, overdue: false, member: { name: '陈嘉怡' } });
    const id = applied.json().id;
    const [a, b] = await Promise.all([post(`/api/v1/admin/join-requests/${id}/decision`, gz, { approve: true }), post(`/api/v1/admin/join-requests/${id}/decision`, gd, { approve: true })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('APPLICATION_DECIDED');
    const joined = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM membership_events e JOIN members m ON m.id = e.member_id WHERE m.account_id = (SELECT account_id FROM members WHERE name = '陈嘉怡' LIMIT 1) AND e.kind = 'joined'`);
    expect(joined[0]!.n).toBe(1);
    const now = (await get('/api/v1/me/membership', member.token)).json();
    expect(now.member).toMatchObject({ status: 'active', org: { id: String(unions[0]!.id) } });
    expect(now.member.cardNo).toMatch(/^GD\d+$/);
    expect(now.canTransfer).toBe(true);
  });

  it('shows an e-card whose QR token checks as valid, and as expired two minutes later', async () => {
    const card = (await get('/api/v1/me/card', member.token)).json();
    expect(card).toMatchObject({ name: '陈嘉怡', orgName: unions[0]!.name, status: 'active' });
    expect(card.token).toMatch(/^GH1:GD\d+:\d+:\d{8}$/);
    expect(card.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const byToken = (await post('/api/v1/admin/cards/check', gz, { token: card.token })).json();
    expect(byToken).toMatchObject({ result: 'valid', card: { cardNo: card.cardNo, name: '陈**', orgName: unions[0]!.name } });
    expect((await post('/api/v1/admin/cards/check', gz, { cardNo: card.cardNo, code: card.code })).json().result).toBe('valid');
    const wrongCode = String((Number(card.code) + 1) % 100_000_000).padStart(8, '0');
    expect((await post('/api/v1/admin/cards/check', gz, { cardNo: card.cardNo, code: wrongCode })).json()).toMatchObject({ result: 'invalid', card: null });
    expect((await post('/api/v1/admin/cards/check', gz, { token: card.token.replace(/:(\d{8})$/, `:${wrongCode}`) })).json().result).toBe('invalid');
    const actor = { id: '00000000-0000-0000-0000-000000000000', username: 't', displayName: 't', orgId: 1, orgName: 'p', orgLevel: 'province', orgPath: '/1/', roles: ['staff' as const], permissions: new Set(['card.verify' as const]), sessionId: 's' };
    const later = await checkCard(h.ctx, { actor, input: { token: card.token }, meta: { ip: null, userAgent: null }, now: new Date(Date.now() + 150_000) });
    expect(later.result).toBe('expired');
  });

  it('transfers to another base union on its approval; card number and join date stay', async () => {
    const before = (await get('/api/v1/me/membership', member.token)).json().member;
    const req = (await post('/api/v1/me/join-requests', member.token, { orgId: String(unions[1]!.id) })).json();
    expect(req).toMatchObject({ kind: 'transfer', fromOrg: { id: String(unions[0]!.id) } });
    expect((await get('/api/v1/me/membership', member.token)).json().member.status).toBe('active');
    expect((await post(`/api/v1/admin/join-requests/${req.id}/decision`, gz, { approve: true })).statusCode).toBe(200);
    const after = (await get('/api/v1/me/membership', member.token)).json().member;
    expect(after).toMatchObject({ status: 'active', org: { id: String(unions[1]!.id) }, cardNo: before.cardNo, joinedAt: before.joinedAt });
    const unionInbox = (await get('/api/v1/admin/notifications', gz)).json();
    expect(unionInbox.items.some((n: { kind: string; body: string }) => n.kind === 'union_member_left' && n.body.includes('陈嘉怡'))).toBe(true);
  });

  it('is held at the upper union (上挂) with a notice, reminded after 90 days, and joins a new employer', async () => {
    const m = (await get('/api/v1/me/membership', member.token)).json().member;
    expect((await post(`/api/v1/admin/members/${m.id}/hold`, gz, { reason: '单位破产' })).statusCode).toBe(200);
    const held = (await get('/api/v1/me/membership', member.token)).json();
    expect(held.member).toMatchObject({ status: 'held', org: { id: String(unions[1]!.parent_id) } });
    expect(held.member.heldSince).toBeTruthy();
    expect(held.canJoin).toBe(true);
    expect((await get('/api/v1/me/notifications', member.token)).json().items[0].kind).toBe('held');
    // the card keeps working while held
    expect((await get('/api/v1/me/card', member.token)).json().status).toBe('held');

    // the demo province has held members due a reminder already: the first run reminds them once
    expect(await remindHeldMembers(h.ctx)).toBeGreaterThan(0);
    expect(await remindHeldMembers(h.ctx)).toBe(0);
    await h.ctx.db.execute(sql`UPDATE members SET held_since = now() - interval '91 days' WHERE id = ${m.id}`);
    const sent = h.sms.sent.length;
    expect(await remindHeldMembers(h.ctx)).toBe(1);
    expect(await remindHeldMembers(h.ctx)).toBe(0);
    expect((await get('/api/v1/me/notifications', member.token)).json().items[0]).toMatchObject({ kind: 'held_reminder' });
    expect(h.sms.sent.slice(sent).some((s) => s.to === member.phone && s.text.includes('91 天'))).toBe(true);
    const unionInbox = (await get('/api/v1/admin/notifications', gz)).json();
    expect(unionInbox.items.some((n: { kind: string; body: string }) => n.kind === 'union_held_reminder' && n.body.includes('陈嘉怡'))).toBe(true);

    const req = (await post('/api/v1/me/join-requests', member.token, { orgId: String(unions[2]!.id) })).json();
    expect(req.kind).toBe('join_from_held');
    expect((await post(`/api/v1/admin/join-requests/${req.id}/decision`, gz, { approve: true })).statusCode).toBe(200);
    const final = (await get('/api/v1/me/membership', member.token)).json();
    expect(final.member).toMatchObject({ status: 'active', org: { id: String(unions[2]!.id) }, heldSince: null, cardNo: m.cardNo });
    const kinds = final.events.map((e: { kind: string }) => e.kind).reverse();
    expect(kinds).toEqual(['verified', 'applied', 'joined', 'transferred_in', 'held', 'transferred_in']);
    const detail = (await get(`/api/v1/admin/members/${m.id}`, gz)).json();
    expect(detail.events.map((e: { kind: string }) => e.kind).reverse()).toEqual(kinds);
  });
});

describe('the queues', () => {
  it('flags and filters applications and reviews waiting over 3 working days (the demo has some)', async () => {
    const all = (await get('/api/v1/admin/join-requests?pageSize=100', gd)).json();
    const overdue = (await get('/api/v1/admin/join-requests?pageSize=100&overdue=true', gd)).json();
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.total).toBeLessThan(all.total);
    expect(overdue.items.every((r: { overdue: boolean; waitingWorkingDays: number }) => r.overdue && r.waitingWorkingDays > 3)).toBe(true);
    expect(all.items.filter((r: { overdue: boolean }) => r.overdue)).toHaveLength(overdue.total);
    const kinds = new Set(all.items.map((r: { kind: string }) => r.kind));
    expect([...kinds].sort()).toEqual(['join', 'join_from_held', 'transfer']);
    const reviews = (await get('/api/v1/admin/identity-reviews?pageSize=100', gd)).json();
    const late = (await get('/api/v1/admin/identity-reviews?pageSize=100&overdue=true', gd)).json();
    expect(reviews.items.filter((r: { overdue: boolean }) => r.overdue)).toHaveLength(late.total);
    expect(reviews.items.some((r: { photos: string[] }) => r.photos.length === 2)).toBe(true);
  });
});

describe('deciding at the same moment', () => {
  it('eight simultaneous decisions on one application (approve and reject mixed): exactly one takes effect', async () => {
    for (let round = 0; round < 3; round++) {
      const m = await registerMember(h);
      const s = (await post('/api/v1/me/verification', m.token, { name: `并发${round}`, idNumber: freshIdNumber() })).json();
      await uploadIdPhotos(h, m.token, s.review.id);
      // reviews too: two reviewers at once
      const reviews = await Promise.all([post(`/api/v1/admin/identity-reviews/${s.review.id}/decision`, gd, { approve: true }), post(`/api/v1/admin/identity-reviews/${s.review.id}/decision`, gd, { approve: false, reason: '重复' })]);
      expect(reviews.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      if (reviews[0]!.statusCode !== 200) continue; // rejected: nothing to apply for in this round
      const req = (await post('/api/v1/me/join-requests', m.token, { orgId: String(unions[round % 3]!.id) })).json();
      const calls = Array.from({ length: 8 }, (_, i) => post(`/api/v1/admin/join-requests/${req.id}/decision`, i % 2 ? gd : gz, i % 2 ? { approve: false, reason: '并发测试' } : { approve: true }));
      const results = await Promise.all(calls);
      const winners = results.filter((r) => r.statusCode === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'APPLICATION_DECIDED')).toBe(true);
      const status = winners[0]!.json().status as string;
      const mine = (await get('/api/v1/me/membership', m.token)).json();
      expect(mine.member.status).toBe(status === 'approved' ? 'active' : 'registered');
      const kinds = mine.events.map((e: { kind: string }) => e.kind);
      expect(kinds.filter((k: string) => k === 'joined' || k === 'rejected')).toHaveLength(1);
    }
  });
});

describe('rejections and withdrawals', () => {
  it('a rejected application returns the person to registered, with the reason in the message and SMS', async () => {
    const m = await registerMember(h);
    const s = (await post('/api/v1/me/verification', m.token, { name: '黄晓明', idNumber: freshIdNumber() })).json();
    await uploadIdPhotos(h, m.token, s.review.id);
    await post(`/api/v1/admin/identity-reviews/${s.review.id}/decision`, gd, { approve: true });
    const req = (await post('/api/v1/me/join-requests', m.token, { orgId: String(unions[0]!.id) })).json();
    const noReason = await post(`/api/v1/admin/join-requests/${req.id}/decision`, gz, { approve: false });
    expect(noReason.statusCode).toBe(400);
    expect((await post(`/api/v1/admin/join-requests/${req.id}/decision`, gz, { approve: false, reason: '非本单位职工' })).statusCode).toBe(200);
    const mine = (await get('/api/v1/me/membership', m.token)).json();
    expect(mine.member.status).toBe('registered');
    expect(mine.member.org).toBeNull();
    expect((await get('/api/v1/me/notifications', m.token)).json().items[0].body).toContain('非本单位职工');
    expect(h.sms.sent.at(-1)!.text).toContain('非本单位职工');
    // apply again, then withdraw
    const again = (await post('/api/v1/me/join-requests', m.token, { orgId: String(unions[1]!.id) })).json();
    expect((await post(`/api/v1/me/join-requests/${again.id}/withdraw`, m.token)).json().status).toBe('withdrawn');
    expect((await get('/api/v1/me/membership', m.token)).json().member.status).toBe('registered');
    expect((await post(`/api/v1/admin/join-requests/${again.id}/decision`, gz, { approve: true })).json().error.code).toBe('APPLICATION_DECIDED');
    const history = (await get('/api/v1/me/join-requests', m.token)).json();
    expect(history.items.map((r: { status: string }) => r.status)).toEqual(['withdrawn', 'rejected']);
  });

  it('a rejected verification gives the reason and can be tried again', async () => {
    const m = await registerMember(h);
    const s = (await post('/api/v1/me/verification', m.token, { name: '林小红', idNumber: freshIdNumber() })).json();
    await uploadIdPhotos(h, m.token, s.review.id);
    await post(`/api/v1/admin/identity-reviews/${s.review.id}/decision`, gd, { approve: false, reason: '照片模糊' });
    const state = (await get('/api/v1/me/verification', m.token)).json();
    expect(state).toMatchObject({ verification: 'rejected', review: { status: 'rejected', reason: '照片模糊' } });
    expect((await post('/api/v1/me/verification', m.token, { name: '林小红', idNumber: freshIdNumber() })).json().verification).toBe('pending');
  });

  it('refuses joining before verification, non-base unions, and photos that are not images', async () => {
    const m = await registerMember(h);
    expect((await post('/api/v1/me/join-requests', m.token, { orgId: String(unions[0]!.id) })).json().error.code).toBe('NOT_VERIFIED');
    const s = (await post('/api/v1/me/verification', m.token, { name: '赵敏', idNumber: freshIdNumber() })).json();
    const text = multipartFile(Buffer.from('not an image at all, just text'), 'id.jpg');
    const res = await h.app.inject({ method: 'POST', url: `/api/v1/me/identity-reviews/${s.review.id}/photos/front`, payload: text.payload, headers: { ...text.headers, ...bearer(m.token) } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PHOTO_INVALID');
    await uploadIdPhotos(h, m.token, s.review.id);
    await post(`/api/v1/admin/identity-reviews/${s.review.id}/decision`, gd, { approve: true });
    expect((await post('/api/v1/me/join-requests', m.token, { orgId: String(unions[0]!.parent_id) })).json().error.code).toBe('NOT_A_BASE_UNION');
    // someone else cannot touch this review
    const other = await registerMember(h);
    const body = multipartFile(Buffer.from('x'));
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/me/identity-reviews/${s.review.id}/photos/front`, payload: body.payload, headers: { ...body.headers, ...bearer(other.token) } })).statusCode).toBe(400);
  });

  it('links a verified account to the record an import already made for that ID number', async () => {
    const [rec] = await queryRows<{ id: string; name: string; id_number_enc: string }>(h.ctx.db, sql`SELECT id, name, id_number_enc FROM members WHERE account_id IS NULL AND status = 'active' AND id_number_enc IS NOT NULL ORDER BY created_at LIMIT 1`);
    const m = await registerMember(h);
    const s = (await post('/api/v1/me/verification', m.token, { name: rec!.name, idNumber: h.ctx.cipher.decrypt(rec!.id_number_enc) })).json();
    await uploadIdPhotos(h, m.token, s.review.id);
    const queue = (await get('/api/v1/admin/identity-reviews', gd)).json();
    const row = queue.items.find((r: { id: string }) => r.id === s.review.id);
    expect(row.member).toMatchObject({ id: rec!.id, status: 'active' });
    await post(`/api/v1/admin/identity-reviews/${s.review.id}/decision`, gd, { approve: true });
    const mine = (await get('/api/v1/me/membership', m.token)).json();
    expect(mine.member).toMatchObject({ id: rec!.id, status: 'active', verification: 'verified' });
    // and the same ID from a third account is refused, pointing to reclaim
    const third = await registerMember(h);
    const again = await post('/api/v1/me/verification', third.token, { name: rec!.name, idNumber: h.ctx.cipher.decrypt(rec!.id_number_enc) });
    expect(again.json().error.code).toBe('ID_NUMBER_BOUND');
  });
});
