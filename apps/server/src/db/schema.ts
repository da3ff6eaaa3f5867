/**
 * Drizzle schema: the single description of every table. Migrations in db/migrations are generated
 * from it with `npx drizzle-kit generate` (run in apps/server), reviewed, and never edited after they land.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable(
  'organizations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    parentId: bigint('parent_id', { mode: 'number' }),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'city', 'district', 'street', 'base'] }).notNull(),
    type: text('type', { enum: ['federation', 'base', 'joint', 'industry'] }).notNull(),
    status: text('status', { enum: ['active', 'deregistered'] }).notNull().default('active'),
    creditCode: text('credit_code'),
    address: text('address'),
    contact: text('contact'),
    chairperson: text('chairperson'),
    industry: text('industry'),
    deregisteredAt: ts('deregistered_at'),
    /** Materialised path of ids, '/1/23/456/': a subtree is every path with this prefix. */
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_path_uq').using('btree', t.path.op('text_pattern_ops')),
    index('organizations_parent_idx').on(t.parentId),
    index('organizations_name_idx').using('btree', t.name.op('text_pattern_ops')),
    // GB 32100 codes are unique among active unions; a deregistered union frees its code.
    uniqueIndex('organizations_active_credit_code_uq').on(t.creditCode).where(sql`status = 'active' AND credit_code IS NOT NULL`),
  ],
);

/** A login of the member app: phone + password. The union member record is `members`. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status', { enum: ['active', 'disabled', 'closed'] }).notNull().default('active'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    lastLoginAt: ts('last_login_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('accounts_phone_hash_uq').on(t.phoneHash)],
);

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    accountId: uuid('account_id'),
    name: text('name'),
    idNumberEnc: text('id_number_enc'),
    /** HMAC of the normalised ID number: one person, one member record, across the platform. */
    idNumberHash: text('id_number_hash'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    gender: text('gender', { enum: ['male', 'female'] }),
    birthDate: date('birth_date', { mode: 'string' }),
    orgId: bigint('org_id', { mode: 'number' }),
    /** Path of orgId, kept by a trigger, so scoped searches filter members without a join. */
    orgPath: text('org_path'),
    status: text('status', { enum: ['registered', 'pending', 'active', 'held', 'ended'] }).notNull().default('registered'),
    verification: text('verification', { enum: ['unverified', 'pending', 'verified', 'rejected'] })
      .notNull()
      .default('unverified'),
    cardNo: text('card_no'),
    employer: text('employer'),
    industry: text('industry'),
    education: text('education'),
    hometown: text('hometown'),
    joinedAt: date('joined_at', { mode: 'string' }),
    endedAt: date('ended_at', { mode: 'string' }),
    endReason: text('end_reason'),
    /** Since when the membership is held at an upper union (上挂), and when that was last reminded. */
    heldSince: ts('held_since'),
    heldRemindedAt: ts('held_reminded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('members_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    uniqueIndex('members_account_uq').on(t.accountId),
    uniqueIndex('members_id_number_hash_uq').on(t.idNumberHash),
    uniqueIndex('members_card_no_uq').on(t.cardNo),
    index('members_phone_hash_idx').on(t.phoneHash),
    index('members_org_status_idx').on(t.orgId, t.status),
    index('members_name_idx').using('btree', t.name.op('text_pattern_ops')),
    index('members_held_since_idx').on(t.heldSince).where(sql`status = 'held'`),
  ],
);

