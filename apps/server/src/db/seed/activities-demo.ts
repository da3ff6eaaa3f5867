/**
 * The activities of the demo province: a homecoming train on sale now with one session sold out
 * and a waiting list, a family day opening tomorrow at 9:00 (waiting room and proof of work), a
 * lottery taking registrations, a lottery already drawn (the demo member 杨秀祥 has won and can
 * confirm; the public record verifies), and a past match with its check-ins. Runs inside the demo
 * seed's transaction, after the members exist.
 */
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { AppContext } from '../../context.js';
import { ticketCode } from '../../modules/activities/grab.service.js';
import { commitmentOf, drawOrderOf, entrantsDigestOf, newSeed } from '../../platform/lottery.js';
import { queryRows, type DbOrTx } from '../client.js';
import { activities, activityCovers, activitySessions, lotteryEntries, tickets } from '../schema.js';

const DAY = 86_400_000;
const EVERYONE = { orgIds: [], industries: [], minSeniorityYears: null, minAge: null, maxAge: null, hometownProvinces: [] };

/** A cover picture drawn for the demo. */
async function cover(title: string, colour: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="600"><rect width="1200" height="600" fill="${colour}"/><circle cx="1020" cy="120" r="70" fill="#ffffff" opacity="0.25"/><text x="80" y="330" font-size="72" font-family="sans-serif" fill="#ffffff">${title}</text><text x="80" y="420" font-size="32" font-family="sans-serif" fill="#ffffff" opacity="0.85">广东省总工会 · 演示数据</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

/** China time on a day from today at an hour, as a Date. */
function chinaAt(dayOffset: number, hour: number): Date {
  const china = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() + dayOffset, hour - 8));
  return d;
}

