/**
 * The member app's only way to the server: same-origin JSON over fetch, with the CSRF header on
 * every write, Accept-Language from the UI language and the shared error shape turned into ApiError.
 */
import {
  errorBodySchema,
  formatErrorMessage,
  grabWaitingSchema,
  type Activity,
  type Consent,
  type ConsentKind,
  type ErrorCode,
  type FieldIssue,
  type GrabWaiting,
  type JoinRequest,
  type LotteryEntry,
  type Me,
  type MemberCard,
  type MyData,
  type NotificationPage,
  type OwnIdentityReview,
  type OwnMembership,
  type Page,
  type PhotoSide,
  type PowChallenge,
  type PublicDraw,
  type PublicOrg,
  type ReclaimCreated,
  type SessionResponse,
  type SMS_PURPOSES,
  type Ticket,
  type VerificationState,
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
  /**
   * The code exactly as the server sent it. Usually equal to `code`; a code this build's contracts
   * do not list yet (a newer server) is kept here while `code` falls back to one for the status.
   */
  readonly serverCode: string;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    issues?: FieldIssue[];
    requestId?: string | null;
    retryAfter?: number | null;
    serverCode?: string;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.issues = init.issues ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
    this.serverCode = init.serverCode ?? init.code;
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
  /** Extra request headers (e.g. `x-reclaim-token`). */
  headers?: Record<string, string>;
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

/** The shared error body (or, failing that, the status) as an ApiError; used by fetch and XHR alike. */
function errorFrom(status: number, header: (name: string) => string | null, payload: unknown): ApiError {
  const retryAfter = parseRetryAfter(header('retry-after'));
  const parsed = errorBodySchema.safeParse(payload);
  if (parsed.success) {
    const { code, message, messages, issues, requestId } = parsed.data.error;
    return new ApiError({
      status,
      code,
      message: message || messages[currentLang()],
      issues,
      requestId,
      retryAfter,
    });
  }
  const code = fallbackCode(status);
  const unknown = unknownCodeError(payload);
  if (unknown) {
    return new ApiError({ status, code, message: unknown.message, requestId: unknown.requestId ?? header('x-request-id'), retryAfter, serverCode: unknown.code });
  }
  const params: Record<string, string | number> = retryAfter === null ? {} : { retryAfter };
  return new ApiError({
    status,
    code,
    message: formatErrorMessage(code, currentLang(), params),
    requestId: header('x-request-id'),
    retryAfter,
  });
}

/** The error shape with a code the contracts do not list (yet): keep the server's code and message. */
function unknownCodeError(payload: unknown): { code: string; message: string; requestId: string | null } | null {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return null;
  const error: unknown = payload.error;
  if (typeof error !== 'object' || error === null || !('code' in error) || !('message' in error)) return null;
  const { code, message } = error;
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]{1,63}$/.test(code) || typeof message !== 'string' || !message) return null;
  const requestId = 'requestId' in error && typeof error.requestId === 'string' ? error.requestId : null;
  return { code, message, requestId };
}

function toApiError(response: Response, payload: unknown): ApiError {
  return errorFrom(response.status, (name) => response.headers.get(name), payload);
}

function notifySessionLost(error: ApiError): void {
  for (const listener of sessionListeners) listener(error);
}

async function send(method: Method, url: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLang(),
    ...options.headers,
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

/** An answer with its status, for the few endpoints whose 2xx codes mean different things (grab: 201 or 202). */
export interface Answer<T> {
  status: number;
  data: T;
}

export async function requestWithStatus<T>(method: Method, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
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
    if (error.isSessionError && options.notifySessionLost !== false) notifySessionLost(error);
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
  return { status: response.status, data: payload as T };
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  return (await requestWithStatus<T>(method, path, options)).data;
}

export type SmsPurpose = (typeof SMS_PURPOSES)[number];

export interface UploadOptions {
  headers?: Record<string, string>;
  /** Called with 0–100 while the file is sent. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  notifySessionLost?: boolean;
}

/**
 * A multipart upload of one file (form field `file`) through XMLHttpRequest, because fetch cannot
 * report upload progress. Same headers, CSRF and error handling as `request`.
 */
export async function uploadFile<T>(path: string, file: File, options: UploadOptions = {}): Promise<T> {
  await ensureCsrfCookie();
  const form = new FormData();
  form.append('file', file, file.name);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLang());
    const token = readCookie(CSRF_COOKIE);
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && options.onProgress) options.onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    xhr.onload = () => {
      options.signal?.removeEventListener('abort', onAbort);
      let payload: unknown;
      try {
        payload = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(100);
        resolve(payload as T);
        return;
      }
      const error = errorFrom(xhr.status, (name) => xhr.getResponseHeader(name), payload);
      if (error.isSessionError && options.notifySessionLost !== false) notifySessionLost(error);
      reject(error);
    };
    xhr.onerror = () => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: translate(currentLang(), 'error.network') }));
    };
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    xhr.send(form);
  });
}

