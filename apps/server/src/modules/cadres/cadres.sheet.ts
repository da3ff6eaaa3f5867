/** Cadres in Excel/CSV: a member (by ID number) holding a position in a union for a term. */
import { CADRE_POSITION_LABELS, parseIdNumber, type CadrePosition } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { cadres } from '../../db/schema.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { resolveOrgForRow, type OrgCache } from '../orgs/orgs.sheet.js';
import type { ColumnSpec } from '../../platform/spreadsheets/sheet-reader.js';
import { sheetProblem, type ImportFailure, type SheetImporter } from '../sheets/sheet-import.js';

export const CADRE_COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '姓名', example: '张三', aliases: ['Name'], kind: 'text', required: true },
  { key: 'idNumber', header: '身份证号码', aliases: ['ID number', '身份证号'], kind: 'id-number', required: true },
  { key: 'org', header: '任职工会', example: '广州市能婴贸易有限公司工会', aliases: ['Union'], kind: 'text', required: true },
  { key: 'orgCreditCode', header: '任职工会统一社会信用代码', aliases: ['Union credit code'], kind: 'text' },
  { key: 'position', header: '职务', example: '主席', aliases: ['Position'], kind: 'text', required: true },
  { key: 'termStart', header: '任期开始', example: '2023-01-01', aliases: ['Term start'], kind: 'date', required: true },
  { key: 'termEnd', header: '任期结束', example: '2027-12-31', aliases: ['Term end'], kind: 'date' },
  { key: 'fullTime', header: '是否专职', example: '否', aliases: ['Full time'], kind: 'boolean' },
];

const POSITION_BY_LABEL = new Map<string, CadrePosition>(
  Object.entries(CADRE_POSITION_LABELS).flatMap(([p, l]) => [[l['zh-CN'], p as CadrePosition], [l.en.toLowerCase(), p as CadrePosition], [p, p as CadrePosition]]),
);

export function cadresImporter(cipher: PersonalDataCipher): SheetImporter {
  return {
    kind: 'cadres',
    columns: CADRE_COLUMNS,
    permission: 'member.write',
    async importBatch(tx, scope, rows, state) {
      const failures: ImportFailure[] = [];
      let imported = 0;
      let unchanged = 0;
      for (const row of rows) {
        const v = row.values;
        const problems = [...row.problems];
        const position = POSITION_BY_LABEL.get((v.position ?? '').trim()) ?? POSITION_BY_LABEL.get((v.position ?? '').trim().toLowerCase());
        if (!position) problems.push(sheetProblem('position', `职务应为：${Object.values(CADRE_POSITION_LABELS).map((l) => l['zh-CN']).join('、')}`, 'unknown position'));
        if (v.termStart && v.termEnd && v.termEnd < v.termStart) problems.push(sheetProblem('termEnd', '任期结束不能早于开始', 'the term ends before it starts'));
        const id = v.idNumber && !row.problems.some((p) => p.key === 'idNumber') ? parseIdNumber(v.idNumber) : null;
        if (id && !id.ok) problems.push(sheetProblem('idNumber', `身份证号码无效：${id.reason}`, `invalid ID number: ${id.reasonEn}`));
        const org = await resolveOrgForRow(tx, state.orgCache as OrgCache, scope.pathPrefix, { name: v.org ?? null, creditCode: v.orgCreditCode ?? null, baseOnly: false });
        if (!org.ok) problems.push(sheetProblem('org', org.zh, org.en));
        let memberId: string | null = null;
        if (id?.ok) {
          const [m] = await queryRows<{ id: string; status: string; org_path: string | null }>(tx, sql`SELECT id, status, org_path FROM members WHERE id_number_hash = ${cipher.lookupHash('id_number', id.idNumber)}`);
          if (!m || !m.org_path?.startsWith(scope.pathPrefix) || (m.status !== 'active' && m.status !== 'held')) problems.push(sheetProblem('idNumber', '找不到该在会会员（工会干部须为会员）', 'no current member with this ID number in scope'));
          else memberId = m.id;
        }
        if (problems.length || !org.ok || !position || !memberId) {
          failures.push({ rowNumber: row.rowNumber, values: v, problems });
          continue;
        }
        const inserted = await tx
          .insert(cadres)
          .values({ memberId, orgId: org.org.id, orgPath: org.org.path, position, termStart: v.termStart!, termEnd: v.termEnd ?? null, fullTime: v.fullTime === 'true' })
          .onConflictDoNothing()
          .returning({ id: cadres.id });
        if (inserted.length) imported++;
        else unchanged++;
      }
      return { imported, unchanged, failures };
    },
  };
}
