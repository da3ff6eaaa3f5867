import {
  loginRequestSchema,
  maskPhone,
  meSchema,
  okSchema,
  passwordResetRequestSchema,
  registerRequestSchema,
  sessionResponseSchema,
  smsCodeRequestSchema,
  smsCodeResponseSchema,
  smsLoginRequestSchema,
  type Me,
} from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { memberOf } from '../../platform/auth.js';
import { clearSessionCookie, metaOf, setSessionCookie } from '../../platform/http.js';
import { presentOwnMembership } from '../members/members.presenter.js';
import { membershipOfAccount } from '../members/members.service.js';
import * as auth from './auth.service.js';

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const me = async (accountId: string): Promise<Me> => {
    const account = await auth.getAccount(ctx, accountId);
    return {
      accountId: account.id,
      phone: maskPhone(ctx.cipher.decrypt(account.phoneEnc)),
      member: presentOwnMembership(await membershipOfAccount(ctx, account.id)),
      createdAt: account.createdAt.toISOString(),
    };
  };
  const tags = ['auth'];

  return async (app) => {
    app.post('/api/v1/auth/sms-codes', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Send a one-time SMS code (6 digits, 5 minutes, single use)', body: smsCodeRequestSchema, response: { 200: smsCodeResponseSchema } },
    }, async (request) => auth.requestSmsCode(ctx, { ...request.body, meta: metaOf(request) }));

    app.post('/api/v1/auth/register', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Register with phone, SMS code and password', body: registerRequestSchema, response: { 201: sessionResponseSchema } },
    }, async (request, reply) => {
      const s = await auth.register(ctx, { ...request.body, meta: metaOf(request) });
      setSessionCookie(reply, 'member', s.token, s.expiresAt, ctx.config.COOKIE_SECURE);
      return reply.status(201).send({ token: s.token, expiresAt: s.expiresAt.toISOString(), me: await me(s.accountId) });
    });

    app.post('/api/v1/auth/login', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Log in with phone and password', body: loginRequestSchema, response: { 200: sessionResponseSchema } },
    }, async (request, reply) => {
      const s = await auth.login(ctx, { ...request.body, meta: metaOf(request) });
      setSessionCookie(reply, 'member', s.token, s.expiresAt, ctx.config.COOKIE_SECURE);
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), me: await me(s.accountId) };
    });

    app.post('/api/v1/auth/sms-login', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Log in with phone and an SMS code', body: smsLoginRequestSchema, response: { 200: sessionResponseSchema } },
    }, async (request, reply) => {
      const s = await auth.smsLogin(ctx, { ...request.body, meta: metaOf(request) });
      setSessionCookie(reply, 'member', s.token, s.expiresAt, ctx.config.COOKIE_SECURE);
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), me: await me(s.accountId) };
    });

    app.post('/api/v1/auth/password-reset', {
      config: { auth: 'public' },
      schema: { tags, summary: 'Set a new password with an SMS code; every session is logged out', body: passwordResetRequestSchema, response: { 200: okSchema } },
    }, async (request) => {
      await auth.resetPassword(ctx, { ...request.body, meta: metaOf(request) });
      return { ok: true as const };
    });

    app.post('/api/v1/auth/logout', {
      config: { auth: 'member' },
      schema: { tags, summary: 'Log out this session', response: { 200: okSchema } },
    }, async (request, reply) => {
      await ctx.sessions.revoke(memberOf(request).sessionId);
      clearSessionCookie(reply, 'member');
      return { ok: true as const };
    });

    app.post('/api/v1/auth/logout-all', {
      config: { auth: 'member' },
      schema: { tags, summary: 'Log out every session of this account', response: { 200: okSchema } },
    }, async (request, reply) => {
      const m = memberOf(request);
      const n = await ctx.sessions.revokeAll('member', m.accountId);
      await ctx.audit.record({ actor: { type: 'member', id: m.accountId }, action: 'member.logout_all', objectType: 'account', objectId: m.accountId, outcome: 'success', details: { sessionsRevoked: n }, meta: metaOf(request) });
      clearSessionCookie(reply, 'member');
      return { ok: true as const };
    });

    app.get('/api/v1/me', {
      config: { auth: 'member' },
      schema: { tags: ['me'], summary: 'The logged-in member', response: { 200: meSchema } },
    }, async (request) => me(memberOf(request).accountId));
  };
}
