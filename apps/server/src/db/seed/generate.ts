/**
 * Generates N verified, active members quickly, for benchmarks and tests. Each gets a login:
 * phone 170xxxxxxxx counting up from 17000000000 (the i-th generated member has 17000000000 + i),
 * password Member@2026. Optionally creates base unions first (spread over the city federations).
 * Rows go in multi-row batches; the password hash is computed once and shared (benchmark data only).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { queryRows } from '../client.js';
import { accounts, members, organizations } from '../schema.js';
import { insertOrg } from '../../modules/orgs/orgs.repository.js';
import { DEMO_MEMBER_PASSWORD } from './demo.js';
import { EDUCATION, HOMETOWNS, INDUSTRIES, makeCreditCode, makeIdNumber, personName, pick, rng } from './fixtures.js';

export const GENERATED_PHONE_BASE = 17_000_000_000;
const BATCH = 1000;

export interface GenerateOptions {
  members: number;
  baseUnions?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function generateMembers(ctx: Pick<AppContext, 'db' | 'cipher' | 'passwords'>, opts: GenerateOptions): Promise<{ members: number; baseUnions: number; firstPhone: string; lastPhone: string }> {
  const db = ctx.db;
  if (opts.baseUnions && opts.baseUnions > 0) {
    const cities = await db.select().from(organizations).where(sql`${organizations.level} = 'city'`);
    if (!cities.length) throw new Error('No city federations: seed the demo province first');
    const [{ n: existing } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM organizations WHERE name LIKE '生成单位%'`);
    for (let i = 0; i < opts.baseUnions; i++) {
      const k = Number(existing) + i;
      await insertOrg(db, { name: `生成单位${String(k).padStart(6, '0')}有限公司工会`, level: 'base', type: 'base', creditCode: makeCreditCode('449900', 5_000_000 + k) }, cities[k % cities.length]!);
    }
  }
  const unions = await queryRows<{ id: number; name: string }>(db, sql`SELECT id, name FROM organizations WHERE level = 'base' AND status = 'active' ORDER BY id`);
  if (!unions.length) throw new Error('No base unions to put members in');
  // Continue after members generated earlier, so running the command twice adds more.
  const [{ n: offset } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM members WHERE employer LIKE '生成%' OR card_no LIKE 'GN%'`);
  const start = Number(offset);
  const passwordHash = await ctx.passwords.hash(DEMO_MEMBER_PASSWORD);
  const r = rng(start + 1);
  const epoch = Date.UTC(1970, 0, 1);
  for (let done = 0; done < opts.members; done += BATCH) {
    const size = Math.min(BATCH, opts.members - done);
    await db.transaction(async (tx) => {
      const accountRows: Array<typeof accounts.$inferInsert> = [];
      for (let j = 0; j < size; j++) {
        const phone = String(GENERATED_PHONE_BASE + start + done + j);
        accountRows.push({ phoneEnc: ctx.cipher.encrypt(phone), phoneHash: ctx.cipher.lookupHash('phone', phone), passwordHash });
      }
      const ids = await tx.insert(accounts).values(accountRows).returning({ id: accounts.id, phoneHash: accounts.phoneHash });
      const memberRows: Array<typeof members.$inferInsert> = ids.map((acc, j) => {
        const i = start + done + j;
        const union = unions[i % unions.length]!;
        const birth = new Date(epoch + Math.floor(i / 1000) * 86_400_000 + 0);
        // A region code the demo province does not use, so generated people never collide with it.
        const idNumber = makeIdNumber('445322', birth, i % 1000);
        return {
          accountId: acc.id,
          name: personName(r),
          idNumberEnc: ctx.cipher.encrypt(idNumber),
          idNumberHash: ctx.cipher.lookupHash('id_number', idNumber),
          phoneEnc: accountRows[j]!.phoneEnc,
          phoneHash: acc.phoneHash,
          gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
          birthDate: birth.toISOString().slice(0, 10),
          orgId: union.id,
          status: 'active',
          verification: 'verified',
          cardNo: `GN${String(i).padStart(9, '0')}`,
          employer: union.name.replace(/工会$/, ''),
          industry: pick(r, INDUSTRIES),
          education: pick(r, EDUCATION),
          hometown: pick(r, HOMETOWNS),
          joinedAt: `20${String(10 + (i % 15))}-0${1 + (i % 9)}-01`,
        };
      });
      await tx.insert(members).values(memberRows);
    });
    opts.onProgress?.(done + size, opts.members);
  }
  return {
    members: opts.members,
    baseUnions: opts.baseUnions ?? 0,
    firstPhone: String(GENERATED_PHONE_BASE + start),
    lastPhone: String(GENERATED_PHONE_BASE + start + opts.members - 1),
  };
}
