/**
 * The one way the console talks to the server: same-origin JSON over fetch, with the session
 * cookie, the double-submit CSRF token, `Accept-Language`, the shared error shape and response
 * validation against the contract schemas.
 */
import {
  activityInputSchema,
  activityLiveSchema,
  activityPageSchema,
  activitySchema,
  adminActivityQuerySchema,
  adminEntryPageSchema,
  adminEntryQuerySchema,
  adminEntrySchema,
  adminTicketPageSchema,
  adminTicketSchema,
  checkInRequestSchema,
  checkInResponseSchema,
  adminIdentityReviewPageSchema,
  adminIdentityReviewSchema,
  adminJoinRequestPageSchema,
  adminJoinRequestQuerySchema,
  joinRequestSchema,
  cardCheckRequestSchema,
  cardCheckResponseSchema,
  identityReviewQuerySchema,
  joinQrSchema,
  markReadRequestSchema,
  notificationPageSchema,
  notificationQuerySchema,
  reviewDecisionSchema,
  adminAccountSchema,
  adminCreateRequestSchema,
  cadreCreateRequestSchema,
  cadreQuerySchema,
  cadreSchema,
  cadreUpdateRequestSchema,
  jobSchema,
  memberCreateRequestSchema,
  memberDetailSchema,
  memberEndRequestSchema,
  memberHoldRequestSchema,
  memberUpdateRequestSchema,
  orgApplicationQuerySchema,
  orgApplicationRequestSchema,
  orgApplicationSchema,
  orgCreateRequestSchema,
  orgDecisionRequestSchema,
  orgHistoryEntrySchema,
  orgUpdateRequestSchema,
  adminLoginRequestSchema,
  adminLoginResponseSchema,
  adminMemberSchema,
  adminProfileSchema,
  adminUpdateRequestSchema,
  auditEntrySchema,
  dashboardSchema,
  errorBodySchema,
  okSchema,
  orgDetailSchema,
  orgNodeSchema,
  pageOf,
  revealResponseSchema,
  statsChildPageSchema,
  statsSchema,
  totpEnrolRequestSchema,
} from '@gonghui/contracts';
import type {
  Activity,
  ActivityLive,
  CheckInResponse,
  AdminIdentityReview,
  AdminJoinRequest,
  CardCheckResponse,
  JoinRequest,
  NotificationPage,
  PhotoSide,
  AdminAccount,
  AdminLoginResponse,
  AdminMember,
  AdminProfile,
  AuditEntry,
  Cadre,
  Dashboard,
  ErrorCode,
  FieldIssue,
  Job,
  Lang,
  MemberDetail,
  MemberSearchQuery,
  OrgApplication,
  OrgDetail,
  OrgHistoryEntry,
  OrgNode,
  Page,
  SheetKind,
  Stats,
  StatsChild,
  StatsGrain,
} from '@gonghui/contracts';
import { coverVersion } from './activity-state';
import { loadStoredLang, translate } from './i18n';

/** The part of a zod schema the client relies on; keeps this app free of a direct zod import. */
export interface ZodLikeIssue {
  code: string;
  message: string;
  path: PropertyKey[];
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
}
export interface SchemaLike<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ZodLikeIssue[] } };
}
/** Output type of a contract schema. */
export type Infer<S> = S extends SchemaLike<infer T> ? T : never;