export const admins = pgTable(
  'admins',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    roles: text('roles').array().notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Encrypted like personal data: a leaked row must not yield working codes. */
    totpSecretEnc: text('totp_secret_enc'),
    totpEnrolled: boolean('totp_enrolled').notNull().default(false),
    /** The last accepted TOTP time step: a code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    lastLoginAt: ts('last_login_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('admins_username_uq').on(sql`lower(${t.username})`), index('admins_org_idx').on(t.orgId)],
);

/** Sessions of both kinds. The id is SHA-256 of the bearer token; the token itself is never stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    subjectType: text('subject_type', { enum: ['member', 'admin'] }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_subject_idx').on(t.subjectType, t.subjectId)],
);

export const smsCodes = pgTable(
  'sms_codes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    phoneHash: text('phone_hash').notNull(),
    purpose: text('purpose', { enum: ['register', 'login', 'reset_password', 'reclaim', 'close_account'] }).notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    ip: text('ip'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('sms_codes_lookup_idx').on(t.phoneHash, t.purpose, t.createdAt)],
);

/** Append-only; each row's hash covers its content and the previous row's hash. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: ts('at').notNull(),
    actorType: text('actor_type', { enum: ['admin', 'member', 'system', 'anonymous'] }).notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    orgId: bigint('org_id', { mode: 'number' }),
    /** Path of orgId at the time, so auditors see only their subtree without a join. */
    orgPath: text('org_path'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_action_idx').on(t.action), index('audit_log_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'))],
);

/** Every change of a membership: the member's timeline and the statistics are built from these. */
export const membershipEvents = pgTable(
  'membership_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: uuid('member_id').notNull(),
    kind: text('kind').notNull(),
    fromOrgId: bigint('from_org_id', { mode: 'number' }),
    toOrgId: bigint('to_org_id', { mode: 'number' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    actorType: text('actor_type', { enum: ['admin', 'member', 'system'] }).notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('membership_events_member_idx').on(t.memberId, t.at), index('membership_events_at_idx').on(t.at)],
);

/** Establish / change / deregister a base union, decided by the union above. */
export const orgApplications = pgTable(
  'org_applications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: ['establish', 'change', 'deregister'] }).notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] }).notNull().default('pending'),
    orgId: bigint('org_id', { mode: 'number' }),
    parentId: bigint('parent_id', { mode: 'number' }).notNull(),
    /** Path of the deciding parent: the scope filter for the approval queue. */
    parentPath: text('parent_path').notNull(),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    holdMembers: boolean('hold_members').notNull().default(false),
    note: text('note'),
    applicantId: uuid('applicant_id').notNull(),
    applicantName: text('applicant_name').notNull(),
    decidedByName: text('decided_by_name'),
    decisionReason: text('decision_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('org_applications_parent_path_idx').using('btree', t.parentPath.op('text_pattern_ops')),
    // one pending application per organization
    uniqueIndex('org_applications_pending_uq').on(t.orgId).where(sql`status = 'pending' AND org_id IS NOT NULL`),
  ],
);

export const orgHistory = pgTable(
  'org_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: ['created', 'established', 'changed', 'deregistered', 'edited'] }).notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    actorName: text('actor_name'),
    applicationId: bigint('application_id', { mode: 'number' }),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('org_history_org_idx').on(t.orgId, t.at)],
);

export const cadres = pgTable(
  'cadres',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    memberId: uuid('member_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: text('org_path').notNull(),
    position: text('position').notNull(),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }),
    fullTime: boolean('full_time').notNull().default(false),
    status: text('status', { enum: ['serving', 'ended'] }).notNull().default('serving'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('cadres_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    index('cadres_member_idx').on(t.memberId),
    // the natural key of a term: importing the same sheet twice adds nothing
    uniqueIndex('cadres_term_uq').on(t.memberId, t.orgId, t.position, t.termStart),
  ],
);

/** Durable background jobs (imports): progress survives a restart, and a job resumes where it stopped. */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    kind: text('kind').notNull(),
    /** Versioned payload: { v: 1, ... } */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull().default('queued'),
    fileName: text('file_name'),
    total: integer('total'),
    processed: integer('processed').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errorFile: text('error_file'),
    message: text('message'),
    createdBy: uuid('created_by'),
    orgPath: text('org_path').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    heartbeatAt: ts('heartbeat_at'),
  },
  (t) => [index('jobs_status_idx').on(t.status), index('jobs_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'))],
);

