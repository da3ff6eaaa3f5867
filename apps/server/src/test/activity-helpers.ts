/** Test helpers for activities: many verified members at once, and activities made through the console API. */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../db/client.js';
import { bearer, type Harness } from './harness.js';

let seq = 0;
/** The account id behind each member token made here. */
export const accountOf = new Map<string, string>();

/** n verified active members with logins, in one statement; returns their bearer tokens. */
export async function grabbers(h: Harness, n: number, orgId: number): Promise<string[]> {
  const tag = `${process.pid}-${Date.now()}-${seq++}`;
  const rows = Array.from({ length: n }, (_, i) => ({ i }));
  const accounts = await queryRows<{ id: string }>(
    h.ctx.db,
    sql`INSERT INTO accounts (phone_enc, phone_hash, password_hash) SELECT 'x', 'grab-' || ${tag} || '-' || i, 'x' FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(i int) RETURNING id`,
  );
  await h.ctx.db.execute(
    sql`INSERT INTO members (account_id, name, id_number_hash, org_id, status, verification, card_no, joined_at)
        SELECT a.id, '抢票' || row_number() OVER (), 'grab-' || a.id, ${orgId}, 'active', 'verified', 'GRAB' || row_number() OVER () || '-' || a.id, '2020-01-01'
        FROM json_to_recordset(${JSON.stringify(accounts.map((a) => ({ id: a.id })))}::json) AS a(id uuid)`,
  );
  return Promise.all(
    accounts.map(async (a) => {
      const { token } = await h.ctx.sessions.create('member', a.id, { ip: null, userAgent: null });
      accountOf.set(token, a.id);
      return token;
    }),
  );
}

export interface ActivityOptions {
  orgId: number;
  capacities: number[];
  limit?: number;
  /** When the window opens, from now (negative: already open). */
  opensInMs?: number;
  windowMs?: number;
  mode?: 'fcfs' | 'lottery';
  waitingList?: boolean;
  powDifficulty?: number;
  waitingRoomMinutes?: number;
  confirmHours?: number;
  publish?: boolean;
}

/** An activity created (and published) through the console API; its id and session ids. */
export async function createActivity(h: Harness, adminToken: string, o: ActivityOptions): Promise<{ id: string; sessions: string[] }> {
  const start = new Date(Date.now() + (o.opensInMs ?? -1000));
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/admin/activities',
    headers: bearer(adminToken),
    payload: {
      orgId: String(o.orgId),
      title: `平安返乡专列 ${seq++}`,
      descriptionHtml: '<p>免费返乡<script>alert(1)</script></p><a href="javascript:alert(1)">x</a>',
      windowStart: start.toISOString(),
      windowEnd: new Date(start.getTime() + (o.windowMs ?? 3600_000)).toISOString(),
      mode: o.mode ?? 'fcfs',
      perMemberLimit: o.limit ?? 1,
      waitingList: o.waitingList ?? false,
      powDifficulty: o.powDifficulty ?? 0,
      waitingRoomMinutes: o.waitingRoomMinutes ?? 0,
      confirmHours: o.confirmHours ?? 48,
      sessions: o.capacities.map((capacity, i) => ({ name: `G60${20 + i} 深圳北→长沙南`, startsAt: new Date(Date.now() + 86_400_000).toISOString(), capacity })),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const a = res.json();
  // the description is sanitised on the way in
  expect(a.descriptionHtml).not.toContain('script');
  expect(a.descriptionHtml).not.toContain('javascript:');
  if (o.publish !== false) expect((await h.app.inject({ method: 'POST', url: `/api/v1/admin/activities/${a.id}/publish`, headers: bearer(adminToken) })).statusCode).toBe(200);
  return { id: a.id, sessions: a.sessions.map((s: { id: string }) => s.id) };
}

export const grabRequest = (h: Harness, token: string, activityId: string, sessionId: string, key: string = randomUUID(), pow?: { challenge: string; nonce: string }) =>
  h.app.inject({ method: 'POST', url: `/api/v1/activities/${activityId}/grab`, headers: { ...bearer(token), 'idempotency-key': key }, payload: pow ? { sessionId, pow } : { sessionId } });