export type AdminLoginRequest = Infer<typeof adminLoginRequestSchema>;
export type TotpEnrolRequest = Infer<typeof totpEnrolRequestSchema>;
export type AdminCreateRequest = Infer<typeof adminCreateRequestSchema>;
export type AdminUpdateRequest = Infer<typeof adminUpdateRequestSchema>;
export type AuditOutcome = AuditEntry['outcome'];
export type OrgCreateRequest = Infer<typeof orgCreateRequestSchema>;
export type OrgUpdateRequest = Infer<typeof orgUpdateRequestSchema>;
export type OrgApplicationRequestBody = Infer<typeof orgApplicationRequestSchema>;
export type OrgDecisionRequest = Infer<typeof orgDecisionRequestSchema>;
export type OrgApplicationQuery = Infer<typeof orgApplicationQuerySchema>;
export type MemberCreateRequest = Infer<typeof memberCreateRequestSchema>;
export type MemberUpdateRequest = Infer<typeof memberUpdateRequestSchema>;
export type MemberHoldRequest = Infer<typeof memberHoldRequestSchema>;
export type MemberEndRequest = Infer<typeof memberEndRequestSchema>;
export type CadreQuery = Infer<typeof cadreQuerySchema>;
export type CadreCreateRequest = Infer<typeof cadreCreateRequestSchema>;
export type CadreUpdateRequest = Infer<typeof cadreUpdateRequestSchema>;
export type MemberQuery = MemberSearchQuery;
export type IdentityReviewQuery = Infer<typeof identityReviewQuerySchema>;
export type ReviewDecisionRequest = Infer<typeof reviewDecisionSchema>;
export type JoinRequestQuery = Infer<typeof adminJoinRequestQuerySchema>;
export type CardCheckRequest = Infer<typeof cardCheckRequestSchema>;
export type JoinQr = Infer<typeof joinQrSchema>;
export type NotificationQuery = Infer<typeof notificationQuerySchema>;
export type MarkReadRequest = Infer<typeof markReadRequestSchema>;
export type SheetFormat = 'xlsx' | 'csv';
export type AdminActivityQuery = Infer<typeof adminActivityQuerySchema>;
/** What a create or edit sends: the schema's output (defaults filled in) is a valid input. */
export type ActivityInputBody = Infer<typeof activityInputSchema>;
export type AdminTicket = Infer<typeof adminTicketSchema>;
export type AdminEntry = Infer<typeof adminEntrySchema>;
export type AdminEntryQuery = Infer<typeof adminEntryQuerySchema>;
export type CheckInRequest = Infer<typeof checkInRequestSchema>;

export type OrgApplicationView = OrgApplication;

/** The statistics of one organization's subtree for a period (dates YYYY-MM-DD, China time). */
export interface StatsRequest {
  orgId?: string;
  from: string;
  to: string;
  grain: StatsGrain;
}
export interface StatsChildrenRequest {
  orgId?: string;
  from: string;
  to: string;
  sort: 'growth' | 'verifiedShare' | 'members' | 'name';
  page: number;
  pageSize: number;
}

/** Client-side failures get codes of their own next to the server's. */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'HTTP_ERROR';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly issues: FieldIssue[];
  readonly requestId: string | null;

  constructor(status: number, code: ApiErrorCode, message: string, issues: FieldIssue[] = [], requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.requestId = requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

let currentLang: Lang = loadStoredLang();
export function setApiLanguage(lang: Lang): void {
  currentLang = lang;
}

type UnauthorizedListener = (error: ApiError) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();
/** Told when a signed-in call comes back 401 (the session ended or expired). */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

const CSRF_COOKIE = 'gh_csrf';
let csrfPending: Promise<void> | null = null;

/** The server sets `gh_csrf` on any response; `/api/health` is the cheapest way to get one. */
async function ensureCsrfToken(force: boolean): Promise<string> {
  const existing = readCookie(CSRF_COOKIE);
  if (existing && !force) return existing;
  csrfPending ??= fetch('/api/health', {
    method: 'GET',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': currentLang },
    cache: 'no-store',
  })
    .then(() => undefined)
    .catch(() => {
      throw new ApiError(0, 'NETWORK_ERROR', translate(currentLang, 'errors.network'));
    })
    .finally(() => {
      csrfPending = null;
    });
  await csrfPending;
  return readCookie(CSRF_COOKIE) ?? '';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null;

interface RequestOptions<T> {
  schema: SchemaLike<T>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Login and enrolment answer 401 for wrong credentials; that is not a lost session. */
  anonymous?: boolean;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
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

function toApiError(status: number, json: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) {
    const { code, message, messages, issues, requestId } = parsed.data.error;
    return new ApiError(status, code, message || messages[currentLang], issues ?? [], requestId);
  }
  return new ApiError(status, 'HTTP_ERROR', translate(currentLang, 'errors.http', { status }));
}

async function request<T>(method: Method, path: string, options: RequestOptions<T>, retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang };
  // A multipart body sets its own Content-Type (with the boundary): leave it to the browser.
  const isForm = options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await ensureCsrfToken(false);

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: options.body === undefined ? undefined : options.body instanceof FormData ? options.body : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, 'NETWORK_ERROR', translate(currentLang, 'errors.network'));
  }

  const json = await readJson(response);
  if (!response.ok) {
    const error = toApiError(response.status, json);
    if (error.code === 'CSRF_TOKEN_INVALID' && !retried) {
      await ensureCsrfToken(true);
      return request(method, path, options, true);
    }
    if (response.status === 401 && !options.anonymous) {
      for (const listener of unauthorizedListeners) listener(error);
    }
    throw error;
  }

  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    console.error(`Unexpected response from ${method} ${path}`, parsed.error.issues);
    throw new ApiError(response.status, 'BAD_RESPONSE', translate(currentLang, 'errors.badResponse'));
  }
  return parsed.data;
}