/** Rows an import refused, written in the same transaction as the batch they belong to. */
export const jobFailures = pgTable(
  'job_failures',
  {
    jobId: uuid('job_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    values: jsonb('values').$type<Record<string, string | null>>().notNull(),
    problems: jsonb('problems').$type<Array<{ key: string; message: string }>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);

/** What a request carries from filing to decision: the requester's note, who decided, when and why. */
const requestColumns = () => ({
  note: text('note'),
  decisionReason: text('decision_reason'),
  decidedById: uuid('decided_by_id'),
  decidedByName: text('decided_by_name'),
  createdAt: ts('created_at').notNull().defaultNow(),
  decidedAt: ts('decided_at'),
});

/**
 * Identity reviews (issue 4): real-name verification, identity corrections and account reclaims.
 * A provider decides at once; otherwise an admin of review_org_path's subtree compares the photos.
 */
export const identityReviews = pgTable(
  'identity_reviews',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: ['verification', 'correction', 'reclaim'] }).notNull(),
    method: text('method', { enum: ['provider', 'manual'] }).notNull(),
    status: text('status', { enum: ['awaiting_photos', 'pending', 'approved', 'rejected', 'withdrawn'] }).notNull(),
    /** The account asking (verification, correction); for a reclaim, the account it will take over, if any. */
    accountId: uuid('account_id'),
    memberId: uuid('member_id'),
    name: text('name').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    /** Reclaim: the proven phone and the new password's hash, applied on approval. */
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    passwordHash: text('password_hash'),
    /** Reclaim: SHA-256 of the token that lets the anonymous requester upload photos and check status. */
    tokenHash: text('token_hash'),
    /** identity_photos ids, by side. */
    photos: jsonb('photos').$type<Partial<Record<'front' | 'back', string>>>().notNull().default({}),
    reviewOrgId: bigint('review_org_id', { mode: 'number' }).notNull(),
    reviewOrgPath: text('review_org_path').notNull(),
    providerRef: text('provider_ref'),
    /** When the retention job deleted the photos of this closed review (IDENTITY_PHOTO_RETENTION_DAYS). */
    photosPurgedAt: ts('photos_purged_at'),
    ...requestColumns(),
  },
  (t) => [
    // the retention job's scan: closed reviews that still hold photos, oldest decision first
    index('identity_reviews_photo_retention_idx').on(t.decidedAt).where(sql`photos <> '{}'::jsonb AND decided_at IS NOT NULL`),
    index('identity_reviews_queue_idx').using('btree', t.reviewOrgPath.op('text_pattern_ops'), t.status),
    index('identity_reviews_account_idx').on(t.accountId, t.createdAt),
    // one open review of each kind per account
    uniqueIndex('identity_reviews_open_uq').on(t.accountId, t.kind).where(sql`status IN ('awaiting_photos', 'pending') AND account_id IS NOT NULL`),
    uniqueIndex('identity_reviews_open_reclaim_uq').on(t.phoneHash).where(sql`status IN ('awaiting_photos', 'pending') AND kind = 'reclaim'`),
  ],
);

/** A member's application to join, transfer into, or (when held) join a base union; decided by that union. */
export const joinRequests = pgTable(
  'join_requests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: uuid('member_id').notNull(),
    kind: text('kind', { enum: ['join', 'transfer', 'join_from_held'] }).notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] }).notNull().default('pending'),
    fromOrgId: bigint('from_org_id', { mode: 'number' }),
    toOrgId: bigint('to_org_id', { mode: 'number' }).notNull(),
    /** Path of the receiving union: the scope filter of the approval queue. */
    toOrgPath: text('to_org_path').notNull(),
    ...requestColumns(),
  },
  (t) => [
    index('join_requests_queue_idx').using('btree', t.toOrgPath.op('text_pattern_ops'), t.status, t.createdAt),
    index('join_requests_member_idx').on(t.memberId, t.createdAt),
    // one open application per member
    uniqueIndex('join_requests_pending_uq').on(t.memberId).where(sql`status = 'pending'`),
  ],
);

