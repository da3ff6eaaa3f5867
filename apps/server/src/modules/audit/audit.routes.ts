/** The auditor's read-only view of the audit log, limited to events of their subtree. */
import { auditEntrySchema, auditQuerySchema, pageOf, type AuditEntry } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import { listAudit, type AuditRow } from './audit.repository.js';

function presentAuditEntry(r: AuditRow): AuditEntry {
  return {
    id: String(r.id),
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    orgId: r.orgId === null ? null : String(r.orgId),
    orgName: r.orgName,
    ip: r.ip,
    outcome: r.outcome,
    details: r.details,
    hash: r.hash,
  };
}

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/admin/audit', {
      config: { permission: 'audit.read' },
      schema: { tags: ['admin: audit'], summary: 'Audit events in scope, newest first (read-only)', querystring: auditQuerySchema, response: { 200: pageOf(auditEntrySchema) } },
    }, async (request) => {
      const { page, pageSize, action, outcome, actorName } = request.query;
      const actor = adminOf(request);
      const isRoot = actor.orgPath.split('/').filter(Boolean).length === 1;
      const { rows, total } = await listAudit(ctx.db, { pathPrefix: actor.orgPath, includeUnattributed: isRoot, action, outcome, actorName }, (page - 1) * pageSize, pageSize);
      return { items: rows.map(presentAuditEntry), page, pageSize, total };
    });
  };
}
