import { cadreCreateRequestSchema, cadreQuerySchema, cadreSchema, cadreUpdateRequestSchema, idParamSchema, pageOf, type Cadre, type CadrePosition } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import { metaOf } from '../../platform/http.js';
import type { CadreWithNames } from './cadres.repository.js';
import * as cadresService from './cadres.service.js';

export function presentCadre(c: CadreWithNames): Cadre {
  return {
    id: c.id,
    memberId: c.memberId,
    memberName: c.memberName,
    orgId: String(c.orgId),
    orgName: c.orgName,
    position: c.position as CadrePosition,
    termStart: c.termStart,
    termEnd: c.termEnd,
    fullTime: c.fullTime,
    status: c.status,
  };
}

export function cadresRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['admin: cadres'];
  return async (app) => {
    app.get('/api/v1/admin/cadres', {
      config: { permission: 'member.read' },
      schema: { tags, summary: 'Cadres in scope', querystring: cadreQuerySchema, response: { 200: pageOf(cadreSchema) } },
    }, async (request) => {
      const { rows, total } = await cadresService.listCadresInScope(ctx, { actor: adminOf(request), ...request.query });
      return { items: rows.map(presentCadre), page: request.query.page, pageSize: request.query.pageSize, total };
    });

    app.post('/api/v1/admin/cadres', {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Appoint a member to a position for a term', body: cadreCreateRequestSchema, response: { 201: cadreSchema } },
    }, async (request, reply) => reply.status(201).send(presentCadre(await cadresService.appointCadre(ctx, { actor: adminOf(request), input: request.body, meta: metaOf(request) }))));

    app.patch('/api/v1/admin/cadres/:id', {
      config: { permission: 'member.write' },
      schema: { tags, summary: 'Change a term, or end it', params: idParamSchema, body: cadreUpdateRequestSchema, response: { 200: cadreSchema } },
    }, async (request) => presentCadre(await cadresService.updateCadreTerm(ctx, { actor: adminOf(request), id: request.params.id, input: request.body, meta: metaOf(request) })));
  };
}
