/**
 * Excel and CSV in and out for the three databases: templates, uploads that become import jobs,
 * and streamed exports (scope-filtered, masked unless the admin may and asks to see, audited).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import { CADRE_POSITION_LABELS, END_REASON_LABELS, maskIdNumber, maskPhone, ORG_LEVEL_LABELS, type CadrePosition, type MemberSearchQuery } from '@gonghui/contracts';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { cadres, members, organizations } from '../../db/schema.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { can, type AdminActor } from '../../platform/scope.js';
import { createSheetWriter, writeTemplate } from '../../platform/spreadsheets/sheet-writer.js';
import { cadreConditions } from '../cadres/cadres.repository.js';
import { memberConditions } from '../members/members.repository.js';
import { buildMemberFilter } from '../members/members.service.js';
import { getOrgInScope, parseOrgId } from '../orgs/orgs.service.js';
import { IMPORT_JOB_KIND, type ImportPayload, type SheetImporter } from './sheet-import.js';

export type SheetFormat = 'xlsx' | 'csv';
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const EXPORT_BATCH = 1000;

export async function writeTemplateFile(importer: SheetImporter, format: SheetFormat, out: Writable): Promise<void> {
  await writeTemplate({ stream: out }, format, importer.columns);
}

/** Store an upload and queue its import. The file type is checked by content, not by name. */
export async function startImport(
  ctx: Pick<AppContext, 'config' | 'jobs' | 'audit'>,
  { actor, importer, fileName, file, meta }: { actor: AdminActor; importer: SheetImporter; fileName: string; file: Readable & { truncated?: boolean }; meta: RequestMeta },
) {
  const lower = fileName.toLowerCase();
  const format: SheetFormat | null = lower.endsWith('.xlsx') ? 'xlsx' : lower.endsWith('.csv') ? 'csv' : null;
  if (!format) throw new AppError('SPREADSHEET_INVALID', { params: { reason: '只接受 .xlsx 或 .csv 文件（.xls 请另存为 .xlsx）', reasonEn: 'only .xlsx or .csv files (save .xls as .xlsx)' } });
  const dir = path.join(ctx.config.dataDir, 'uploads');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stored = path.join(dir, `${randomUUID()}.${format}`);
  await pipeline(file, createWriteStream(stored, { mode: 0o600 }));
  if (file.truncated) {
    await rm(stored, { force: true });
    throw new AppError('PAYLOAD_TOO_LARGE');
  }
  if (format === 'xlsx') {
    const fh = await open(stored, 'r');
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    await fh.close();
    if (head.toString('binary') !== 'PK\x03\x04') {
      await rm(stored, { force: true });
      throw new AppError('SPREADSHEET_INVALID', { params: { reason: '文件不是有效的 Excel（.xlsx）文件', reasonEn: 'the file is not a valid Excel (.xlsx) file' } });
    }
  }
  const payload: ImportPayload = { v: 1, sheet: importer.kind, file: stored, format, scope: { pathPrefix: actor.orgPath, actorId: actor.id, actorName: actor.displayName } };
  const job = await ctx.jobs.enqueue({ kind: IMPORT_JOB_KIND, payload: payload as unknown as Record<string, unknown>, fileName: fileName.slice(0, 200), createdBy: actor.id, orgPath: actor.orgPath });
  await ctx.audit.record({ actor: adminAuditActor(actor), action: `sheet.upload_${importer.kind}`, objectType: 'job', objectId: job.id, orgId: actor.orgId, orgPath: actor.orgPath, outcome: 'success', details: { fileName }, meta });
  return job;
}

export { MAX_UPLOAD_BYTES };

const STATUS_LABEL: Record<string, string> = { registered: '已注册', pending: '待审核', active: '在会', held: '上挂', ended: '已退会' };
const VERIFY_LABEL: Record<string, string> = { unverified: '未认证', pending: '认证中', verified: '已认证', rejected: '未通过' };

