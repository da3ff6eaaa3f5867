import {
  idParamSchema,
  joinQrSchema,
  orgApplicationQuerySchema,
  orgApplicationRequestSchema,
  orgApplicationSchema,
  orgChildrenQuerySchema,
  orgCreateRequestSchema,
  orgDecisionRequestSchema,
  orgDetailSchema,
  orgHistoryEntrySchema,
  orgNodeSchema,
  orgUpdateRequestSchema,
  pageOf,
  publicOrgQuerySchema,
  publicOrgSchema,
} from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { metaOf } from '../../platform/http.js';
import * as lifecycle from './org-lifecycle.service.js';
import { findOrgWithCounts } from './orgs.repository.js';
import { presentOrgApplication, presentOrgDetail, presentOrgHistory, presentOrgNode, presentPublicOrg } from './orgs.presenter.js';
import * as orgs from './orgs.service.js';

export function orgsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/v1/orgs', {
      config: { auth: 'public' },
      schema: {
        tags: ['orgs'],
        summary: "Find active unions (public): by name, by the employer's credit code, or browse a region's children (no filter: the province)",
        querystring: publicOrgQuerySchema,
        response: { 200: pageOf(publicOrgSchema) },
      },
    }, async (request) => {
      const { page, pageSize } = request.query;
      const { rows, total } = await orgs.searchPublicOrgs({ db: ctx.db, ...request.query });
      return { items: rows.map(presentPublicOrg), page, pageSize, total };
    });

    app.get('/api/v1/orgs/:id', {
      config: { auth: 'public' },
      schema: { tags: ['orgs'], summary: 'One active union (public): the page a join QR code opens', params: idParamSchema, response: { 200: publicOrgSchema } },
    }, async (request) => presentPublicOrg(await orgs.getPublicOrg({ db: ctx.db, id: request.params.id })));

    app.get('/api/v1/admin/orgs/:id/join-qr', {
      config: { permission: 'org.read' },
      schema: { tags: ['admin: orgs'], summary: "A base union's join QR code: members scan it to open the join page", params: idParamSchema, response: { 200: joinQrSchema } },
    }, async (request) => {
      const org = await orgs.getOrgInScope({ db: ctx.db, actor: adminOf(request), orgId: orgs.parseOrgId(request.params.id) });
      if (org.level !== 'base' || org.status !== 'active') throw new AppError('NOT_A_BASE_UNION');
      const url = `${ctx.config.PUBLIC_URL ?? `${request.protocol}://${request.host}`}/join/${org.id}`;
      return { url, orgName: org.name, qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 480, errorCorrectionLevel: 'M' }) };
    });

    app.get('/api/v1/admin/orgs/children', {
      config: { permission: 'org.read' },
      schema: {
        tags: ['admin: orgs'],
        summary: 'Children of an organization in scope, the root of the scope, or a name search within it',
        querystring: orgChildrenQuerySchema,
        response: { 200: z.object({ items: z.array(orgNodeSchema) }) },
      },
    }, async (request) => {
      const actor = adminOf(request);
      const { parentId, q } = request.query;
      const rows = q ? await orgs.searchInScope({ db: ctx.db, actor, q }) : await orgs.listChildren({ db: ctx.db, actor, parentId });
      return { items: rows.map(presentOrgNode) };
    });

    app.get('/api/v1/admin/orgs/:id', {
      config: { permission: 'org.read' },
      schema: { tags: ['admin: orgs'], summary: 'One organization in scope', params: idParamSchema, response: { 200: orgDetailSchema } },
    }, async (request) => {
      const { org, ancestors, subtree } = await orgs.getOrgDetail({ db: ctx.db, actor: adminOf(request), id: request.params.id });
      return presentOrgDetail(org, ancestors, subtree);
    });

    const withCounts = async (id: number) => presentOrgNode((await findOrgWithCounts(ctx.db, id))[0]!);

    app.post('/api/v1/admin/orgs', {
      config: { permission: 'org.write' },
      schema: { tags: ['admin: orgs'], summary: 'Create an organization under one of the scope (by the level above)', body: orgCreateRequestSchema, response: { 201: orgNodeSchema } },
    }, async (request, reply) => {
      const org = await lifecycle.createOrg(ctx, { actor: adminOf(request), input: request.body, meta: metaOf(request) });
      return reply.status(201).send(await withCounts(org.id));
    });

    app.patch('/api/v1/admin/orgs/:id', {
      config: { permission: 'org.write' },
      schema: { tags: ['admin: orgs'], summary: 'Edit an organization below the admin\'s own', params: idParamSchema, body: orgUpdateRequestSchema, response: { 200: orgNodeSchema } },
    }, async (request) => {
      const org = await lifecycle.editOrg(ctx, { actor: adminOf(request), id: request.params.id, input: request.body, meta: metaOf(request) });
      return withCounts(org.id);
    });

    app.get('/api/v1/admin/orgs/:id/history', {
      config: { permission: 'org.read' },
      schema: { tags: ['admin: orgs'], summary: 'Every change of an organization, newest first', params: idParamSchema, response: { 200: z.object({ items: z.array(orgHistoryEntrySchema) }) } },
    }, async (request) => ({ items: (await lifecycle.orgHistory(ctx, { actor: adminOf(request), id: request.params.id })).map(presentOrgHistory) }));

    const appTags = ['admin: org applications'];
    app.post('/api/v1/admin/org-applications', {
      config: { permission: 'org.write' },
      schema: { tags: appTags, summary: 'Apply to establish, change or deregister a base union (decided by the union above)', body: orgApplicationRequestSchema, response: { 201: orgApplicationSchema } },
    }, async (request, reply) => reply.status(201).send(presentOrgApplication(await lifecycle.submitApplication(ctx, { actor: adminOf(request), input: request.body, meta: metaOf(request) }), adminOf(request))));

    app.get('/api/v1/admin/org-applications', {
      config: { permission: 'org.read' },
      schema: { tags: appTags, summary: 'Applications about or decided within the scope, pending first', querystring: orgApplicationQuerySchema, response: { 200: pageOf(orgApplicationSchema) } },
    }, async (request) => {
      const { page, pageSize, status, kind } = request.query;
      const { rows, total } = await lifecycle.listApplicationsInScope(ctx, { actor: adminOf(request), status, kind, page, pageSize });
      return { items: rows.map((r) => presentOrgApplication(r, adminOf(request))), page, pageSize, total };
    });

    app.post('/api/v1/admin/org-applications/:id/decision', {
      config: { permission: 'org.write' },
      schema: { tags: appTags, summary: 'Approve or reject (with a reason) an application, as the union above', params: idParamSchema, body: orgDecisionRequestSchema, response: { 200: orgApplicationSchema } },
    }, async (request) => presentOrgApplication(await lifecycle.decideApplication(ctx, { actor: adminOf(request), id: request.params.id, decision: request.body.decision, reason: request.body.reason, meta: metaOf(request) }), adminOf(request)));
  };
}
