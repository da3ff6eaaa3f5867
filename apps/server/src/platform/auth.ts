/**
 * Authentication guards. Every route declares who may call it in `config.auth`: 'public', 'member'
 * or 'admin'; admin routes also name the permission they need. Registration fails for a route under
 * /api/v1/admin that declares neither, so no admin endpoint can skip the scope mechanism.
 */
import type { Permission } from '@gonghui/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { COOKIE } from './http.js';
import type { AdminActor } from './scope.js';
import type { SessionStore, SubjectType } from './sessions.js';

export interface MemberPrincipal {
  accountId: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: 'public' | 'member' | 'admin';
    /** Required on admin routes: the permission checked before the handler runs. */
    permission?: Permission | 'any';
  }
  interface FastifyRequest {
    admin: AdminActor | null;
    member: MemberPrincipal | null;
  }
  interface FastifyInstance {
    /** Every route with who may call it: read by the permission-matrix test and the docs. */
    routeTable: RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  auth: 'public' | 'member' | 'admin' | 'none';
  permission: Permission | 'any' | null;
}

export type AdminLoadResult = { kind: 'ok'; actor: Omit<AdminActor, 'sessionId'> } | { kind: 'disabled' } | { kind: 'missing' };
export type AccountLoadResult = 'active' | 'disabled' | 'missing';

export interface GuardDeps {
  sessions: SessionStore;
  loadAdmin(adminId: string): Promise<AdminLoadResult>;
  loadAccountStatus(accountId: string): Promise<AccountLoadResult>;
}

export function tokenOf(request: FastifyRequest, kind: SubjectType): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return request.cookies[kind === 'admin' ? COOKIE.admin : COOKIE.member] ?? null;
}

export function adminOf(request: FastifyRequest): AdminActor {
  if (!request.admin) throw new AppError('UNAUTHENTICATED');
  return request.admin;
}
export function memberOf(request: FastifyRequest): MemberPrincipal {
  if (!request.member) throw new AppError('UNAUTHENTICATED');
  return request.member;
}

export function registerAuthGuards(app: FastifyInstance, deps: GuardDeps): void {
  app.decorateRequest('admin', null);
  app.decorateRequest('member', null);
  const table: RouteAccess[] = [];
  app.decorate('routeTable', table);

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { auth?: string; permission?: string };
    if (route.url.startsWith('/api/v1/admin') && config.auth !== 'public' && !config.permission) {
      throw new Error(`Admin route ${String(route.method)} ${route.url} declares no permission: every admin endpoint must pass the scope guard`);
    }
    if (route.url.startsWith('/api/v1/admin') && config.auth === undefined) config.auth = 'admin';
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      table.push({ method, url: route.url, auth: (config.auth as RouteAccess['auth'] | undefined) ?? 'none', permission: (config.permission as RouteAccess['permission'] | undefined) ?? null });
    }
  });

  app.addHook('preHandler', async (request) => {
    const config = request.routeOptions.config;
    if (config.auth === 'admin') {
      const token = tokenOf(request, 'admin');
      if (!token) throw new AppError('UNAUTHENTICATED');
      const resolved = await deps.sessions.resolve(token, 'admin');
      if (!resolved.ok) throw new AppError(resolved.reason === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
      const loaded = await deps.loadAdmin(resolved.session.subjectId);
      if (loaded.kind !== 'ok') {
        await deps.sessions.revokeAll('admin', resolved.session.subjectId);
        throw new AppError(loaded.kind === 'disabled' ? 'ACCOUNT_DISABLED' : 'UNAUTHENTICATED');
      }
      request.admin = { ...loaded.actor, sessionId: resolved.session.id };
      if (config.permission && config.permission !== 'any' && !request.admin.permissions.has(config.permission)) {
        throw new AppError('FORBIDDEN');
      }
    } else if (config.auth === 'member') {
      const token = tokenOf(request, 'member');
      if (!token) throw new AppError('UNAUTHENTICATED');
      const resolved = await deps.sessions.resolve(token, 'member');
      if (!resolved.ok) throw new AppError(resolved.reason === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
      const status = await deps.loadAccountStatus(resolved.session.subjectId);
      if (status !== 'active') {
        await deps.sessions.revokeAll('member', resolved.session.subjectId);
        throw new AppError(status === 'disabled' ? 'ACCOUNT_DISABLED' : 'UNAUTHENTICATED');
      }
      request.member = { accountId: resolved.session.subjectId, sessionId: resolved.session.id };
    }
  });
}
