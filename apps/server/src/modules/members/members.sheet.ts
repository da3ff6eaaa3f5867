/**
 * The members database in Excel/CSV: the columns of the template, the import of a batch of rows
 * (validated row by row; good rows in, bad rows reported; re-importing the same file changes
 * nothing), and the rows of an export.
 */
import { normalizePhone, parseIdNumber, PHONE_RE } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import type { ColumnSpec } from '../../platform/spreadsheets/sheet-reader.js';
import { sheetProblem, type ImportFailure, type SheetImporter } from '../sheets/sheet-import.js';
import { resolveOrgForRow, type OrgCache } from '../orgs/orgs.sheet.js';
import { bulkAddMembers } from './members.repository.js';

export const MEMBER_COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '姓名', example: '张三', aliases: ['Name'], kind: 'text', required: true },
  { key: 'idNumber', header: '身份证号码', aliases: ['ID number', '身份证号'], kind: 'id-number', required: true },
  { key: 'phone', header: '手机号码', example: '13800138000', aliases: ['手机号', 'Phone'], kind: 'text' },
  { key: 'org', header: '所属工会', example: '广州市能婴贸易有限公司工会', aliases: ['Union', '工会名称'], kind: 'text', required: true },
  { key: 'orgCreditCode', header: '工会统一社会信用代码', aliases: ['Union credit code', '单位统一社会信用代码'], kind: 'text' },
  { key: 'employer', header: '工作单位', example: '广州市能婴贸易有限公司', aliases: ['Employer'], kind: 'text' },
  { key: 'industry', header: '所属行业', example: '批发和零售业', aliases: ['Industry'], kind: 'text' },
  { key: 'education', header: '学历', example: '大专', aliases: ['Education'], kind: 'text' },
  { key: 'hometown', header: '籍贯', example: '贵州', aliases: ['Hometown'], kind: 'text' },
  { key: 'joinedAt', header: '入会日期', example: '2020-05-01', aliases: ['Join date'], kind: 'date' },
];


export function membersImporter(cipher: PersonalDataCipher): SheetImporter {
  return {
    kind: 'members',
    columns: MEMBER_COLUMNS,
    permission: 'member.write',
    async importBatch(tx, scope, rows, state) {
      const failures: ImportFailure[] = [];
      const candidates: Array<{ rowNumber: number; values: Record<string, string | null>; idNumber: string; hash: string; orgId: number; phone: string | null; gender: 'male' | 'female'; birthDate: string }> = [];
      const orgs = state.orgCache as OrgCache;
      for (const row of rows) {
        const problems = [...row.problems];
        const v = row.values;
        const name = v.name?.trim() ?? '';
        if (name.length < 2 || name.length > 30) problems.push(sheetProblem('name', '姓名须为 2–30 个字', 'the name must be 2–30 characters'));
        let id: ReturnType<typeof parseIdNumber> | null = null;
        if (v.idNumber && !row.problems.some((p) => p.key === 'idNumber')) {
          id = parseIdNumber(v.idNumber);
          if (!id.ok) problems.push(sheetProblem('idNumber', `身份证号码无效：${id.reason}`, `invalid ID number: ${id.reasonEn}`));
        }
        let phone: string | null = null;
        if (v.phone) {
          phone = normalizePhone(v.phone);
          if (!PHONE_RE.test(phone)) problems.push(sheetProblem('phone', '手机号码格式不正确', 'not a valid mobile number'));
        }
        const org = await resolveOrgForRow(tx, orgs, scope.pathPrefix, { name: v.org ?? null, creditCode: v.orgCreditCode ?? null, baseOnly: true });
        if (!org.ok) problems.push(sheetProblem('org', org.zh, org.en));
        if (problems.length || !id || !id.ok || !org.ok) {
          failures.push({ rowNumber: row.rowNumber, values: v, problems });
          continue;
        }
        const hash = cipher.lookupHash('id_number', id.idNumber);
        if (state.seen.has(hash)) {
          failures.push({ rowNumber: row.rowNumber, values: v, problems: [sheetProblem('idNumber', '文件中重复出现的身份证号码', 'the ID number appears twice in the file')] });
          continue;
        }
        state.seen.add(hash);
        candidates.push({ rowNumber: row.rowNumber, values: v, idNumber: id.idNumber, hash, orgId: org.org.id, phone, gender: id.gender, birthDate: id.birthDate });
      }
      if (!candidates.length) return { imported: 0, unchanged: 0, failures };

      // One person per ID number: an existing record in the same union is "unchanged"; elsewhere, a conflict.
      const existing = new Map(
        (await queryRows<{ id_number_hash: string; org_id: number | null }>(tx, sql`SELECT id_number_hash, org_id FROM members WHERE id_number_hash IN (${sql.join(candidates.map((c) => sql`${c.hash}`), sql`, `)})`)).map((r) => [r.id_number_hash, r.org_id === null ? null : Number(r.org_id)]),
      );
      const fresh = [];
      let unchanged = 0;
      for (const c of candidates) {
        if (!existing.has(c.hash)) fresh.push(c);
        else if (existing.get(c.hash) === c.orgId) unchanged++;
        else failures.push({ rowNumber: c.rowNumber, values: c.values, problems: [sheetProblem('idNumber', '该身份证号码已登记在其他工会（一人一档），请走会籍转移', 'this person is already a member elsewhere (one record per person): transfer the membership instead')] });
      }
      if (fresh.length) {
        const today = new Date().toISOString().slice(0, 10);
        const added = await bulkAddMembers(
          tx,
          fresh.map((c) => ({
            name: c.values.name!.trim(),
            idNumberEnc: cipher.encrypt(c.idNumber),
            idNumberHash: c.hash,
            phoneEnc: c.phone ? cipher.encrypt(c.phone) : null,
            phoneHash: c.phone ? cipher.lookupHash('phone', c.phone) : null,
            gender: c.gender,
            birthDate: c.birthDate,
            orgId: c.orgId,
            employer: c.values.employer ?? null,
            industry: c.values.industry ?? null,
            education: c.values.education ?? null,
            hometown: c.values.hometown ?? null,
            joinedAt: c.values.joinedAt ?? today,
          })),
          { reason: '批量导入', actorId: scope.actorId, actorName: scope.actorName },
        );
        // A row another import added meanwhile is the same person: unchanged.
        return { imported: added, unchanged: unchanged + fresh.length - added, failures };
      }
      return { imported: 0, unchanged, failures };
    },
  };
}
