import { PassThrough } from 'node:stream';
import { createReadStream, existsSync } from 'node:fs';
import { cadreQuerySchema, idParamSchema, jobSchema, jobQuerySchema, memberSearchQuerySchema, pageOf, type Job, type SheetKind } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { adminAuditActor } from '../../platform/audit.js';
import { adminOf } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { metaOf } from '../../platform/http.js';
import type { JobRow } from '../../platform/jobs.js';
import { can } from '../../platform/scope.js';
import { getOrgInScope, parseOrgId } from '../orgs/orgs.service.js';
import type { SheetImporter } from './sheet-import.js';
import { exportCadres, exportMembers, exportOrgs, startImport, writeTemplateFile, type SheetFormat } from './sheets.service.js';

const KIND_LABEL: Record<SheetKind, string> = { orgs: '工会组织', members: '会员', cadres: '工会干部' };
const formatQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
const CONTENT_TYPE: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};
const attachment = (name: string) => `attachment; filename="${encodeURIComponent(name).replace(/%20/g, ' ')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const stamp = () => new Date().toISOString().slice(0, 10);

export function presentJob(j: JobRow): Job {
  return {
    id: j.id,
    kind: j.kind,
    sheet: (j.payload as { sheet?: SheetKind }).sheet ?? null,
    status: j.status,
    fileName: j.fileName,
    total: j.total,
    processed: j.processed,
    imported: j.imported,
    unchanged: j.unchanged,
    failed: j.failed,
    hasErrorFile: Boolean(j.errorFile),
    message: j.message,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

export function sheetsRoutes(ctx: AppContext, importers: Record<SheetKind, SheetImporter>): FastifyPluginAsyncZod {
  const tags = ['admin: excel'];
  const readPermission = { orgs: 'org.read', members: 'member.read', cadres: 'member.read' } as const;
  return async (app) => {
    // One route per kind, so each declares its own permission to the scope guard.
    for (const kind of ['orgs', 'members', 'cadres'] as const) {
      const importer = importers[kind];
      app.get(`/api/v1/admin/sheets/${kind}/template`, {
        config: { permission: readPermission[kind] },
        schema: { tags, summary: `Import template for ${kind}: Chinese headers, an example row, instructions`, querystring: formatQuery },
      }, async (request, reply) => {
        const out = new PassThrough();
        void writeTemplateFile(importer, request.query.format, out).catch((err: unknown) => out.destroy(err as Error));
        return reply.header('content-type', CONTENT_TYPE[request.query.format]).header('content-disposition', attachment(`${KIND_LABEL[kind]}导入模板.${request.query.format}`)).send(out);
      });

      app.post(`/api/v1/admin/sheets/${kind}/imports`, {
        config: { permission: importer.permission },
        schema: { tags, summary: `Upload ${kind} as xlsx or csv (multipart field "file"); a background job imports it`, response: { 202: jobSchema } },
      }, async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const file = await request.file();
        if (!file) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'file', message: '请选择要导入的文件 / Choose a file to import' }] });
        const job = await startImport(ctx, { actor: adminOf(request), importer, fileName: file.filename, file: file.file, meta: metaOf(request) });
        return reply.status(202).send(presentJob(job));
      });
    }

    app.get('/api/v1/admin/jobs', {
      config: { permission: 'org.read' },
      schema: { tags, summary: 'Recent import jobs of the scope', querystring: jobQuerySchema, response: { 200: pageOf(jobSchema) } },
    }, async (request) => {
      const { page, pageSize, sheet } = request.query;
      const { rows, total } = await ctx.jobs.list(adminOf(request).orgPath, (page - 1) * pageSize, pageSize, sheet ? { sheet } : undefined);
      return { items: rows.map(presentJob), page, pageSize, total };
    });

    const jobInScope = async (id: string, orgPath: string) => {
      const job = await ctx.jobs.find(id);
      if (!job || !job.orgPath.startsWith(orgPath)) throw new AppError('OUT_OF_SCOPE');
      return job;
    };

    app.get('/api/v1/admin/jobs/:id', {
      config: { permission: 'org.read' },
      schema: { tags, summary: 'A job with its progress', params: idParamSchema, response: { 200: jobSchema } },
    }, async (request) => presentJob(await jobInScope(request.params.id, adminOf(request).orgPath)));

    app.get('/api/v1/admin/jobs/:id/errors', {
      // The refused rows carry the personal data of the uploaded file.
      config: { permission: 'pii.reveal' },
      schema: { tags, summary: 'The error workbook: each refused row with its reasons (audited)', params: idParamSchema },
    }, async (request, reply) => {
      const actor = adminOf(request);
      const job = await jobInScope(request.params.id, actor.orgPath);
      if (!job.errorFile || !existsSync(job.errorFile)) throw new AppError('NOT_FOUND');
      await ctx.audit.record({ actor: adminAuditActor(actor), action: 'sheet.download_errors', objectType: 'job', objectId: job.id, orgId: actor.orgId, orgPath: job.orgPath, outcome: 'success', meta: metaOf(request) });
      return reply.header('content-type', CONTENT_TYPE.xlsx).header('content-disposition', attachment(`导入错误_${job.fileName ?? job.id}.xlsx`)).send(createReadStream(job.errorFile));
    });

    /**
     * Exports stream to the response. Everything that can be refused (permission, scope) is checked
     * before the first byte, so a refusal still gets the JSON error shape and status.
     */
    const exportRoute = <Q extends z.ZodType>(
      kind: SheetKind,
      query: Q,
      check: (q: z.infer<Q>, actor: ReturnType<typeof adminOf>) => Promise<unknown>,
      run: (q: z.infer<Q>, actor: ReturnType<typeof adminOf>, format: SheetFormat, out: PassThrough, meta: ReturnType<typeof metaOf>) => Promise<number>,
    ) => {
      app.get(`/api/v1/admin/sheets/${kind}/export`, {
        config: { permission: readPermission[kind] },
        schema: { tags, summary: `Export ${kind} in scope as xlsx or csv (streamed, audited)`, querystring: query },
      }, async (request, reply) => {
        const actor = adminOf(request);
        const q = request.query as z.infer<Q> & { format: SheetFormat };
        await check(q, actor);
        const out = new PassThrough();
        run(q, actor, q.format, out, metaOf(request)).catch((err: unknown) => {
          request.log.error({ err }, 'export failed');
          out.destroy(err as Error);
        });
        return reply.header('content-type', CONTENT_TYPE[q.format]).header('content-disposition', attachment(`${KIND_LABEL[kind]}_${stamp()}.${q.format}`)).send(out);
      });
    };
    const orgCheck = async (orgId: string | undefined, actor: ReturnType<typeof adminOf>) => {
      if (orgId) await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(orgId) });
    };
    exportRoute(
      'members',
      memberSearchQuerySchema.omit({ page: true, pageSize: true }).extend({ format: z.enum(['xlsx', 'csv']).default('xlsx'), unmasked: z.enum(['true', 'false']).default('false') }),
      async (q, actor) => {
        if (q.unmasked === 'true' && !can(actor, 'pii.reveal')) throw new AppError('FORBIDDEN');
        await orgCheck(q.orgId, actor);
      },
      (q, actor, format, out, meta) => {
        const { unmasked, format: _f, ...filters } = q;
        return exportMembers(ctx, { actor, query: filters, format, unmasked: unmasked === 'true', out, meta });
      },
    );
    exportRoute(
      'orgs',
      z.object({ orgId: z.string().max(20).optional(), format: z.enum(['xlsx', 'csv']).default('xlsx') }),
      (q, actor) => orgCheck(q.orgId, actor),
      (q, actor, format, out, meta) => exportOrgs(ctx, { actor, orgId: q.orgId, format, out, meta }),
    );
    exportRoute(
      'cadres',
      cadreQuerySchema.omit({ page: true, pageSize: true }).extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
      (q, actor) => orgCheck(q.orgId, actor),
      (q, actor, format, out, meta) => {
        const { format: _f, ...filter } = q;
        return exportCadres(ctx, { actor, filter, format, out, meta });
      },
    );
  };
}