/** In-app messages: to a member's account, or to a union's inbox (org_id), rendered from templates. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    accountId: uuid('account_id'),
    orgId: bigint('org_id', { mode: 'number' }),
    orgPath: text('org_path'),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull(),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('notifications_account_idx').on(t.accountId, t.createdAt),
    index('notifications_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.createdAt),
  ],
);

/** Every grant and withdrawal of a consent, with the text's version: the consent record PIPL asks for. */
export const consents = pgTable(
  'consents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    accountId: uuid('account_id').notNull(),
    kind: text('kind', { enum: ['terms', 'privacy', 'sms_notices', 'personalised_services'] }).notNull(),
    action: text('action', { enum: ['granted', 'withdrawn'] }).notNull(),
    version: text('version').notNull(),
    channel: text('channel'),
    ip: text('ip'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('consents_account_idx').on(t.accountId, t.kind, t.at)],
);

/** ID photos of identity reviews: re-encoded without metadata, then AES-GCM encrypted (base64). */
export const identityPhotos = pgTable(
  'identity_photos',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    reviewId: bigint('review_id', { mode: 'number' }).notNull(),
    side: text('side', { enum: ['front', 'back'] }).notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    dataEnc: text('data_enc').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('identity_photos_review_idx').on(t.reviewId)],
);

/** Activities (issue 5): published by a union to its subtree; first come first served or a lottery. */
export const activities = pgTable(
  'activities',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    descriptionHtml: text('description_html').notNull().default(''),
    audience: jsonb('audience').$type<{ orgIds: string[]; industries: string[]; minSeniorityYears: number | null; minAge: number | null; maxAge: number | null; hometownProvinces: string[] }>().notNull(),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    mode: text('mode', { enum: ['fcfs', 'lottery'] }).notNull(),
    perMemberLimit: integer('per_member_limit').notNull().default(1),
    waitingList: boolean('waiting_list').notNull().default(false),
    confirmHours: integer('confirm_hours').notNull().default(48),
    powDifficulty: integer('pow_difficulty').notNull().default(0),
    waitingRoomMinutes: integer('waiting_room_minutes').notNull().default(0),
    status: text('status', { enum: ['draft', 'published', 'closed', 'cancelled'] }).notNull().default('draft'),
    /** Lottery: the secret seed (encrypted, revealed at the draw) and its published commitment; digests are per session. */
    seedEnc: text('seed_enc'),
    commitment: text('commitment'),
    /** When registration (or the grab window) closed; a lottery's entrant digests are published then. */
    closedAt: ts('closed_at'),
    drawnAt: ts('drawn_at'),
    /** Bumped on each new cover image (activity_covers); null without a cover. */
    coverVersion: integer('cover_version'),
    createdByName: text('created_by_name'),
    publishedAt: ts('published_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('activities_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.status), index('activities_window_idx').on(t.status, t.windowStart)],
);

export const activitySessions = pgTable(
  'activity_sessions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    activityId: bigint('activity_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    startsAt: ts('starts_at').notNull(),
    capacity: integer('capacity').notNull(),
    position: integer('position').notNull().default(0),
    /** Lottery: SHA-256 of the session's sorted entrant list, published at the close. */
    entrantsDigest: text('entrants_digest'),
  },
  (t) => [index('activity_sessions_activity_idx').on(t.activityId)],
);

