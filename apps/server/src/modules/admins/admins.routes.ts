import {
  adminAccountSchema,
  adminCreateRequestSchema,
  adminLoginRequestSchema,
  adminLoginResponseSchema,
  adminProfileSchema,
  adminUpdateRequestSchema,
  idParamSchema,
  okSchema,
  pageOf,
  pageQuerySchema,
  totpEnrolRequestSchema,
} from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../../platform/auth.js';
import { clearSessionCookie, metaOf, setSessionCookie } from '../../platform/http.js';
import { presentAdminAccount, presentAdminProfile } from './admins.presenter.js';
import * as admins from './admins.service.js';

export function adminsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const authTags = ['admin: auth'];
  return async (app) => {
    app.post('/api/v1/admin/auth/login', {
      config: { auth: 'public' },
      schema: { tags: authTags, summary: 'Admin login: username + password + TOTP (first login enrols TOTP)', body: adminLoginRequestSchema, response: { 200: adminLoginResponseSchema } },
    }, async (request, reply) => {
      const r = await admins.adminLogin(ctx, { ...request.body, meta: metaOf(request) });
      if (r.status !== 'ok') return r;
      setSessionCookie(reply, 'admin', r.token, r.expiresAt, ctx.config.COOKIE_SECURE);
      return { status: r.status, token: r.token, expiresAt: r.expiresAt.toISOString(), admin: presentAdminProfile(r.actor) };
    });

    app.post('/api/v1/admin/auth/totp-enrol', {
      config: { auth: 'public' },
      schema: { tags: authTags, summary: 'Finish TOTP enrolment with the first code; starts the session', body: totpEnrolRequestSchema, response: { 200: adminLoginResponseSchema } },
    }, async (request, reply) => {
      const r = await admins.finishTotpEnrolment(ctx, { ...request.body, meta: metaOf(request) });
      setSessionCookie(reply, 'admin', r.token, r.expiresAt, ctx.config.COOKIE_SECURE);
      return { status: r.status, token: r.token, expiresAt: r.expiresAt.toISOString(), admin: presentAdminProfile(r.actor) };
    });

    app.post('/api/v1/admin/auth/logout', {
      config: { permission: 'any' },
      schema: { tags: authTags, summary: 'Log out this session', response: { 200: okSchema } },
    }, async (request, reply) => {
      await ctx.sessions.revoke(adminOf(request).sessionId);
      clearSessionCookie(reply, 'admin');
      return { ok: true as const };
    });

    app.post('/api/v1/admin/auth/logout-all', {
      config: { permission: 'any' },
      schema: { tags: authTags, summary: 'Log out every session of this admin', response: { 200: okSchema } },
    }, async (request, reply) => {
      await admins.logoutEverywhere(ctx, { actor: adminOf(request), meta: metaOf(request) });
      clearSessionCookie(reply, 'admin');
      return { ok: true as const };
    });

    app.get('/api/v1/admin/me', {
      config: { permission: 'any' },
      schema: { tags: authTags, summary: 'The logged-in admin, their organization and permissions', response: { 200: adminProfileSchema } },
    }, async (request) => presentAdminProfile(adminOf(request)));

    const tags = ['admin: admins'];
    app.get('/api/v1/admin/admins', {
      config: { permission: 'admin.read' },
      schema: { tags, summary: 'Admin accounts in scope', querystring: pageQuerySchema, response: { 200: pageOf(adminAccountSchema) } },
    }, async (request) => {
      const { page, pageSize } = request.query;
      const { rows, total } = await admins.listAdminsInScope(ctx, { actor: adminOf(request), page, pageSize });
      return { items: rows.map(presentAdminAccount), page, pageSize, total };
    });

    app.post('/api/v1/admin/admins', {
      config: { permission: 'admin.write' },
      schema: { tags, summary: 'Create an admin in an organization of the scope', body: adminCreateRequestSchema, response: { 201: adminAccountSchema } },
    }, async (request, reply) => {
      const row = await admins.createAdmin(ctx, { actor: adminOf(request), input: request.body, meta: metaOf(request) });
      return reply.status(201).send(presentAdminAccount(row));
    });

    app.patch('/api/v1/admin/admins/:id', {
      config: { permission: 'admin.write' },
      schema: { tags, summary: 'Change roles, name or status (disabling logs the admin out everywhere)', params: idParamSchema, body: adminUpdateRequestSchema, response: { 200: adminAccountSchema } },
    }, async (request) => presentAdminAccount(await admins.updateAdminAccount(ctx, { actor: adminOf(request), id: request.params.id, input: request.body, meta: metaOf(request) })));
  };
}