export const MEMBER_EXPORT_COLUMNS = [
  { key: 'name', header: '姓名' },
  { key: 'gender', header: '性别' },
  { key: 'birthDate', header: '出生日期', kind: 'date' as const },
  { key: 'idNumber', header: '身份证号码', width: 22 },
  { key: 'phone', header: '手机号码', width: 14 },
  { key: 'org', header: '所属工会', width: 30 },
  { key: 'status', header: '会员状态' },
  { key: 'verification', header: '实名认证' },
  { key: 'cardNo', header: '会员卡号', width: 14 },
  { key: 'employer', header: '工作单位', width: 30 },
  { key: 'industry', header: '所属行业' },
  { key: 'education', header: '学历' },
  { key: 'hometown', header: '籍贯' },
  { key: 'joinedAt', header: '入会日期', kind: 'date' as const },
  { key: 'endReason', header: '退会原因' },
];

/** Stream the members matching the filters, in id order, a batch at a time (bounded memory). */
export async function exportMembers(
  ctx: Pick<AppContext, 'db' | 'cipher' | 'audit'>,
  { actor, query, format, unmasked, out, meta }: { actor: AdminActor; query: Omit<MemberSearchQuery, 'page' | 'pageSize'>; format: SheetFormat; unmasked: boolean; out: Writable; meta: RequestMeta },
): Promise<number> {
  if (unmasked && !can(actor, 'pii.reveal')) throw new AppError('FORBIDDEN');
  const filter = await buildMemberFilter(ctx, actor, query);
  const where = memberConditions(filter);
  const writer = createSheetWriter({ stream: out }, format, MEMBER_EXPORT_COLUMNS);
  const orgNames = new Map<number, string>();
  let lastId = '00000000-0000-0000-0000-000000000000';
  let n = 0;
  for (;;) {
    const rows = await ctx.db.select().from(members).where(and(where, gt(members.id, lastId))).orderBy(asc(members.id)).limit(EXPORT_BATCH);
    if (!rows.length) break;
    const missing = [...new Set(rows.map((r) => r.orgId).filter((id): id is number => id !== null && !orgNames.has(id)))];
    if (missing.length) {
      for (const o of await ctx.db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(sql`${organizations.id} IN (${sql.join(missing.map((id) => sql`${id}`), sql`, `)})`)) orgNames.set(o.id, o.name);
    }
    for (const m of rows) {
      const idNumber = m.idNumberEnc ? ctx.cipher.decrypt(m.idNumberEnc) : null;
      const phone = m.phoneEnc ? ctx.cipher.decrypt(m.phoneEnc) : null;
      await writer.addRow({
        name: m.name,
        gender: m.gender === 'male' ? '男' : m.gender === 'female' ? '女' : null,
        birthDate: m.birthDate,
        idNumber: idNumber && !unmasked ? maskIdNumber(idNumber) : idNumber,
        phone: phone && !unmasked ? maskPhone(phone) : phone,
        org: m.orgId ? (orgNames.get(m.orgId) ?? null) : null,
        status: STATUS_LABEL[m.status] ?? m.status,
        verification: VERIFY_LABEL[m.verification] ?? m.verification,
        cardNo: m.cardNo,
        employer: m.employer,
        industry: m.industry,
        education: m.education,
        hometown: m.hometown,
        joinedAt: m.joinedAt,
        endReason: m.endReason ? (END_REASON_LABELS[m.endReason as keyof typeof END_REASON_LABELS]?.['zh-CN'] ?? m.endReason) : null,
      });
      n++;
    }
    lastId = rows[rows.length - 1]!.id;
  }
  await writer.finish();
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'sheet.export_members', objectType: 'members', orgId: actor.orgId, orgPath: filter.pathPrefix, outcome: 'success', details: { rows: n, unmasked, format, filters: query }, meta });
  return n;
}

export const ORG_EXPORT_COLUMNS = [
  { key: 'id', header: '组织编号' },
  { key: 'name', header: '组织名称', width: 34 },
  { key: 'parent', header: '上级工会', width: 30 },
  { key: 'level', header: '层级' },
  { key: 'type', header: '类型' },
  { key: 'status', header: '状态' },
  { key: 'creditCode', header: '统一社会信用代码', width: 22 },
  { key: 'address', header: '地址', width: 30 },
  { key: 'contact', header: '联系电话' },
  { key: 'chairperson', header: '工会主席' },
];
const TYPE_LABEL: Record<string, string> = { federation: '总工会', base: '基层工会', joint: '联合基层工会', industry: '行业工会' };

