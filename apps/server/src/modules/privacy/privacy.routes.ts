import { closeAccountRequestSchema, consentKindParamSchema, consentListSchema, myDataSchema, okSchema, profileUpdateSchema } from '@gonghui/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { memberOf } from '../../platform/auth.js';
import { clearSessionCookie, metaOf } from '../../platform/http.js';
import * as privacy from './privacy.service.js';

export function privacyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const tags = ['me: personal data'];
  return async (app) => {
    app.get('/api/v1/me/data', {
      config: { auth: 'member' },
      schema: { tags, summary: 'Everything the platform holds about me, unmasked (audited)', response: { 200: myDataSchema } },
    }, async (request) => privacy.myData(ctx, { ...memberOf(request), meta: metaOf(request), exporting: false }));

    app.get('/api/v1/me/data/export', {
      config: { auth: 'member' },
      schema: { tags, summary: 'The same as a downloaded JSON file (audited)' },
    }, async (request, reply) => {
      const data = await privacy.myData(ctx, { ...memberOf(request), meta: metaOf(request), exporting: true });
      const name = `gonghui-my-data-${data.exportedAt.slice(0, 10)}.json`;
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    });

    app.patch('/api/v1/me/profile', {
      config: { auth: 'member' },
      schema: { tags, summary: 'Correct my employer, industry, education or hometown (name and ID number: /me/identity-corrections)', body: profileUpdateSchema, response: { 200: okSchema } },
    }, async (request) => {
      await privacy.updateProfile(ctx, { accountId: memberOf(request).accountId, input: request.body, meta: metaOf(request) });
      return { ok: true as const };
    });

    app.get('/api/v1/me/consents', {
      config: { auth: 'member' },
      schema: { tags, summary: 'My consents: version agreed to, when, and the full history', response: { 200: consentListSchema } },
    }, async (request) => ({ items: await privacy.listConsents(ctx, memberOf(request).accountId) }));

    app.post('/api/v1/me/consents/:kind', {
      config: { auth: 'member' },
      schema: { tags, summary: 'Agree to the current version of a text', params: consentKindParamSchema, response: { 200: consentListSchema } },
    }, async (request) => ({ items: await privacy.setConsent(ctx, { accountId: memberOf(request).accountId, kind: request.params.kind, grant: true, meta: metaOf(request) }) }));

    app.post('/api/v1/me/consents/:kind/withdraw', {
      config: { auth: 'member' },
      schema: { tags, summary: 'Withdraw a consent (required ones: 409 CONSENT_REQUIRED; close the account instead)', params: consentKindParamSchema, response: { 200: consentListSchema } },
    }, async (request) => ({ items: await privacy.setConsent(ctx, { accountId: memberOf(request).accountId, kind: request.params.kind, grant: false, meta: metaOf(request) }) }));

    app.post('/api/v1/me/close-account', {
      config: { auth: 'member' },
      schema: { tags, summary: 'Close my account (SMS code, purpose close_account): login data removed, membership history kept', body: closeAccountRequestSchema, response: { 200: okSchema } },
    }, async (request, reply) => {
      await privacy.closeAccount(ctx, { accountId: memberOf(request).accountId, code: request.body.code, meta: metaOf(request) });
      clearSessionCookie(reply, 'member');
      return { ok: true as const };
    });
  };
}
