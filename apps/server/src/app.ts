/**
 * Builds the Fastify app: plumbing, security, the OpenAPI document, every module's routes and the
 * two web apps. No listen here: main.ts listens, tests use app.inject.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import helmet from 'helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { registerAuthGuards } from './platform/auth.js';
import { genRequestId, registerHttpPlumbing, type Fallback } from './platform/http.js';
import { adminsRoutes } from './modules/admins/admins.routes.js';
import { loadAdminActor } from './modules/admins/admins.service.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { cadresRoutes } from './modules/cadres/cadres.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { accountStatus } from './modules/auth/auth.service.js';
import { statsRoutes } from './modules/stats/stats.routes.js';
import { APP_VERSION, healthRoutes } from './modules/health/health.routes.js';
import { activitiesRoutes } from './modules/activities/activities.routes.js';
import { cardsRoutes } from './modules/cards/cards.routes.js';
import { privacyRoutes } from './modules/privacy/privacy.routes.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { joiningRoutes } from './modules/joining/joining.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { membersRoutes } from './modules/members/members.routes.js';
import { orgsRoutes } from './modules/orgs/orgs.routes.js';
import { orgsImporter } from './modules/orgs/orgs.sheet.js';
import { membersImporter } from './modules/members/members.sheet.js';
import { cadresImporter } from './modules/cadres/cadres.sheet.js';
import { IMPORT_JOB_KIND, importJobHandler } from './modules/sheets/sheet-import.js';
import { sheetsRoutes } from './modules/sheets/sheets.routes.js';
import fastifyMultipart from '@fastify/multipart';
import { MAX_UPLOAD_BYTES } from './modules/sheets/sheets.service.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const APP_DIST = {
  member: path.join(REPO_ROOT, 'apps/member/dist'),
  admin: path.join(REPO_ROOT, 'apps/admin/dist'),
};

export async function buildApp(ctx: AppContext, opts: { serveApps?: boolean } = {}) {
  const app = Fastify({
    loggerInstance: ctx.log,
    genReqId: genRequestId,
    bodyLimit: ctx.config.BODY_LIMIT_BYTES,
    trustProxy: ctx.config.TRUST_PROXY,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  // Security headers: helmet's middleware is built once (the fastify plugin rebuilds it, CSP parsing
  // included, on every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });

  const serveApps = opts.serveApps ?? ctx.config.SERVE_APPS;
  const fallback: Fallback | undefined = serveApps
    ? (request, reply) => {
        const admin = request.url === '/admin' || request.url.startsWith('/admin/');
        const root = admin ? APP_DIST.admin : APP_DIST.member;
        if (!existsSync(path.join(root, 'index.html'))) {
          return reply.status(503).type('text/plain; charset=utf-8').send('The web apps are not built yet: run `npm run build` (npm start does it for you).');
        }
        // Not reply.sendFile: that exists only when the member app's static files are registered.
        return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(createReadStream(path.join(root, 'index.html')));
      }
    : undefined;
  registerHttpPlumbing(app, { cookieSecure: ctx.config.COOKIE_SECURE, fallback });
  registerAuthGuards(app, {
    sessions: ctx.sessions,
    loadAdmin: (id) => loadAdminActor(ctx, id),
    loadAccountStatus: (id) => accountStatus(ctx, id),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gonghui (工惠) API',
        version: APP_VERSION,
        description:
          'The API of the union member real-name service platform. Members authenticate with the `gh_session` cookie (web) or `Authorization: Bearer <token>` (mini-program and other channels). Cookie-authenticated writes must echo the `gh_csrf` cookie in the `x-csrf-token` header. Errors share one shape: `{ error: { code, message, messages, issues?, requestId } }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  // multipart first: routes registered before it would not parse uploads
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(orgsRoutes(ctx));
  await app.register(adminsRoutes(ctx));
  await app.register(membersRoutes(ctx));
  await app.register(cadresRoutes(ctx));
  await app.register(joiningRoutes(ctx));
  await app.register(notificationsRoutes(ctx));
  await app.register(cardsRoutes(ctx));
  await app.register(privacyRoutes(ctx));
  await app.register(activitiesRoutes(ctx));
  const importers = { orgs: orgsImporter, members: membersImporter(ctx.cipher), cadres: cadresImporter(ctx.cipher) };
  ctx.jobs.register(IMPORT_JOB_KIND, importJobHandler(ctx, importers));
  await app.register(sheetsRoutes(ctx, importers));
  await app.register(identityRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(statsRoutes(ctx));

  if (serveApps) {
    // Hashed bundles are immutable; the shell, manifest and service worker are revalidated.
    const setHeaders = (reply: FastifyReply, file: string) => {
      if (/[\\/]assets[\\/]/.test(file)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else reply.header('cache-control', 'no-cache');
      if (file.endsWith('.webmanifest')) reply.header('content-type', 'application/manifest+json');
    };
    // The apps' entry pages: directory URLs are not files, so name them.
    for (const url of ['/', '/admin', '/admin/']) app.get(url, { config: { auth: 'public' }, schema: { hide: true } }, (request, reply) => fallback!(request, reply));
    if (existsSync(APP_DIST.admin)) {
      await app.register(fastifyStatic, { root: APP_DIST.admin, prefix: '/admin/', decorateReply: false, index: false, wildcard: true, serveDotFiles: false, setHeaders });
    }
    if (existsSync(APP_DIST.member)) {
      await app.register(fastifyStatic, { root: APP_DIST.member, prefix: '/', index: false, wildcard: true, serveDotFiles: false, setHeaders });
    }
  }
  return app;
}