export async function seedActivitiesDemo(tx: DbOrTx, ctx: Pick<AppContext, 'cipher'>, opts: { demoMemberPhone: string }): Promise<void> {
  const now = Date.now();
  const root = (await queryRows<{ id: number; path: string }>(tx, sql`SELECT id, path FROM organizations WHERE parent_id IS NULL`))[0]!;
  const gz = (await queryRows<{ id: number; path: string }>(tx, sql`SELECT id, path FROM organizations WHERE name = '广州市总工会'`))[0] ?? root;
  const [demo] = await queryRows<{ id: string }>(tx, sql`SELECT m.id FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.phone_hash = ${ctx.cipher.lookupHash('phone', opts.demoMemberPhone)}`);
  // other eligible members, in a stable order (the demo member is kept out of the crowds)
  const crowd = (await queryRows<{ id: string }>(tx, sql`SELECT id FROM members WHERE status = 'active' AND verification = 'verified' AND id <> ${demo?.id ?? '00000000-0000-0000-0000-000000000000'} ORDER BY id LIMIT 400`)).map((r) => r.id);

  const activity = async (values: Omit<typeof activities.$inferInsert, 'orgId' | 'orgPath' | 'audience'> & { org?: { id: number; path: string } }, sessions: Array<{ name: string; startsAt: Date; capacity: number }>) => {
    const org = values.org ?? root;
    const [a] = await tx.insert(activities).values({ ...values, orgId: org.id, orgPath: org.path, audience: EVERYONE, createdByName: 'demo', publishedAt: new Date(now - 3 * DAY) }).returning({ id: activities.id });
    const rows = await tx.insert(activitySessions).values(sessions.map((s, i) => ({ ...s, activityId: a!.id, position: i }))).returning({ id: activitySessions.id });
    return { id: a!.id, sessions: rows.map((r) => r.id) };
  };
  const withCover = async (id: number, title: string, colour: string) => {
    const data = await cover(title, colour);
    await tx.insert(activityCovers).values({ activityId: id, contentType: 'image/jpeg', bytes: data.length, data: data.toString('base64') });
    await tx.update(activities).set({ coverVersion: 1 }).where(sql`id = ${id}`);
  };
  const issue = async (activityId: number, sessionId: number, memberIds: string[], checkedIn = 0) => {
    if (!memberIds.length) return;
    await tx.insert(tickets).values(
      memberIds.map((memberId, i) => ({ activityId, sessionId, memberId, n: 1, seatNo: i + 1, code: ticketCode(), status: i < checkedIn ? ('checked_in' as const) : ('active' as const), checkedInAt: i < checkedIn ? new Date(now - 5 * DAY + i * 20_000) : null, checkedInBy: i < checkedIn ? 'gz_admin' : null, createdAt: new Date(now - DAY + i * 1000) })),
    );
  };

  // 1. On sale now: the first session half sold, the second sold out with a waiting list.
  const train = await activity(
    { title: '2027 春节平安返乡专列 · G6020 广州南→长沙南', descriptionHtml: '<p>省总工会包车，<strong>会员免费</strong>乘坐。每位会员限抢 1 张，凭电子票二维码检票进站。</p><ul><li>请携带身份证</li><li>退票后座位自动给候补会员</li></ul>', windowStart: new Date(now - DAY), windowEnd: new Date(now + 6 * DAY), mode: 'fcfs', perMemberLimit: 1, waitingList: true, status: 'published' },
    [
      { name: '腊月廿六 G6020 广州南→长沙南', startsAt: chinaAt(60, 8), capacity: 200 },
      { name: '腊月廿七 G6022 广州南→长沙南', startsAt: chinaAt(61, 8), capacity: 120 },
    ],
  );
  await withCover(train.id, '平安返乡专列', '#c0392b');
  await issue(train.id, train.sessions[0]!, crowd.slice(0, 96));
  await issue(train.id, train.sessions[1]!, crowd.slice(96, 216));
  await tx.insert(lotteryEntries).values(crowd.slice(216, 228).map((memberId, i) => ({ activityId: train.id, sessionId: train.sessions[1]!, memberId, status: 'waiting' as const, createdAt: new Date(now - 3600_000 + i * 60_000) })));

  // 2. Opens tomorrow at 9:00: a countdown, the waiting room and proof of work.
  const family = await activity(
    { org: gz, title: '广州塔亲子游 · 会员专享', descriptionHtml: '<p>广州市总工会为会员家庭准备了 300 张广州塔门票，<em>明天 9:00 开抢</em>。</p>', windowStart: chinaAt(1, 9), windowEnd: chinaAt(8, 22), mode: 'fcfs', perMemberLimit: 2, waitingRoomMinutes: 5, powDifficulty: 12, status: 'published' },
    [{ name: '周六 10:00 场', startsAt: chinaAt(10, 10), capacity: 300 }],
  );
  await withCover(family.id, '广州塔亲子游', '#2e86de');

  // 3. A lottery taking registrations (the demo member has not entered yet).
  const spaSeed = newSeed();
  const spa = await activity(
    { title: '劳模疗休养 · 从化温泉（抽签）', descriptionHtml: '<p>两期疗休养，每期 20 个名额，报名截止后公开抽签，<strong>结果可验证</strong>。</p>', windowStart: new Date(now - 2 * DAY), windowEnd: new Date(now + 3 * DAY), mode: 'lottery', confirmHours: 48, status: 'published', seedEnc: ctx.cipher.encrypt(spaSeed), commitment: commitmentOf(spaSeed) },
    [
      { name: '第一期 5 月 12—14 日', startsAt: chinaAt(30, 9), capacity: 20 },
      { name: '第二期 5 月 19—21 日', startsAt: chinaAt(37, 9), capacity: 20 },
    ],
  );
  await withCover(spa.id, '劳模疗休养', '#16a085');
  await tx.insert(lotteryEntries).values(crowd.slice(0, 64).map((memberId, i) => ({ activityId: spa.id, sessionId: spa.sessions[i % 2]!, memberId, createdAt: new Date(now - DAY + i * 60_000) })));

  // 4. A lottery drawn yesterday: the record is public and verifies; the demo member won and can confirm.
  const filmSeed = newSeed();
  const film = await activity(
    { org: gz, title: '五一职工电影专场（已开奖）', descriptionHtml: '<p>30 个名额，报名 80 人，已于昨天公开抽签。中签会员请在 48 小时内确认。</p>', windowStart: new Date(now - 6 * DAY), windowEnd: new Date(now - 2 * DAY), mode: 'lottery', confirmHours: 48, status: 'closed', closedAt: new Date(now - 2 * DAY), drawnAt: new Date(now - DAY + 3600_000), seedEnc: ctx.cipher.encrypt(filmSeed), commitment: commitmentOf(filmSeed) },
    [{ name: '5 月 1 日 19:30 场', startsAt: chinaAt(20, 19), capacity: 30 }],
  );
  const filmCrowd = [...crowd.slice(100, 179), ...(demo ? [demo.id] : [])];
  const inserted = await tx.insert(lotteryEntries).values(filmCrowd.map((memberId, i) => ({ activityId: film.id, sessionId: film.sessions[0]!, memberId, createdAt: new Date(now - 5 * DAY + i * 60_000) }))).returning({ id: lotteryEntries.id, memberId: lotteryEntries.memberId });
  const ids = inserted.map((e) => String(e.id));
  await tx.update(activitySessions).set({ entrantsDigest: entrantsDigestOf(ids) }).where(sql`id = ${film.sessions[0]!}`);
  const order = drawOrderOf(filmSeed, ids).map(Number);
  // the demo member's entry takes the place of the first winner who has not confirmed, so they can confirm it
  const confirmBy = new Date(now + DAY + 3600_000);
  const rankOf = new Map(order.map((id, i) => [id, i + 1]));
  const demoEntry = inserted.find((e) => e.memberId === demo?.id);
  for (const e of inserted) {
    const rank = rankOf.get(e.id)!;
    const won = rank <= 30;
    const status = !won ? ('lost' as const) : e.id === demoEntry?.id || rank % 3 === 0 ? ('won' as const) : ('confirmed' as const);
    await tx.update(lotteryEntries).set({ rank, status, confirmBy: won ? confirmBy : null }).where(sql`id = ${e.id}`);
  }
  if (demoEntry && rankOf.get(demoEntry.id)! > 30) {
    // the draw put the demo member in line: make a place free for them, as a winner who declined would
    const [first] = order.filter((id) => rankOf.get(id)! <= 30 && id !== demoEntry.id);
    await tx.update(lotteryEntries).set({ status: 'declined' }).where(sql`id = ${first!}`);
    await tx.update(lotteryEntries).set({ status: 'won', confirmBy }).where(sql`id = ${demoEntry.id}`);
  }
  const confirmed = await queryRows<{ id: number; member_id: string }>(tx, sql`SELECT id, member_id FROM lottery_entries WHERE activity_id = ${film.id} AND status = 'confirmed' ORDER BY rank`);
  await issue(film.id, film.sessions[0]!, confirmed.map((c) => c.member_id));
  await tx.execute(sql`UPDATE lottery_entries e SET ticket_id = t.id FROM tickets t WHERE e.activity_id = ${film.id} AND e.status = 'confirmed' AND t.activity_id = e.activity_id AND t.member_id = e.member_id`);

  // 5. Last week's match: closed, with its check-ins.
  const match = await activity(
    { org: gz, title: '职工篮球联赛决赛观赛', descriptionHtml: '<p>天河体育馆，凭票入场。</p>', windowStart: new Date(now - 12 * DAY), windowEnd: new Date(now - 7 * DAY), mode: 'fcfs', status: 'closed', closedAt: new Date(now - 7 * DAY) },
    [{ name: '决赛 19:30', startsAt: new Date(now - 5 * DAY), capacity: 50 }],
  );
  // the crowd is the demo's active members (a few hundred): the last forty of them went to the match
  await issue(match.id, match.sessions[0]!, [...crowd.slice(-40), ...(demo ? [demo.id] : [])], 30);
}
