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
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_account_uq').on(t.accountId),
    uniqueIndex('members_id_number_hash_uq').on(t.idNumberHash),
    uniqueIndex('members_card_no_uq').on(t.cardNo),
    index('members_phone_hash_idx').on(t.phoneHash),
    index('members_org_status_idx').on(t.orgId, t.status),
    index('members_name_idx').using('btree', t.name.op('text_pattern_ops')),
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
    purpose: text('purpose', { enum: ['register', 'login', 'reset_password'] }).notNull(),
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