/** The file name of a download, from Content-Disposition (RFC 6266 `filename*` first). */
function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/**
 * A GET for a file or an image with the session cookie; a failure comes back as ApiError with the
 * server's message, like any call.
 */
async function fetchFile(path: string, query: Record<string, QueryValue> | undefined, accept: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method: 'GET',
      headers: { Accept: accept, 'Accept-Language': currentLang },
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, 'NETWORK_ERROR', translate(currentLang, 'errors.network'));
  }
  if (!response.ok) {
    const error = toApiError(response.status, await readJson(response));
    if (response.status === 401) {
      for (const listener of unauthorizedListeners) listener(error);
    }
    throw error;
  }
  return response;
}

/**
 * Download a file (template, export, error report) with the session cookie and save it under the
 * server's file name. Failures come back as ApiError with the server's message, like any call.
 */
async function download(path: string, query: Record<string, QueryValue> | undefined, fallbackName: string): Promise<string> {
  const response = await fetchFile(path, query, '*/*');
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** An authenticated image (e.g. an ID photo) as a Blob, for an object URL. */
async function fetchImage(path: string, signal?: AbortSignal): Promise<Blob> {
  const response = await fetchFile(path, undefined, 'image/*', signal);
  return response.blob();
}

/** `{ items: T[] }` without importing zod here. */
function itemsOf<T>(item: SchemaLike<T>): SchemaLike<{ items: T[] }> {
  return {
    safeParse(data) {
      const raw = typeof data === 'object' && data !== null ? (data as { items?: unknown }).items : undefined;
      if (!Array.isArray(raw)) {
        return { success: false, error: { issues: [{ code: 'invalid_type', message: 'items must be an array', path: ['items'] }] } };
      }
      const items: T[] = [];
      for (const [index, entry] of raw.entries()) {
        const result = item.safeParse(entry);
        if (!result.success) {
          return {
            success: false,
            error: { issues: result.error.issues.map((issue) => ({ ...issue, path: ['items', index, ...issue.path] })) },
          };
        }
        items.push(result.data);
      }
      return { success: true, data: { items } };
    },
  };
}

const markedSchema: SchemaLike<{ marked: number }> = {
  safeParse(data) {
    const marked = typeof data === 'object' && data !== null ? (data as { marked?: unknown }).marked : undefined;
    return typeof marked === 'number'
      ? { success: true, data: { marked } }
      : { success: false, error: { issues: [{ code: 'invalid_type', message: 'marked must be a number', path: ['marked'] }] } };
  },
};

/** Anything goes (used for the health probe). */
const anySchema: SchemaLike<unknown> = { safeParse: (data) => ({ success: true, data }) };

const memberPageSchema = pageOf(adminMemberSchema);
const adminPageSchema = pageOf(adminAccountSchema);
const auditPageSchema = pageOf(auditEntrySchema);
const orgItemsSchema = itemsOf(orgNodeSchema);
const orgHistorySchema = itemsOf(orgHistoryEntrySchema);
const orgApplicationViewSchema = orgApplicationSchema;
const orgApplicationViewPageSchema = pageOf(orgApplicationSchema);
const cadrePageSchema = pageOf(cadreSchema);
const jobPageSchema = pageOf(jobSchema);
export interface AuditQuery {
  page: number;
  pageSize: number;
  action?: string;
  outcome?: AuditOutcome;
  actorName?: string;
}

/** The enrolment answer is always a session. */
const okLoginSchema: SchemaLike<Extract<AdminLoginResponse, { status: 'ok' }>> = {
  safeParse(data) {
    const result = adminLoginResponseSchema.safeParse(data);
    if (!result.success) return { success: false, error: { issues: result.error.issues } };
    if (result.data.status !== 'ok') {
      return { success: false, error: { issues: [{ code: 'invalid_value', message: 'expected status ok', path: ['status'] }] } };
    }
    return { success: true, data: result.data };
  },
};

const ADMIN = '/api/v1/admin';
const enc = encodeURIComponent;

export const api = {
  health: (signal?: AbortSignal): Promise<unknown> => request('GET', '/api/health', { schema: anySchema, signal, anonymous: true }),

  me: (signal?: AbortSignal): Promise<AdminProfile> =>
    request('GET', `${ADMIN}/me`, { schema: adminProfileSchema, signal, anonymous: true }),
  login: (body: AdminLoginRequest): Promise<AdminLoginResponse> =>
    request('POST', `${ADMIN}/auth/login`, { schema: adminLoginResponseSchema, body, anonymous: true }),
  enrolTotp: (body: TotpEnrolRequest): Promise<Extract<AdminLoginResponse, { status: 'ok' }>> =>
    request('POST', `${ADMIN}/auth/totp-enrol`, { schema: okLoginSchema, body, anonymous: true }),
  logout: (): Promise<{ ok: true }> => request('POST', `${ADMIN}/auth/logout`, { schema: okSchema, anonymous: true }),
  logoutAll: (): Promise<{ ok: true }> => request('POST', `${ADMIN}/auth/logout-all`, { schema: okSchema }),

  dashboard: (signal?: AbortSignal): Promise<Dashboard> => request('GET', `${ADMIN}/dashboard`, { schema: dashboardSchema, signal }),

  /** Children of `parentId`; without it, the admin's own organization (the root of the scope). */
  orgChildren: (parentId?: string, signal?: AbortSignal): Promise<{ items: OrgNode[] }> =>
    request('GET', `${ADMIN}/orgs/children`, { schema: orgItemsSchema, query: { parentId }, signal }),
  orgSearch: (q: string, signal?: AbortSignal): Promise<{ items: OrgNode[] }> =>
    request('GET', `${ADMIN}/orgs/children`, { schema: orgItemsSchema, query: { q }, signal }),
  org: (id: string, signal?: AbortSignal): Promise<OrgDetail> =>
    request('GET', `${ADMIN}/orgs/${enc(id)}`, { schema: orgDetailSchema, signal }),
  createOrg: (body: OrgCreateRequest): Promise<OrgNode> => request('POST', `${ADMIN}/orgs`, { schema: orgNodeSchema, body }),
  updateOrg: (id: string, body: OrgUpdateRequest): Promise<OrgNode> =>
    request('PATCH', `${ADMIN}/orgs/${enc(id)}`, { schema: orgNodeSchema, body }),
  orgHistory: (id: string, signal?: AbortSignal): Promise<{ items: OrgHistoryEntry[] }> =>
    request('GET', `${ADMIN}/orgs/${enc(id)}/history`, { schema: orgHistorySchema, signal }),

  createOrgApplication: (body: OrgApplicationRequestBody): Promise<OrgApplicationView> =>
    request('POST', `${ADMIN}/org-applications`, { schema: orgApplicationViewSchema, body }),
  orgApplications: (query: OrgApplicationQuery, signal?: AbortSignal): Promise<Page<OrgApplicationView>> =>
    request('GET', `${ADMIN}/org-applications`, { schema: orgApplicationViewPageSchema, query: { ...query }, signal }),
  decideOrgApplication: (id: string, body: OrgDecisionRequest): Promise<OrgApplicationView> =>
    request('POST', `${ADMIN}/org-applications/${enc(id)}/decision`, { schema: orgApplicationViewSchema, body }),

  members: (query: MemberQuery, signal?: AbortSignal): Promise<Page<AdminMember>> =>
    request('GET', `${ADMIN}/members`, { schema: memberPageSchema, query: { ...query }, signal }),
  revealMember: (id: string): Promise<{ phone: string | null; idNumber: string | null }> =>
    request('POST', `${ADMIN}/members/${enc(id)}/reveal`, { schema: revealResponseSchema }),
  member: (id: string, signal?: AbortSignal): Promise<MemberDetail> =>
    request('GET', `${ADMIN}/members/${enc(id)}`, { schema: memberDetailSchema, signal }),
  createMember: (body: MemberCreateRequest): Promise<MemberDetail> =>
    request('POST', `${ADMIN}/members`, { schema: memberDetailSchema, body }),
  updateMember: (id: string, body: MemberUpdateRequest): Promise<MemberDetail> =>
    request('PATCH', `${ADMIN}/members/${enc(id)}`, { schema: memberDetailSchema, body }),
  holdMember: (id: string, body: MemberHoldRequest): Promise<MemberDetail> =>
    request('POST', `${ADMIN}/members/${enc(id)}/hold`, { schema: memberDetailSchema, body }),
  endMember: (id: string, body: MemberEndRequest): Promise<MemberDetail> =>
    request('POST', `${ADMIN}/members/${enc(id)}/end`, { schema: memberDetailSchema, body }),

  cadres: (query: CadreQuery, signal?: AbortSignal): Promise<Page<Cadre>> =>
    request('GET', `${ADMIN}/cadres`, { schema: cadrePageSchema, query: { ...query }, signal }),
  createCadre: (body: CadreCreateRequest): Promise<Cadre> => request('POST', `${ADMIN}/cadres`, { schema: cadreSchema, body }),
  updateCadre: (id: string, body: CadreUpdateRequest): Promise<Cadre> =>
    request('PATCH', `${ADMIN}/cadres/${enc(id)}`, { schema: cadreSchema, body }),

  /** Upload a sheet for import; the answer (202) is the job to watch. */
  importSheet: (kind: SheetKind, file: File): Promise<Job> => {
    const body = new FormData();
    body.append('file', file, file.name);
    return request('POST', `${ADMIN}/sheets/${enc(kind)}/imports`, { schema: jobSchema, body });
  },
  job: (id: string, signal?: AbortSignal): Promise<Job> => request('GET', `${ADMIN}/jobs/${enc(id)}`, { schema: jobSchema, signal }),
  jobs: (query: { page: number; pageSize: number }, signal?: AbortSignal): Promise<Page<Job>> =>
    request('GET', `${ADMIN}/jobs`, { schema: jobPageSchema, query: { ...query }, signal }),

  downloadTemplate: (kind: SheetKind, format: SheetFormat): Promise<string> =>
    download(`${ADMIN}/sheets/${enc(kind)}/template`, { format }, `${kind}-template.${format}`),
  exportSheet: (kind: SheetKind, format: SheetFormat, filters: Record<string, QueryValue>): Promise<string> =>
    download(`${ADMIN}/sheets/${enc(kind)}/export`, { ...filters, format }, `${kind}.${format}`),
  jobErrorsUrl: (id: string): string => `${ADMIN}/jobs/${enc(id)}/errors`,
  downloadJobErrors: (id: string): Promise<string> => download(`${ADMIN}/jobs/${enc(id)}/errors`, undefined, `import-errors-${id}.xlsx`),

  admins: (query: { page: number; pageSize: number }, signal?: AbortSignal): Promise<Page<AdminAccount>> =>
    request('GET', `${ADMIN}/admins`, { schema: adminPageSchema, query: { ...query }, signal }),
  createAdmin: (body: AdminCreateRequest): Promise<AdminAccount> =>
    request('POST', `${ADMIN}/admins`, { schema: adminAccountSchema, body }),
  updateAdmin: (id: string, body: AdminUpdateRequest): Promise<AdminAccount> =>
    request('PATCH', `${ADMIN}/admins/${enc(id)}`, { schema: adminAccountSchema, body }),

  audit: (query: AuditQuery, signal?: AbortSignal): Promise<Page<AuditEntry>> =>
    request('GET', `${ADMIN}/audit`, { schema: auditPageSchema, query: { ...query }, signal }),

  identityReviews: (query: IdentityReviewQuery, signal?: AbortSignal): Promise<Page<AdminIdentityReview>> =>
    request('GET', `${ADMIN}/identity-reviews`, { schema: adminIdentityReviewPageSchema, query: { ...query }, signal }),
  /** With the unmasked ID number: the server records every call in the audit log. */
  identityReview: (id: string, signal?: AbortSignal): Promise<AdminIdentityReview> =>
    request('GET', `${ADMIN}/identity-reviews/${enc(id)}`, { schema: adminIdentityReviewSchema, signal }),
  /**
   * An ID photo as a Blob for an object URL: fetched once per opening (each fetch is audited), with
   * the server's error message when it fails, rather than letting every <img> and preview re-request it.
   */
  identityReviewPhoto: (id: string, side: PhotoSide, signal?: AbortSignal): Promise<Blob> =>
    fetchImage(`${ADMIN}/identity-reviews/${enc(id)}/photos/${enc(side)}`, signal),
  decideIdentityReview: (id: string, body: ReviewDecisionRequest): Promise<AdminIdentityReview> =>
    request('POST', `${ADMIN}/identity-reviews/${enc(id)}/decision`, { schema: adminIdentityReviewSchema, body }),

  joinRequests: (query: JoinRequestQuery, signal?: AbortSignal): Promise<Page<AdminJoinRequest>> =>
    request('GET', `${ADMIN}/join-requests`, { schema: adminJoinRequestPageSchema, query: { ...query }, signal }),
  decideJoinRequest: (id: string, body: ReviewDecisionRequest): Promise<JoinRequest> =>
    request('POST', `${ADMIN}/join-requests/${enc(id)}/decision`, { schema: joinRequestSchema, body }),

  checkCard: (body: CardCheckRequest): Promise<CardCheckResponse> =>
    request('POST', `${ADMIN}/cards/check`, { schema: cardCheckResponseSchema, body }),
  activities: (query: AdminActivityQuery, signal?: AbortSignal): Promise<Page<Activity>> =>
    request('GET', `${ADMIN}/activities`, { schema: activityPageSchema, query: { ...query }, signal }),
  activity: (id: string, signal?: AbortSignal): Promise<Activity> =>
    request('GET', `${ADMIN}/activities/${enc(id)}`, { schema: activitySchema, signal }),
  createActivity: (body: ActivityInputBody): Promise<Activity> => request('POST', `${ADMIN}/activities`, { schema: activitySchema, body }),
  updateActivity: (id: string, body: ActivityInputBody): Promise<Activity> =>
    request('PATCH', `${ADMIN}/activities/${enc(id)}`, { schema: activitySchema, body }),
  publishActivity: (id: string): Promise<Activity> => request('POST', `${ADMIN}/activities/${enc(id)}/publish`, { schema: activitySchema }),
  cancelActivity: (id: string): Promise<Activity> => request('POST', `${ADMIN}/activities/${enc(id)}/cancel`, { schema: activitySchema }),
  activityLive: (id: string, signal?: AbortSignal): Promise<ActivityLive> =>
    request('GET', `${ADMIN}/activities/${enc(id)}/live`, { schema: activityLiveSchema, signal }),
  activityTickets: (id: string, query: { page: number; pageSize: number }, signal?: AbortSignal): Promise<Page<AdminTicket>> =>
    request('GET', `${ADMIN}/activities/${enc(id)}/tickets`, { schema: adminTicketPageSchema, query: { ...query }, signal }),
  /** Lottery: reveal the seed and draw every session (409 REGISTRATION_OPEN before windowEnd, ALREADY_DRAWN after). */
  drawLottery: (id: string): Promise<Activity> => request('POST', `${ADMIN}/activities/${enc(id)}/draw`, { schema: activitySchema }),
  /** Lottery registrations, or the waiting list of a first-come-first-served activity (members masked). */
  activityEntries: (id: string, query: AdminEntryQuery, signal?: AbortSignal): Promise<Page<AdminEntry>> =>
    request('GET', `${ADMIN}/activities/${enc(id)}/entries`, { schema: adminEntryPageSchema, query: { ...query }, signal }),
  /** One image file (JPEG, PNG or WebP); the server re-encodes it as JPEG. */
  uploadActivityCover: (id: string, file: File): Promise<Activity> => {
    const body = new FormData();
    body.append('file', file, file.name);
    return request('PUT', `${ADMIN}/activities/${enc(id)}/cover`, { schema: activitySchema, body });
  },
  /**
   * The console's view of a cover (drafts too), for an <img>: same origin, so the session cookie
   * goes with it; the cover's version in the URL makes a replaced image load anew.
   */
  activityCoverSrc: (id: string, coverUrl: string): string => {
    const version = coverVersion(coverUrl);
    return `${ADMIN}/activities/${enc(id)}/cover${version ? `?v=${enc(version)}` : ''}`;
  },
  removeActivityCover: (id: string): Promise<Activity> => request('DELETE', `${ADMIN}/activities/${enc(id)}/cover`, { schema: activitySchema }),
  checkInTicket: (body: CheckInRequest): Promise<CheckInResponse> =>
    request('POST', `${ADMIN}/tickets/check-in`, { schema: checkInResponseSchema, body }),

  stats: (query: StatsRequest, signal?: AbortSignal): Promise<Stats> =>
    request('GET', `${ADMIN}/stats`, { schema: statsSchema, query: { ...query }, signal }),
  statsChildren: (query: StatsChildrenRequest, signal?: AbortSignal): Promise<Page<StatsChild>> =>
    request('GET', `${ADMIN}/stats/children`, { schema: statsChildPageSchema, query: { ...query }, signal }),
  /** An .xlsx workbook with one sheet per table (all of them without `tables`). */
  exportStats: (query: StatsRequest & { tables?: readonly string[] }): Promise<string> => {
    const { tables, ...rest } = query;
    return download(`${ADMIN}/stats/export`, { ...rest, tables: tables?.join(',') }, `stats-${rest.from}-${rest.to}.xlsx`);
  },

  orgJoinQr: (id: string, signal?: AbortSignal): Promise<JoinQr> =>
    request('GET', `${ADMIN}/orgs/${enc(id)}/join-qr`, { schema: joinQrSchema, signal }),

  notifications: (query: NotificationQuery, signal?: AbortSignal): Promise<NotificationPage> =>
    request('GET', `${ADMIN}/notifications`, { schema: notificationPageSchema, query: { ...query }, signal }),
  /** Without ids: every reminder of the scope. Answers how many were marked. */
  markNotificationsRead: (body: MarkReadRequest): Promise<{ marked: number }> =>
    request('POST', `${ADMIN}/notifications/read`, { schema: markedSchema, body }),
};