export async function exportOrgs(ctx: Pick<AppContext, 'db' | 'audit'>, { actor, orgId, format, out, meta }: { actor: AdminActor; orgId?: string | undefined; format: SheetFormat; out: Writable; meta: RequestMeta }): Promise<number> {
  const root = orgId ? await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(orgId) }) : { path: actor.orgPath };
  const writer = createSheetWriter({ stream: out }, format, ORG_EXPORT_COLUMNS);
  let last = '';
  let n = 0;
  for (;;) {
    const rows = await ctx.db
      .select({ org: organizations, parent: sql<string | null>`(SELECT p.name FROM organizations p WHERE p.id = "organizations"."parent_id")` })
      .from(organizations)
      .where(and(sql`${organizations.path} LIKE ${`${root.path}%`}`, gt(organizations.path, last)))
      .orderBy(asc(organizations.path))
      .limit(EXPORT_BATCH);
    if (!rows.length) break;
    for (const { org: o, parent } of rows) {
      await writer.addRow({ id: String(o.id), name: o.name, parent, level: ORG_LEVEL_LABELS[o.level]['zh-CN'], type: TYPE_LABEL[o.type] ?? o.type, status: o.status === 'active' ? '在册' : '已注销', creditCode: o.creditCode, address: o.address, contact: o.contact, chairperson: o.chairperson });
      n++;
    }
    last = rows[rows.length - 1]!.org.path;
  }
  await writer.finish();
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'sheet.export_orgs', objectType: 'organizations', orgId: actor.orgId, orgPath: root.path, outcome: 'success', details: { rows: n, format }, meta });
  return n;
}

export const CADRE_EXPORT_COLUMNS = [
  { key: 'name', header: '姓名' },
  { key: 'org', header: '任职工会', width: 30 },
  { key: 'position', header: '职务' },
  { key: 'termStart', header: '任期开始', kind: 'date' as const },
  { key: 'termEnd', header: '任期结束', kind: 'date' as const },
  { key: 'fullTime', header: '是否专职' },
  { key: 'status', header: '状态' },
];

export async function exportCadres(
  ctx: Pick<AppContext, 'db' | 'audit'>,
  { actor, filter, format, out, meta }: { actor: AdminActor; filter: { orgId?: string | undefined; q?: string | undefined; position?: CadrePosition | undefined; fullTime?: 'true' | 'false' | undefined; status?: 'serving' | 'ended' | undefined }; format: SheetFormat; out: Writable; meta: RequestMeta },
): Promise<number> {
  const pathPrefix = filter.orgId ? (await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(filter.orgId) })).path : actor.orgPath;
  const where = cadreConditions({ pathPrefix, namePrefix: filter.q, position: filter.position, fullTime: filter.fullTime === undefined ? undefined : filter.fullTime === 'true', status: filter.status });
  const writer = createSheetWriter({ stream: out }, format, CADRE_EXPORT_COLUMNS);
  let lastId = '00000000-0000-0000-0000-000000000000';
  let n = 0;
  for (;;) {
    const rows = await ctx.db
      .select({ c: cadres, name: members.name, org: organizations.name })
      .from(cadres)
      .innerJoin(members, eq(members.id, cadres.memberId))
      .innerJoin(organizations, eq(organizations.id, cadres.orgId))
      .where(and(where, gt(cadres.id, lastId)))
      .orderBy(asc(cadres.id))
      .limit(EXPORT_BATCH);
    if (!rows.length) break;
    for (const r of rows) {
      await writer.addRow({ name: r.name, org: r.org, position: CADRE_POSITION_LABELS[r.c.position as CadrePosition]?.['zh-CN'] ?? r.c.position, termStart: r.c.termStart, termEnd: r.c.termEnd, fullTime: r.c.fullTime ? '是' : '否', status: r.c.status === 'serving' ? '在任' : '已离任' });
      n++;
    }
    lastId = rows[rows.length - 1]!.c.id;
  }
  await writer.finish();
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'sheet.export_cadres', objectType: 'cadres', orgId: actor.orgId, orgPath: pathPrefix, outcome: 'success', details: { rows: n, format }, meta });
  return n;
}