/** An activity's cover: a JPEG re-encoded by platform/images (no metadata), base64. */
export const activityCovers = pgTable('activity_covers', {
  activityId: bigint('activity_id', { mode: 'number' }).primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: integer('bytes').notNull(),
  data: text('data').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * A place: seat `seat_no` (1…capacity) of a session. Among live tickets a seat is held once and a
 * member's nth ticket of an activity exists once: the database, not the gate, has the last word.
 */
export const tickets = pgTable(
  'tickets',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    activityId: bigint('activity_id', { mode: 'number' }).notNull(),
    sessionId: bigint('session_id', { mode: 'number' }).notNull(),
    memberId: uuid('member_id').notNull(),
    n: integer('n').notNull(),
    seatNo: integer('seat_no').notNull(),
    status: text('status', { enum: ['active', 'cancelled', 'checked_in'] }).notNull().default('active'),
    code: text('code').notNull(),
    idempotencyKey: text('idempotency_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    cancelledAt: ts('cancelled_at'),
    checkedInAt: ts('checked_in_at'),
    checkedInBy: text('checked_in_by'),
  },
  (t) => [
    uniqueIndex('tickets_seat_uq').on(t.sessionId, t.seatNo).where(sql`status <> 'cancelled'`),
    uniqueIndex('tickets_member_n_uq').on(t.activityId, t.memberId, t.n).where(sql`status <> 'cancelled'`),
    uniqueIndex('tickets_idempotency_uq').on(t.activityId, t.memberId, t.idempotencyKey),
    uniqueIndex('tickets_code_uq').on(t.code),
    index('tickets_member_idx').on(t.memberId, t.createdAt),
    index('tickets_activity_idx').on(t.activityId, t.sessionId),
  ],
);

/** Lottery registrations: a plain insert; the draw ranks them. */
export const lotteryEntries = pgTable(
  'lottery_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    activityId: bigint('activity_id', { mode: 'number' }).notNull(),
    sessionId: bigint('session_id', { mode: 'number' }).notNull(),
    memberId: uuid('member_id').notNull(),
    status: text('status', { enum: ['registered', 'won', 'confirmed', 'lost', 'declined', 'expired', 'withdrawn', 'waiting'] }).notNull().default('registered'),
    rank: integer('rank'),
    confirmBy: ts('confirm_by'),
    /** The ticket a confirmed entry holds. */
    ticketId: bigint('ticket_id', { mode: 'number' }),
    /** When the member entered (or re-joined a waiting list): the waiting list's order. */
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('lottery_entries_member_uq').on(t.activityId, t.memberId), index('lottery_entries_activity_idx').on(t.activityId, t.sessionId)],
);

/**
 * Participation (issue 6): one row each time a member takes part in something — a ticket, a check-in,
 * a lottery entry, a card checked at a venue — with the member's organization at that moment.
 * Later modules record into it; the statistics aggregate it by day.
 */
export const participations = pgTable(
  'participations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    memberId: uuid('member_id').notNull(),
    orgPath: text('org_path').notNull(),
    source: text('source').notNull(),
    subjectId: text('subject_id').notNull().default(''),
    action: text('action').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('participations_at_idx').on(t.at), index('participations_member_idx').on(t.memberId)],
);

/*
 * Statistics (issue 6, docs/STATISTICS.md). Triggers on the source tables append deltas; a rollup
 * moves them into per-organization aggregates for every ancestor; a read adds the aggregate of one
 * organization to the deltas not yet rolled up, in one snapshot, so it equals a direct count.
 */
/** A member's contribution (+1 / −1) as it was before or is after a change. */
export const statMemberDeltas = pgTable(
  'stat_member_deltas',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgPath: text('org_path').notNull(),
    status: text('status').notNull(),
    verified: boolean('verified').notNull(),
    gender: text('gender'),
    birthYear: integer('birth_year'),
    industry: text('industry'),
    education: text('education'),
    n: integer('n').notNull(),
  },
);
/** Other counted things (organizations, cadres) as (dimension, value) deltas. */
export const statDeltas = pgTable('stat_deltas', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  orgPath: text('org_path').notNull(),
  dim: text('dim').notNull(),
  value: text('value').notNull(),
  n: integer('n').notNull(),
});
/** Dated deltas (flows, participation); `path2` is the origin of a transfer, or the union holding a member newly held. */
export const statDayDeltas = pgTable('stat_day_deltas', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  path: text('path').notNull(),
  path2: text('path2'),
  day: date('day', { mode: 'string' }).notNull(),
  dim: text('dim').notNull(),
  value: text('value').notNull(),
  n: integer('n').notNull(),
});
/** Rolled-up counts per organization (its whole subtree). */
export const statCounts = pgTable(
  'stat_counts',
  {
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    dim: text('dim').notNull(),
    value: text('value').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.dim, t.value] })],
);
export const statDayCounts = pgTable(
  'stat_day_counts',
  {
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    dim: text('dim').notNull(),
    value: text('value').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.dim, t.day, t.value] })],
);
