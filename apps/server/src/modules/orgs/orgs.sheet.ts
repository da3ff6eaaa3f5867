/**
 * Organizations in Excel/CSV: resolving the union a row names (by credit code, else by a name that
 * is unique in the importer's scope), and importing organizations under parents named the same way.
 */
import { isValidCreditCode, ORG_LEVEL_LABELS, type OrgLevel, type OrgType } from '@gonghui/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { organizations, orgHistory } from '../../db/schema.js';
import type { ColumnSpec } from '../../platform/spreadsheets/sheet-reader.js';
import { sheetProblem, type ImportFailure, type SheetImporter } from '../sheets/sheet-import.js';
import { insertOrg, type OrgRow } from './orgs.repository.js';

export type OrgCache = Map<string, { ok: true; org: OrgRow } | { ok: false; zh: string; en: string }>;
type Resolved = { ok: true; org: OrgRow } | { ok: false; zh: string; en: string };

/** The organization a row names, inside the scope; cached per job. */
export async function resolveOrgForRow(
  db: DbOrTx,
  cache: OrgCache,
  pathPrefix: string,
  ref: { name: string | null; creditCode: string | null; baseOnly: boolean },
): Promise<Resolved> {
  const code = ref.creditCode?.trim().toUpperCase() || null;
  const name = ref.name?.trim() || null;
  if (!code && !name) return { ok: false, zh: '未填写所属工会', en: 'no union given' };
  const key = `${ref.baseOnly ? 'b' : 'a'}|${code ?? ''}|${name ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const conditions = [eq(organizations.status, 'active'), sql`${organizations.path} LIKE ${`${pathPrefix}%`}`];
  if (ref.baseOnly) conditions.push(eq(organizations.level, 'base'));
  conditions.push(code ? eq(organizations.creditCode, code) : eq(organizations.name, name!));
  const rows = await db.select().from(organizations).where(and(...conditions)).limit(2);
  let result: Resolved;
  if (rows.length === 1) result = { ok: true, org: rows[0]! };
  else if (rows.length > 1) result = { ok: false, zh: `管理范围内有多个名为“${name}”的工会，请填写统一社会信用代码`, en: `several unions in scope are named "${name}": give the credit code` };
  else result = { ok: false, zh: `管理范围内找不到工会“${code ?? name}”${ref.baseOnly ? '（须为基层工会）' : ''}`, en: `no union "${code ?? name}" in scope${ref.baseOnly ? ' (must be a base union)' : ''}` };
  cache.set(key, result);
  return result;
}

export const ORG_COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '组织名称', example: '广州示例科技有限公司工会', aliases: ['Name'], kind: 'text', required: true },
  { key: 'parent', header: '上级工会', example: '天河区石牌街道总工会', aliases: ['Parent'], kind: 'text', required: true },
  { key: 'parentCreditCode', header: '上级工会统一社会信用代码', aliases: ['Parent credit code'], kind: 'text' },
  { key: 'level', header: '层级', example: '基层', aliases: ['Level'], kind: 'text', required: true },
  { key: 'type', header: '类型', example: '基层工会', aliases: ['Type'], kind: 'text' },
  { key: 'creditCode', header: '统一社会信用代码', example: '91440300708461136T', aliases: ['Credit code'], kind: 'text' },
  { key: 'address', header: '地址', example: '广州市天河区示例路 1 号', aliases: ['Address'], kind: 'text' },
  { key: 'contact', header: '联系电话', example: '020-12345678', aliases: ['Contact'], kind: 'text' },
  { key: 'chairperson', header: '工会主席', example: '李四', aliases: ['Chairperson'], kind: 'text' },
  { key: 'industry', header: '所属行业', aliases: ['Industry'], kind: 'text' },
];

const LEVEL_RANK: Record<OrgLevel, number> = { province: 0, city: 1, district: 2, street: 3, base: 4 };
const LEVEL_BY_LABEL = new Map<string, OrgLevel>(
  Object.entries(ORG_LEVEL_LABELS).flatMap(([level, l]) => [[l['zh-CN'], level as OrgLevel], [l.en.toLowerCase(), level as OrgLevel], [level, level as OrgLevel]]),
);
const TYPE_BY_LABEL = new Map<string, OrgType>([
  ['总工会', 'federation'], ['federation', 'federation'], ['基层工会', 'base'], ['base', 'base'], ['联合基层工会', 'joint'], ['联合工会', 'joint'], ['joint', 'joint'], ['行业工会', 'industry'], ['产业工会', 'industry'], ['industry', 'industry'],
]);

export const orgsImporter: SheetImporter = {
  kind: 'orgs',
  columns: ORG_COLUMNS,
  permission: 'org.write',
  async importBatch(tx, scope, rows, state) {
    const failures: ImportFailure[] = [];
    let imported = 0;
    let unchanged = 0;
    const cache = state.orgCache as OrgCache;
    // Rows are applied in order, so a parent created earlier in the file is found by later rows.
    for (const row of rows) {
      const v = row.values;
      const problems = [...row.problems];
      const level = LEVEL_BY_LABEL.get((v.level ?? '').trim().toLowerCase()) ?? LEVEL_BY_LABEL.get((v.level ?? '').trim());
      if (!level) problems.push(sheetProblem('level', '层级应为 市级/区县级/街道/镇/基层', 'the level must be city, district, street/town or base'));
      const type: OrgType | undefined = v.type ? TYPE_BY_LABEL.get(v.type.trim().toLowerCase()) : level === 'base' ? 'base' : 'federation';
      if (!type) problems.push(sheetProblem('type', '类型应为 总工会/基层工会/联合基层工会/行业工会', 'unknown type'));
      const creditCode = v.creditCode?.trim().toUpperCase() || null;
      if (creditCode && !isValidCreditCode(creditCode)) problems.push(sheetProblem('creditCode', '统一社会信用代码无效（校验位错误）', 'invalid unified social credit code'));
      if (level === 'base' && type === 'base' && !creditCode) problems.push(sheetProblem('creditCode', '基层工会须填写统一社会信用代码', 'a base union needs a credit code'));
      const parent = await resolveOrgForRow(tx, cache, scope.pathPrefix, { name: v.parent ?? null, creditCode: v.parentCreditCode ?? null, baseOnly: false });
      if (!parent.ok) problems.push(sheetProblem('parent', parent.zh, parent.en));
      else if (level && (parent.org.level === 'base' || LEVEL_RANK[level] <= LEVEL_RANK[parent.org.level])) problems.push(sheetProblem('level', '层级须低于上级工会', 'must sit below its parent'));
      if (problems.length || !parent.ok || !level || !type) {
        failures.push({ rowNumber: row.rowNumber, values: v, problems });
        continue;
      }
      const name = v.name!.trim();
      const [same] = await tx.select().from(organizations).where(and(eq(organizations.status, 'active'), creditCode ? eq(organizations.creditCode, creditCode) : and(eq(organizations.parentId, parent.org.id), eq(organizations.name, name)))).limit(1);
      if (same) {
        if (same.parentId === parent.org.id && same.name === name) unchanged++;
        else failures.push({ rowNumber: row.rowNumber, values: v, problems: [sheetProblem('creditCode', '该统一社会信用代码已被另一个在册工会使用', 'another active union uses this credit code')] });
        continue;
      }
      const org = await insertOrg(tx, { name, level, type, creditCode, address: v.address ?? null, contact: v.contact ?? null, chairperson: v.chairperson ?? null, industry: v.industry ?? null }, parent.org);
      await tx.insert(orgHistory).values({ orgId: org.id, kind: 'created', after: { name, level, type, creditCode }, actorName: scope.actorName });
      cache.set(`a||${name}`, { ok: true, org });
      imported++;
    }
    return { imported, unchanged, failures };
  },
};
