/**
 * The demo province: 广东省总工会, its 21 city federations, districts, streets and base unions for
 * several of them, admins at each level (fixed TOTP secrets, demo data only), and a few hundred
 * members in every state. Seeded once into an empty database.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type DbOrTx } from '../client.js';
import { accounts, admins, cadres, members, membershipEvents } from '../schema.js';
import { seedActivitiesDemo } from './activities-demo.js';
import { seedFlowsDemo } from './flows-demo.js';
import { seedJourneyDemo } from './journey-demo.js';
import { insertOrg, type NewOrg, type OrgRow } from '../../modules/orgs/orgs.repository.js';
import { countOrgs } from '../../modules/orgs/orgs.repository.js';
import { EDUCATION, HOMETOWNS, INDUSTRIES, makeCreditCode, makeIdNumber, personName, pick, rng } from './fixtures.js';

export const DEMO_ADMIN_PASSWORD = 'Admin@2026';
export const DEMO_MEMBER_PASSWORD = 'Member@2026';
const totpSecretFor = (code: string) => `${code}ADMINXDEMOXTOTPXSECRETX${code}ADMIN`;

/** The demo logins, printed at start and listed in the README. */
export const DEMO_ADMINS = [
  { username: 'gd_admin', displayName: '省总管理员', org: '广东省总工会', roles: ['org_admin'], totpSecret: totpSecretFor('GD') },
  { username: 'gd_auditor', displayName: '省总审计员', org: '广东省总工会', roles: ['auditor'], totpSecret: 'GDAUDITORXDEMOXTOTPXSECRETXAUDIT' },
  { username: 'gz_admin', displayName: '广州市总管理员', org: '广州市总工会', roles: ['org_admin'], totpSecret: totpSecretFor('GZ') },
  { username: 'sz_admin', displayName: '深圳市总管理员', org: '深圳市总工会', roles: ['org_admin'], totpSecret: totpSecretFor('SZ') },
  { username: 'th_admin', displayName: '天河区总管理员', org: '广州市天河区总工会', roles: ['org_admin'], totpSecret: totpSecretFor('TH') },
  { username: 'sp_admin', displayName: '石牌街道工会管理员', org: '天河区石牌街道总工会', roles: ['org_admin'], totpSecret: totpSecretFor('SP') },
  { username: 'ny_admin', displayName: '能婴公司工会管理员', org: '广州市能婴贸易有限公司工会', roles: ['member_admin'], totpSecret: totpSecretFor('NY') },
  { username: 'sx_admin', displayName: '松下公司工会管理员', org: '广东松下环境系统有限公司工会', roles: ['org_admin', 'staff'], totpSecret: totpSecretFor('SX') },
  // No TOTP yet: the first login walks through enrolment by QR code.
  { username: 'sd_admin', displayName: '顺德区总管理员', org: '佛山市顺德区总工会', roles: ['org_admin'], totpSecret: null },
] as const;

export const DEMO_MEMBERS = [
  { phone: '13800138000', name: '杨秀祥', note: 'active member of 广州市能婴贸易有限公司工会' },
  { phone: '13800138001', name: '梁志强', note: 'held at 容桂街道总工会 (上挂) after leaving his employer' },
  { phone: '13800138002', name: null, note: 'registered account, not yet verified' },
] as const;

const CITIES = ['广州', '深圳', '珠海', '汕头', '佛山', '韶关', '河源', '梅州', '惠州', '汕尾', '东莞', '中山', '江门', '阳江', '湛江', '茂名', '肇庆', '清远', '潮州', '揭阳', '云浮'];

interface TreeSpec {
  name: string;
  level: NewOrg['level'];
  type?: NewOrg['type'];
  region?: string;
  address?: string;
  children?: TreeSpec[];
}

const base = (name: string, region: string, address: string, type: NewOrg['type'] = 'base'): TreeSpec => ({ name, level: 'base', type, region, address });

const DETAIL: Record<string, TreeSpec[]> = {
  广州: [
    {
      name: '广州市天河区总工会', level: 'district', children: [
        { name: '天河区石牌街道总工会', level: 'street', children: [
          base('广州市能婴贸易有限公司工会', '440106', '广州市天河区石牌西路 8 号'),
          base('广州华师科技有限公司工会', '440106', '广州市天河区中山大道西 55 号'),
        ] },
        { name: '天河区猎德街道总工会', level: 'street', children: [base('广州珠江新城物业管理有限公司工会', '440106', '广州市天河区花城大道 85 号')] },
      ],
    },
    { name: '广州市越秀区总工会', level: 'district', children: [base('广州越秀百货有限公司工会', '440104', '广州市越秀区北京路 200 号')] },
    {
      name: '广州市黄埔区总工会（广州开发区总工会）', level: 'district', children: [
        { name: '黄埔区联和街道总工会', level: 'street', children: [base('广州黄埔智能制造有限公司工会', '440112', '广州市黄埔区科学大道 18 号')] },
      ],
    },
  ],
  深圳: [
    { name: '深圳市南山区总工会', level: 'district', children: [
      { name: '南山区粤海街道总工会', level: 'street', children: [
        base('深圳南山科技股份有限公司工会', '440305', '深圳市南山区科技园南区 1 号'),
        base('粤海街道快递物流行业联合工会', '440305', '深圳市南山区粤海街道', 'joint'),
      ] },
    ] },
    { name: '深圳市福田区总工会', level: 'district' },
    { name: '深圳市宝安区总工会', level: 'district', children: [
      { name: '宝安区新安街道总工会', level: 'street', children: [base('深圳宝安精密电子有限公司工会', '440306', '深圳市宝安区新安街道兴华路 3 号')] },
    ] },
  ],
  佛山: [
    { name: '佛山市顺德区总工会', level: 'district', children: [
      { name: '容桂街道总工会', level: 'street', children: [
        base('广东松下环境系统有限公司工会', '440606', '佛山市顺德区容桂高新技术开发区'),
        base('容桂家电产业联合工会', '440606', '佛山市顺德区容桂街道', 'joint'),
      ] },
    ] },
    { name: '佛山市南海区总工会', level: 'district' },
  ],
  东莞: [
    { name: '东莞市长安镇总工会', level: 'street', children: [base('东莞长安五金制品有限公司工会', '441900', '东莞市长安镇霄边社区')] },
  ],
};

