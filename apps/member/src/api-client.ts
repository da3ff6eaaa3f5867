/**
 * The member app's only way to the server: same-origin JSON over fetch, with the CSRF header on
 * every write, Accept-Language from the UI language and the shared error shape turned into ApiError.
 */
import {
  errorBodySchema,
  formatErrorMessage,
  type ErrorCode,
  type FieldIssue,
  type Me,
  type Page,
  type PublicOrg,
  type SessionResponse,
} from '@gonghui/contracts';
import { currentLang, readCookie, translate } from './i18n';

const CSRF_COOKIE = 'gh_csrf';
const CSRF_HEADER = 'x-csrf-token';

export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly issues: FieldIssue[];
  readonly requestId: string | null;
  /** Seconds from a Retry-After header (429), if any. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    issues?: FieldIssue[];
    requestId?: string | null;
    retryAfter?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.issues = init.issues ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
  }

  /** The session is missing or over: the app should go to /login. */
  get isSessionError(): boolean {
    return this.code === 'UNAUTHENTICATED' || this.code === 'SESSION_EXPIRED';
  }
}

/** A readable message for anything thrown by an API call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return translate(currentLang(), 'error.unknown');
}

type SessionListener = (error: ApiError) => void;
const sessionListeners = new Set<SessionListener>();

/** Called whenever an authenticated call answers 401 UNAUTHENTICATED / SESSION_EXPIRED. */
export function onSessionLost(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => {
    sessionListeners.delete(listener);
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** Whether a 401 session error should tell the session listeners (false for login/`me` probes). */
  notifySessionLost?: boolean;
}

let csrfPriming: Promise<void> | null = null;

/** Any GET makes the server set the gh_csrf cookie; /api/health is the cheapest. */
function ensureCsrfCookie(): Promise<void> {
  if (readCookie(CSRF_COOKIE)) return Promise.resolve();
  csrfPriming ??= fetch('/api/health', {
    method: 'GET',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': currentLang() },
  })
    .then(() => undefined)
    .catch(() => undefined)
    .finally(() => {
      csrfPriming = null;
    });
  return csrfPriming;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function fallbackCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  return 'INTERNAL';
}

function toApiError(response: Response, payload: unknown): ApiError {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const parsed = errorBodySchema.safeParse(payload);
  if (parsed.success) {
    const { code, message, messages, issues, requestId } = parsed.data.error;
    return new ApiError({
      status: response.status,
      code,
      message: message || messages[currentLang()],
      issues,
      requestId,
      retryAfter,
    });
  }
  const code = fallbackCode(response.status);
  const params: Record<string, string | number> = retryAfter === null ? {} : { retryAfter };
  return new ApiError({
    status: response.status,
    code,
    message: formatErrorMessage(code, currentLang(), params),
    requestId: response.headers.get('x-request-id'),
    retryAfter,
  });
}

async function send(method: Method, url: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLang(),
  };
  let body: string | undefined;
  if (method !== 'GET') {
    await ensureCsrfCookie();
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body ?? {});
  }
  try {
    return await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: translate(currentLang(), 'error.network') });
  }
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const url = buildUrl(path, options.query);
  let response = await send(method, url, options);
  let payload = await readJson(response);

  if (!response.ok && method !== 'GET') {
    const first = errorBodySchema.safeParse(payload);
    if (first.success && first.data.error.code === 'CSRF_TOKEN_INVALID') {
      // The token cookie may have been rotated or lost: fetch a fresh one and try once more.
      csrfPriming = null;
      await fetch('/api/health', { credentials: 'same-origin', cache: 'no-store' }).catch(() => undefined);
      response = await send(method, url, options);
      payload = await readJson(response);
    }
  }

  if (!response.ok) {
    const error = toApiError(response, payload);
    if (error.isSessionError && options.notifySessionLost !== false) {
      for (const listener of sessionListeners) listener(error);
    }
    throw error;
  }
  if (payload === undefined && response.status !== 204) {
    throw new ApiError({
      status: response.status,
      code: 'BAD_RESPONSE',
      message: translate(currentLang(), 'error.unknown'),
      requestId: response.headers.get('x-request-id'),
    });
  }
  return payload as T;
}

export type SmsPurpose = 'register' | 'login' | 'reset_password';

export interface SmsCodeResult {
  sent: true;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
}

export const api = {
  health: (signal?: AbortSignal) => request<Health>('GET', '/api/health', { signal }),
  me: (signal?: AbortSignal) => request<Me>('GET', '/api/v1/me', { signal, notifySessionLost: false }),
  sendSmsCode: (phone: string, purpose: SmsPurpose) =>
    request<SmsCodeResult>('POST', '/api/v1/auth/sms-codes', { body: { phone, purpose } }),
  register: (input: { phone: string; code: string; password: string }) =>
    request<SessionResponse>('POST', '/api/v1/auth/register', { body: input }),
  login: (input: { phone: string; password: string }) =>
    request<SessionResponse>('POST', '/api/v1/auth/login', { body: input, notifySessionLost: false }),
  smsLogin: (input: { phone: string; code: string }) =>
    request<SessionResponse>('POST', '/api/v1/auth/sms-login', { body: input, notifySessionLost: false }),
  resetPassword: (input: { phone: string; code: string; password: string }) =>
    request<{ ok: true }>('POST', '/api/v1/auth/password-reset', { body: input }),
  logout: () => request<{ ok: true }>('POST', '/api/v1/auth/logout', { notifySessionLost: false }),
  logoutAll: () => request<{ ok: true }>('POST', '/api/v1/auth/logout-all', { notifySessionLost: false }),
  searchOrgs: (query: { q: string; page: number; pageSize: number }, signal?: AbortSignal) =>
    request<Page<PublicOrg>>('GET', '/api/v1/orgs', { query, signal }),
};