/** Downloads a GET endpoint as a file (the browser's own save dialog), keeping the server's file name. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json, application/octet-stream', 'Accept-Language': currentLang() },
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: translate(currentLang(), 'error.network') });
  }
  if (!response.ok) {
    const error = toApiError(response, await readJson(response));
    if (error.isSessionError) notifySessionLost(error);
    throw error;
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  let name = fallbackName;
  try {
    if (star?.[1]) name = decodeURIComponent(star[1]);
    else if (plain?.[1]) name = plain[1];
  } catch {
    name = fallbackName;
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Query of the public union search: by name, by the employer's credit code, or a region's children. */
export interface OrgSearchQuery {
  q?: string;
  creditCode?: string;
  parentId?: string;
  page: number;
  pageSize: number;
}

export interface UploadProgress {
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

const RECLAIM_TOKEN_HEADER = 'x-reclaim-token';

export interface SmsCodeResult {
  sent: true;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** GET /api/v1/activities/{id}/draw: what anyone needs to recompute a lottery (docs/LOTTERY.md). */
export type { PublicDraw };

const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The body of a grab: the session and, when the activity asks for it, the solved proof of work. */
export interface GrabInput {
  sessionId: string;
  pow?: { challenge: string; nonce: string };
}

/**
 * What a grab answered: 201 a ticket, or 202 "you are in the waiting room, ask again with the same
 * Idempotency-Key after `retryAfterMs`". Told apart by the status (and, defensively, by the body:
 * a ticket's status is never 'waiting').
 */
export type GrabAnswer = { kind: 'ticket'; ticket: Ticket } | { kind: 'waiting'; waiting: GrabWaiting };

export function grabAnswerFrom(answer: Answer<unknown>, requestId: string | null = null): GrabAnswer {
  const waiting = grabWaitingSchema.safeParse(answer.data);
  if (answer.status === 202 || waiting.success) {
    if (!waiting.success) {
      throw new ApiError({ status: answer.status, code: 'BAD_RESPONSE', message: translate(currentLang(), 'error.unknown'), requestId });
    }
    return { kind: 'waiting', waiting: waiting.data };
  }
  return { kind: 'ticket', ticket: answer.data as Ticket };
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
  searchOrgs: (query: OrgSearchQuery, signal?: AbortSignal) =>
    request<Page<PublicOrg>>('GET', '/api/v1/orgs', { query: { ...query }, signal }),
  org: (id: string, signal?: AbortSignal) => request<PublicOrg>('GET', `/api/v1/orgs/${encodeURIComponent(id)}`, { signal }),

  // Real-name verification and identity corrections (a review; manual ones need the ID photos).
  verification: (signal?: AbortSignal) => request<VerificationState>('GET', '/api/v1/me/verification', { signal }),
  verify: (input: { name: string; idNumber: string }) =>
    request<VerificationState>('POST', '/api/v1/me/verification', { body: input }),
  uploadReviewPhoto: (reviewId: string, side: PhotoSide, file: File, options: UploadProgress = {}) =>
    uploadFile<OwnIdentityReview>(`/api/v1/me/identity-reviews/${encodeURIComponent(reviewId)}/photos/${side}`, file, options),
  withdrawReview: (reviewId: string) =>
    request<OwnIdentityReview>('POST', `/api/v1/me/identity-reviews/${encodeURIComponent(reviewId)}/withdraw`),
  requestCorrection: (input: { name: string; idNumber: string; note?: string }) =>
    request<OwnIdentityReview>('POST', '/api/v1/me/identity-corrections', { body: input }),

  // Account reclaim: no session; the reclaim token authorises the photos and the status.
  createReclaim: (input: { phone: string; code: string; name: string; idNumber: string; password: string }) =>
    request<ReclaimCreated>('POST', '/api/v1/auth/reclaims', { body: input, notifySessionLost: false }),
  reclaim: (id: string, token: string, signal?: AbortSignal) =>
    request<OwnIdentityReview>('GET', `/api/v1/auth/reclaims/${encodeURIComponent(id)}`, {
      signal,
      headers: { [RECLAIM_TOKEN_HEADER]: token },
      notifySessionLost: false,
    }),
  uploadReclaimPhoto: (id: string, token: string, side: PhotoSide, file: File, options: UploadProgress = {}) =>
    uploadFile<OwnIdentityReview>(`/api/v1/auth/reclaims/${encodeURIComponent(id)}/photos/${side}`, file, {
      ...options,
      headers: { [RECLAIM_TOKEN_HEADER]: token },
      notifySessionLost: false,
    }),

  // Membership: joining, transfer, join from held, the card.
  membership: (signal?: AbortSignal) => request<OwnMembership>('GET', '/api/v1/me/membership', { signal }),
  joinRequests: (query: { page: number; pageSize: number }, signal?: AbortSignal) =>
    request<Page<JoinRequest>>('GET', '/api/v1/me/join-requests', { query: { ...query }, signal }),
  applyToJoin: (input: { orgId: string; note?: string }) =>
    request<JoinRequest>('POST', '/api/v1/me/join-requests', { body: input }),
  withdrawJoinRequest: (id: string) =>
    request<JoinRequest>('POST', `/api/v1/me/join-requests/${encodeURIComponent(id)}/withdraw`),
  card: (signal?: AbortSignal) => request<MemberCard>('GET', '/api/v1/me/card', { signal }),

  // Messages.
  notifications: (query: { page: number; pageSize: number; unread?: 'true' }, signal?: AbortSignal) =>
    request<NotificationPage>('GET', '/api/v1/me/notifications', { query: { ...query }, signal }),
  markRead: (ids?: string[]) => request<{ marked: number }>('POST', '/api/v1/me/notifications/read', { body: ids ? { ids } : {} }),

  // Personal-information rights (PIPL).
  myData: (signal?: AbortSignal) => request<MyData>('GET', '/api/v1/me/data', { signal }),
  exportMyData: () => downloadFile('/api/v1/me/data/export', `gonghui-my-data-${new Date().toISOString().slice(0, 10)}.json`),
  updateProfile: (input: { employer?: string | null; industry?: string | null; education?: string | null; hometown?: string | null }) =>
    request<{ ok: true }>('PATCH', '/api/v1/me/profile', { body: input }),
  consents: (signal?: AbortSignal) => request<{ items: Consent[] }>('GET', '/api/v1/me/consents', { signal }),
  grantConsent: (kind: ConsentKind) => request<{ items: Consent[] }>('POST', `/api/v1/me/consents/${kind}`),
  withdrawConsent: (kind: ConsentKind) => request<{ items: Consent[] }>('POST', `/api/v1/me/consents/${kind}/withdraw`),
  closeAccount: (input: { code: string; confirm: string }) =>
    request<{ ok: true }>('POST', '/api/v1/me/close-account', { body: input, notifySessionLost: false }),

  // Activities (活动 / 抢票), tickets and lotteries (docs/ACTIVITIES.md).
  activities: (query: { page: number; pageSize: number }, signal?: AbortSignal) =>
    request<Page<Activity>>('GET', '/api/v1/activities', { query: { ...query }, signal }),
  activity: (id: string, signal?: AbortSignal) => request<Activity>('GET', `/api/v1/activities/${encodeURIComponent(id)}`, { signal }),
  /** A proof-of-work challenge for the next grab (activities with `powDifficulty` > 0). */
  challenge: (id: string, signal?: AbortSignal) => request<PowChallenge>('GET', `/api/v1/activities/${encodeURIComponent(id)}/challenge`, { signal }),
  /**
   * Use through `grabWithRetries` (grab.ts): the key must stay the same for retries of one attempt,
   * waiting-room retries included. 201 → a ticket; 202 → waiting (see GrabAnswer).
   */
  grab: async (id: string, input: GrabInput, idempotencyKey: string, signal?: AbortSignal): Promise<GrabAnswer> =>
    grabAnswerFrom(
      await requestWithStatus<unknown>('POST', `/api/v1/activities/${encodeURIComponent(id)}/grab`, { body: input, signal, headers: { [IDEMPOTENCY_HEADER]: idempotencyKey } }),
    ),
  /** A lottery registration during the window, or a place on a sold-out session's waiting list. */
  enter: (id: string, input: { sessionId: string }) =>
    request<LotteryEntry>('POST', `/api/v1/activities/${encodeURIComponent(id)}/entries`, { body: input }),
  myEntries: (query: { page: number; pageSize: number }, signal?: AbortSignal) =>
    request<Page<LotteryEntry>>('GET', '/api/v1/me/entries', { query: { ...query }, signal }),
  /** A won place becomes a ticket (201). */
  confirmEntry: (id: string) => request<Ticket>('POST', `/api/v1/me/entries/${encodeURIComponent(id)}/confirm`),
  declineEntry: (id: string) => request<LotteryEntry>('POST', `/api/v1/me/entries/${encodeURIComponent(id)}/decline`),
  /** Leaves a lottery before the close, or a waiting list. */
  withdrawEntry: (id: string) => request<LotteryEntry>('POST', `/api/v1/me/entries/${encodeURIComponent(id)}/withdraw`),
  tickets: (query: { page: number; pageSize: number }, signal?: AbortSignal) =>
    request<Page<Ticket>>('GET', '/api/v1/me/tickets', { query: { ...query }, signal }),
  cancelTicket: (id: string) => request<Ticket>('POST', `/api/v1/me/tickets/${encodeURIComponent(id)}/cancel`),
  /** Public: no session needed. */
  draw: (activityId: string, signal?: AbortSignal) =>
    request<PublicDraw>('GET', `/api/v1/activities/${encodeURIComponent(activityId)}/draw`, { signal, notifySessionLost: false }),
};
