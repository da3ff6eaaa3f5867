/**
 * HTTP plumbing shared by every route: request ids, language, CSRF for cookie sessions, the one
 * error shape, and the 404 answer. Nothing here knows about any domain.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { formatErrorMessage, type ErrorBody, type ErrorCode, type FieldIssue, type Lang } from '@gonghui/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';
import type { RequestMeta } from './audit.js';

export const COOKIE = { member: 'gh_session', admin: 'gh_admin_session', csrf: 'gh_csrf', lang: 'gh_lang' } as const;
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function langOf(request: FastifyRequest): Lang {
  const cookie = request.cookies?.[COOKIE.lang];
  if (cookie === 'en' || cookie === 'zh-CN') return cookie;
  const accept = request.headers['accept-language'];
  return typeof accept === 'string' && /^\s*en\b/i.test(accept) ? 'en' : 'zh-CN';
}

export function metaOf(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

export function errorBody(request: FastifyRequest, code: ErrorCode, params: Record<string, string | number> = {}, issues?: FieldIssue[]): ErrorBody {
  const messages = { 'zh-CN': formatErrorMessage(code, 'zh-CN', params), en: formatErrorMessage(code, 'en', params) };
  return {
    error: { code, message: messages[langOf(request)], messages, ...(issues?.length ? { issues } : {}), requestId: String(request.id) },
  };
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, params?: Record<string, string | number>, issues?: FieldIssue[]) {
  return reply.status(status).type('application/json; charset=utf-8').send(errorBody(request, code, params, issues));
}

/** Incoming x-request-id is kept when it looks sane, so a trace can cross a proxy. */
export function genRequestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w.:-]{8,80}$/.test(incoming) ? incoming : randomUUID();
}

export type Fallback = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;

export function registerHttpPlumbing(app: FastifyInstance, opts: { cookieSecure: boolean; fallback?: Fallback | undefined }): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const csrf = request.cookies[COOKIE.csrf];
    // Double-submit CSRF token: a browser that carries our cookies must echo the readable token in
    // a header, which a page of another origin cannot do. Bearer clients carry no ambient authority.
    const ambient = Boolean(csrf || request.cookies[COOKIE.member] || request.cookies[COOKIE.admin]);
    if (ambient && UNSAFE.has(request.method) && !request.headers.authorization && request.url.startsWith('/api/')) {
      const sent = request.headers[CSRF_HEADER];
      if (!csrf || typeof sent !== 'string' || sent !== csrf) throw new AppError('CSRF_TOKEN_INVALID');
    }
    // Bearer clients (mini-program, channels, load) carry no cookies and need no token.
    if (!csrf && !request.headers.authorization) {
      const token = randomBytes(18).toString('base64url');
      reply.setCookie(COOKIE.csrf, token, { path: '/', sameSite: 'strict', secure: opts.cookieSecure, httpOnly: false });
    }
  });

  app.setNotFoundHandler((request, reply) => {
    // Page routes of the single-page apps fall back to their index.html; the API answers 404.
    if (opts.fallback && request.method === 'GET' && !request.url.startsWith('/api/')) return opts.fallback(request, reply);
    return sendError(request, reply, 404, 'NOT_FOUND');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      if (error.status >= 500) request.log.error({ err: error.cause ?? error, code: error.code }, 'request failed');
      return sendError(request, reply, error.status, error.code, error.params, error.issues);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => {
        const where = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const context = error.validationContext && error.validationContext !== 'body' ? `${error.validationContext}.` : '';
        return { path: `${context}${where}` || String(error.validationContext ?? ''), message: v.message ?? 'invalid' };
      });
      return sendError(request, reply, 400, 'VALIDATION_FAILED', {}, issues);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
      return sendError(request, reply, 500, 'INTERNAL');
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(request, reply, 400, 'MALFORMED_JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(request, reply, 413, 'PAYLOAD_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(request, reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    if (error instanceof SyntaxError && error.statusCode === 400) return sendError(request, reply, 400, 'MALFORMED_JSON');
    const status = error.statusCode ?? 500;
    if (status === 404) return sendError(request, reply, 404, 'NOT_FOUND');
    if (status === 405) return sendError(request, reply, 405, 'METHOD_NOT_ALLOWED');
    if (status === 429) return sendError(request, reply, 429, 'RATE_LIMITED', { retryAfter: 60 });
    if (status >= 400 && status < 500) return sendError(request, reply, 400, 'VALIDATION_FAILED');
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 500, 'INTERNAL');
  });
}

export function setSessionCookie(reply: FastifyReply, kind: 'member' | 'admin', token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(COOKIE[kind], token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}
export function clearSessionCookie(reply: FastifyReply, kind: 'member' | 'admin'): void {
  reply.clearCookie(COOKIE[kind], { path: '/' });
}