export async function isDatabaseEmpty(db: DbOrTx): Promise<boolean> {
  return (await countOrgs(db)) === 0;
}

export async function seedDemo(ctx: Pick<AppContext, 'db' | 'cipher' | 'passwords' | 'log'>): Promise<{ orgs: number; members: number; admins: number }> {
  const r = rng(20171022);
  const adminHash = await ctx.passwords.hash(DEMO_ADMIN_PASSWORD);
  const memberHash = await ctx.passwords.hash(DEMO_MEMBER_PASSWORD);
  return ctx.db.transaction(async (tx) => {
    const byName = new Map<string, OrgRow>();
    let creditSeq = 1000;
    const add = async (spec: TreeSpec, parent: OrgRow | null): Promise<void> => {
      const row = await insertOrg(
        tx,
        {
          name: spec.name,
          level: spec.level,
          type: spec.type ?? (spec.level === 'base' ? 'base' : 'federation'),
          creditCode: spec.level === 'base' ? makeCreditCode(spec.region ?? '440100', creditSeq++) : null,
          address: spec.address ?? null,
          contact: spec.level === 'base' ? `020-${String(80000000 + creditSeq).slice(0, 8)}` : null,
        },
        parent,
      );
      byName.set(row.name, row);
      for (const child of spec.children ?? []) await add(child, row);
    };
    await add({ name: '广东省总工会', level: 'province', address: '广州市越秀区越华路 112 号' }, null);
    const province = byName.get('广东省总工会')!;
    for (const city of CITIES) await add({ name: `${city}市总工会`, level: 'city', children: DETAIL[city] ?? [] }, province);

    for (const a of DEMO_ADMINS) {
      await tx.insert(admins).values({
        username: a.username,
        displayName: a.displayName,
        orgId: byName.get(a.org)!.id,
        roles: [...a.roles],
        passwordHash: adminHash,
        totpSecretEnc: a.totpSecret ? ctx.cipher.encrypt(a.totpSecret) : null,
        totpEnrolled: a.totpSecret !== null,
      });
    }

    // Members: most active, some pending approval, some held at the union above, some ended.
    const baseUnions = [...byName.values()].filter((o) => o.level === 'base');
    const parentOf = (o: OrgRow) => [...byName.values()].find((p) => p.id === o.parentId)!;
    let count = 0;
    const demoActor = { actorType: 'system' as const, actorName: '演示数据' };
    const event = (memberId: string, kind: string, at: string, from: OrgRow | null, to: OrgRow | null, fromStatus: string | null, toStatus: string, reason: string | null = null) =>
      tx.insert(membershipEvents).values({ memberId, kind, at: new Date(`${at}T09:00:00+08:00`), fromOrgId: from?.id ?? null, toOrgId: to?.id ?? null, fromStatus, toStatus, reason, ...demoActor });
    const insertMember = async (m: { name: string; phone: string; idNumber: string; org: OrgRow | null; status: (typeof members.$inferInsert)['status']; verification: (typeof members.$inferInsert)['verification']; accountId?: string; joinedAt?: string | null; formerOrg?: OrgRow }) => {
      const gender = Number(m.idNumber[16]) % 2 === 1 ? 'male' : 'female';
      const hasCard = m.status === 'active' || m.status === 'held' || m.status === 'ended';
      const [row] = await tx.insert(members).values({
        accountId: m.accountId ?? null,
        name: m.name,
        idNumberEnc: ctx.cipher.encrypt(m.idNumber),
        idNumberHash: ctx.cipher.lookupHash('id_number', m.idNumber),
        phoneEnc: ctx.cipher.encrypt(m.phone),
        phoneHash: ctx.cipher.lookupHash('phone', m.phone),
        gender,
        birthDate: `${m.idNumber.slice(6, 10)}-${m.idNumber.slice(10, 12)}-${m.idNumber.slice(12, 14)}`,
        orgId: m.org?.id ?? null,
        status: m.status,
        verification: m.verification,
        cardNo: hasCard ? sql`'GD' || nextval('member_card_seq')` : null,
        employer: m.org && m.org.level === 'base' ? m.org.name.replace(/工会$/, '') : null,
        industry: pick(r, INDUSTRIES),
        education: pick(r, EDUCATION),
        hometown: pick(r, HOMETOWNS),
        joinedAt: m.joinedAt ?? null,
        endedAt: m.status === 'ended' ? '2025-06-30' : null,
        endReason: m.status === 'ended' ? 'retired' : null,
      }).returning({ id: members.id });
      const id = row!.id;
      // The timeline that led to the current state.
      const employer = m.formerOrg ?? m.org;
      if (m.joinedAt) await event(id, 'added', m.joinedAt, null, employer, null, 'active');
      if (m.status === 'held') await event(id, 'held', '2025-09-01', employer, m.org, 'active', 'held', '离职');
      if (m.status === 'ended') await event(id, 'ended', '2025-06-30', employer, employer, 'active', 'ended', 'retired');
      if (m.status === 'pending') await event(id, 'applied', '2026-11-20', null, m.org, 'registered', 'pending');
      count++;
      return id;
    };
    const newAccount = async (phone: string) => {
      const [acc] = await tx.insert(accounts).values({ phoneEnc: ctx.cipher.encrypt(phone), phoneHash: ctx.cipher.lookupHash('phone', phone), passwordHash: memberHash }).returning({ id: accounts.id });
      return acc!.id;
    };

    const nengying = byName.get('广州市能婴贸易有限公司工会')!;
    const ronggui = byName.get('容桂街道总工会')!;
    await insertMember({ name: '杨秀祥', phone: DEMO_MEMBERS[0].phone, idNumber: makeIdNumber('522731', new Date(Date.UTC(1986, 4, 12)), 135), org: nengying, status: 'active', verification: 'verified', accountId: await newAccount(DEMO_MEMBERS[0].phone), joinedAt: '2015-03-01' });
    await insertMember({ name: '梁志强', phone: DEMO_MEMBERS[1].phone, idNumber: makeIdNumber('440681', new Date(Date.UTC(1979, 8, 3)), 211), org: ronggui, formerOrg: byName.get('广东松下环境系统有限公司工会')!, status: 'held', verification: 'verified', accountId: await newAccount(DEMO_MEMBERS[1].phone), joinedAt: '2008-07-15' });
    await newAccount(DEMO_MEMBERS[2].phone);

    const cadreCount = new Map<number, number>();
    const regions = ['440106', '440104', '440305', '440306', '440606', '441900', '445381', '430524', '522731', '450881'];
    for (let i = 0; i < 360; i++) {
      const org = baseUnions[i % baseUnions.length]!;
      const roll = r();
      const status = roll < 0.72 ? 'active' : roll < 0.8 ? 'held' : roll < 0.88 ? 'pending' : roll < 0.94 ? 'ended' : 'registered';
      const birth = new Date(Date.UTC(1965 + Math.floor(r() * 38), Math.floor(r() * 12), 1 + Math.floor(r() * 28)));
      const joinYear = 2005 + Math.floor(r() * 20);
      const id = await insertMember({
        name: personName(r),
        phone: `139${String(10000000 + i * 7919).slice(-8)}`,
        idNumber: makeIdNumber(pick(r, regions), birth, 100 + i),
        org: status === 'held' ? parentOf(org) : status === 'registered' ? null : org,
        formerOrg: org,
        status,
        verification: status === 'registered' ? (r() < 0.5 ? 'pending' : 'verified') : 'verified',
        joinedAt: status === 'pending' || status === 'registered' ? null : `${joinYear}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-01`,
      });
      // Each base union's first two active members chair it; the federations above get a chair too.
      if (status === 'active') {
        const serving = cadreCount.get(org.id) ?? 0;
        if (serving < 2) {
          await tx.insert(cadres).values({ memberId: id, orgId: org.id, orgPath: org.path, position: serving === 0 ? 'chair' : 'vice_chair', termStart: '2023-01-01', termEnd: '2027-12-31', fullTime: false });
          cadreCount.set(org.id, serving + 1);
        } else if (serving === 2) {
          const parent = parentOf(org);
          if (!cadreCount.has(parent.id)) {
            await tx.insert(cadres).values({ memberId: id, orgId: parent.id, orgPath: parent.path, position: 'chair', termStart: '2022-07-01', termEnd: '2027-06-30', fullTime: true });
            cadreCount.set(parent.id, 1);
          }
          cadreCount.set(org.id, 3);
        }
      }
    }
    await seedJourneyDemo(tx, ctx, { memberPasswordHash: memberHash, demoPhones: DEMO_MEMBERS.map((m) => m.phone) });
    await seedActivitiesDemo(tx, ctx, { demoMemberPhone: DEMO_MEMBERS[0].phone });
    await seedFlowsDemo(tx);
    ctx.log.info({ orgs: byName.size, members: count, admins: DEMO_ADMINS.length }, 'demo province seeded');
    return { orgs: byName.size, members: count, admins: DEMO_ADMINS.length };
  });
}
