/**
 * Activities with ticket grabbing (先到先得) or a verifiable lottery (抽签), issue 5. The grab is the
 * platform's hardest load: see docs/ACTIVITIES.md for the engine.
 */
import { z } from 'zod';
import { pageQuerySchema, pageOf } from './common.js';

export const ACTIVITY_MODES = ['fcfs', 'lottery'] as const;
export const activityModeSchema = z.enum(ACTIVITY_MODES);
export type ActivityMode = z.infer<typeof activityModeSchema>;
export const ACTIVITY_STATUSES = ['draft', 'published', 'closed', 'cancelled'] as const;
export const activityStatusSchema = z.enum(ACTIVITY_STATUSES);
export type ActivityStatus = z.infer<typeof activityStatusSchema>;
export const TICKET_STATUSES = ['active', 'cancelled', 'checked_in'] as const;
export const ticketStatusSchema = z.enum(TICKET_STATUSES);

const isoDateTime = z.string().datetime({ offset: true, message: '时间格式为 ISO 8601 / Use an ISO 8601 date-time' });

export const audienceSchema = z.strictObject({
  /** Organizations whose subtrees may take part; empty = the publishing union's whole subtree. */
  orgIds: z.array(z.string().regex(/^\d+$/)).max(200).default([]),
  industries: z.array(z.string().max(50)).max(20).default([]),
  minSeniorityYears: z.number().int().min(0).max(60).nullable().default(null),
  minAge: z.number().int().min(16).max(100).nullable().default(null),
  maxAge: z.number().int().min(16).max(100).nullable().default(null),
  /** Hometown provinces (e.g. 湖南), for homecoming trains. */
  hometownProvinces: z.array(z.string().max(20)).max(40).default([]),
});
export type Audience = z.infer<typeof audienceSchema>;

export const sessionInputSchema = z.strictObject({
  name: z.string().trim().min(2, { message: '场次名称至少 2 个字 / At least 2 characters' }).max(80),
  startsAt: isoDateTime,
  capacity: z.number().int().min(1, { message: '名额至少为 1 / At least 1 place' }).max(200_000),
});

export const activityInputSchema = z
  .strictObject({
    /** Create only: the organization of the admin's scope that publishes it (default: the admin's own). */
    orgId: z.string().regex(/^\d+$/).optional(),
    title: z.string().trim().min(2).max(80),
    descriptionHtml: z.string().max(20_000).default(''),
    audience: audienceSchema.default({ orgIds: [], industries: [], minSeniorityYears: null, minAge: null, maxAge: null, hometownProvinces: [] }),
    windowStart: isoDateTime,
    windowEnd: isoDateTime,
    mode: activityModeSchema,
    perMemberLimit: z.number().int().min(1).max(10).default(1),
    waitingList: z.boolean().default(false),
    /** Lottery: winners confirm within this many hours of the draw, else the place passes on. */
    confirmHours: z.number().int().min(1).max(240).default(48),
    /** Proof of work per grab (leading zero bits of SHA-256), 0 = off. */
    powDifficulty: z.number().int().min(0).max(24).default(0),
    /** Minutes before the opening during which requests wait in a room and are admitted in a shuffled order. */
    waitingRoomMinutes: z.number().int().min(0).max(60).default(0),
    sessions: z.array(sessionInputSchema).min(1, { message: '至少一个场次 / At least one session' }).max(50),
  })
  .refine((a) => new Date(a.windowEnd) > new Date(a.windowStart), { message: '结束时间须晚于开始时间 / The window must end after it starts', path: ['windowEnd'] })
  .refine((a) => a.audience.minAge === null || a.audience.maxAge === null || a.audience.minAge <= a.audience.maxAge, { message: '年龄范围无效 / Invalid age range', path: ['audience', 'maxAge'] });
export type ActivityInput = z.infer<typeof activityInputSchema>;

export const activitySessionSchema = z.object({
  id: z.string(),
  name: z.string(),
  startsAt: z.string(),
  capacity: z.number().int(),
  /** Places left right now (first come first served), from the gate. */
  remaining: z.number().int(),
  checkedIn: z.number().int(),
  /** Lottery: registrations of this session; first come first served: members on its waiting list. */
  entrants: z.number().int(),
  /** Lottery: SHA-256 of the session's sorted entrant list, published when registration closes. */
  entrantsDigest: z.string().nullable(),
});
export const activitySchema = z.object({
  id: z.string(),
  org: z.object({ id: z.string(), name: z.string() }),
  title: z.string(),
  descriptionHtml: z.string().describe('Sanitised HTML'),
  coverUrl: z.string().nullable().describe('Cover image (JPEG), or null'),
  audience: audienceSchema,
  windowStart: z.string(),
  windowEnd: z.string(),
  mode: activityModeSchema,
  perMemberLimit: z.number().int(),
  waitingList: z.boolean(),
  confirmHours: z.number().int(),
  powDifficulty: z.number().int(),
  waitingRoomMinutes: z.number().int(),
  status: activityStatusSchema,
  sessions: z.array(activitySessionSchema),
  lottery: z
    .object({
      commitment: z.string().nullable().describe('SHA-256 of the secret seed, published before registration opens'),
      seed: z.string().nullable().describe('Revealed at the draw'),
      closedAt: z.string().nullable().describe('When registration closed and the entrant digests were published'),
      drawnAt: z.string().nullable(),
    })
    .nullable(),

  /** For the member asking: may they take part, and why not. */
  eligible: z.boolean().nullable(),
  ineligibleReason: z.string().nullable(),
  /** For the member asking: their lottery entry or waiting-list place in this activity. */
  myEntry: z.lazy(() => lotteryEntrySchema).nullable(),
  serverTime: z.string().describe('For the countdown: the server clock when this was answered'),
});
export type Activity = z.infer<typeof activitySchema>;
export const activityPageSchema = pageOf(activitySchema);
export const activityQuerySchema = pageQuerySchema.extend({ status: activityStatusSchema.optional() });

export const grabRequestSchema = z.strictObject({
  sessionId: z.string().regex(/^\d+$/),
  /** Proof of work: a nonce such that SHA-256(challenge ‖ nonce) has powDifficulty leading zero bits. */
  pow: z.object({ challenge: z.string().max(200), nonce: z.string().max(40) }).optional(),
});

export const ticketSchema = z.object({
  id: z.string(),
  activityId: z.string(),
  activityTitle: z.string(),
  sessionId: z.string(),
  sessionName: z.string(),
  startsAt: z.string(),
  seatNo: z.number().int(),
  n: z.number().int().describe("The member's nth ticket of this activity"),
  status: ticketStatusSchema,
  code: z.string().describe('The QR code content, checked at the door'),
  qrDataUrl: z.string().nullable().describe('PNG data URL of the code (in lists of my tickets)'),
  createdAt: z.string(),
  checkedInAt: z.string().nullable(),
});
export type Ticket = z.infer<typeof ticketSchema>;
export const ticketPageSchema = pageOf(ticketSchema);

export const adminActivityQuerySchema = pageQuerySchema.extend({ status: activityStatusSchema.optional(), q: z.string().trim().max(50).optional() });

/** The live view during a grab, polled every second or two. */
export const activityLiveSchema = z.object({
  at: z.string(),
  sessions: z.array(z.object({ id: z.string(), name: z.string(), capacity: z.number().int(), remaining: z.number().int(), allocated: z.number().int(), checkedIn: z.number().int() })),
  allocations: z.number().int(),
  /** Grab requests per second over the last 60 seconds, oldest first (this process, or all with Redis). */
  requestsPerSecond: z.array(z.object({ at: z.string(), requests: z.number().int(), allocated: z.number().int() })),
  refusals: z.record(z.string(), z.number().int()).describe('Refusals by code since the window opened'),
});
export type ActivityLive = z.infer<typeof activityLiveSchema>;

export const adminTicketSchema = ticketSchema.extend({ member: z.object({ id: z.string(), name: z.string().nullable(), cardNo: z.string().nullable(), phone: z.string().nullable().describe('Masked') }) });
export const adminTicketPageSchema = pageOf(adminTicketSchema);

export const checkInRequestSchema = z.strictObject({
  code: z.string().trim().min(4, { message: '请输入票码 / Enter the ticket code' }).max(100),
  /** The activity this door is for: a ticket of another activity answers `other_activity` and is not checked in. */
  activityId: z.string().regex(/^\d+$/).optional(),
});
export const CHECK_IN_RESULTS = ['checked_in', 'already_checked_in', 'cancelled', 'invalid', 'other_activity'] as const;
export const checkInResponseSchema = z.object({
  result: z.enum(CHECK_IN_RESULTS),
  ticket: adminTicketSchema.nullable(),
  /** Counts of the ticket's session after this check-in. */
  session: z.object({ id: z.string(), name: z.string(), capacity: z.number().int(), allocated: z.number().int(), checkedIn: z.number().int() }).nullable(),
  checkedAt: z.string(),
});
export type CheckInResponse = z.infer<typeof checkInResponseSchema>;

/**
 * A member's entry in an activity: a lottery registration, or a place on a first-come-first-served
 * waiting list. One per member and activity.
 *  - registered: lottery, waiting for the draw;
 *  - won: drawn (or moved up), confirm before `confirmBy` to get the ticket;
 *  - confirmed: holds a ticket (`ticketId`): a confirmed win, or served from the waiting list;
 *  - lost: not drawn; waits in draw order (`position`) and may still move up;
 *  - declined / expired: a winner who said no / did not confirm in time: the place passed on;
 *  - withdrawn: left before the draw, or left the waiting list;
 *  - waiting: on a first-come-first-served waiting list (`position`).
 */
export const ENTRY_STATUSES = ['registered', 'won', 'confirmed', 'lost', 'declined', 'expired', 'withdrawn', 'waiting'] as const;
export const entryStatusSchema = z.enum(ENTRY_STATUSES);
export type EntryStatus = z.infer<typeof entryStatusSchema>;
export const lotteryEntrySchema = z.object({
  id: z.string().describe('The entrant id published in the entrant list'),
  kind: z.enum(['lottery', 'waiting_list']),
  activityId: z.string(),
  activityTitle: z.string(),
  sessionId: z.string(),
  sessionName: z.string(),
  startsAt: z.string(),
  status: entryStatusSchema,
  rank: z.number().int().nullable().describe('Place in the session\'s draw order, once drawn'),
  position: z.number().int().nullable().describe('Waiting: how many are ahead of me, plus one'),
  confirmBy: z.string().nullable(),
  ticketId: z.string().nullable(),
  createdAt: z.string(),
});
export type LotteryEntry = z.infer<typeof lotteryEntrySchema>;
export const lotteryEntryPageSchema = pageOf(lotteryEntrySchema);
export const entryRequestSchema = z.strictObject({ sessionId: z.string().regex(/^\d+$/, { message: '请选择场次 / Choose a session' }) });

export const adminEntrySchema = lotteryEntrySchema.extend({ member: z.object({ id: z.string(), name: z.string().nullable(), cardNo: z.string().nullable(), phone: z.string().nullable().describe('Masked') }) });
export const adminEntryPageSchema = pageOf(adminEntrySchema);
export const adminEntryQuerySchema = pageQuerySchema.extend({ status: entryStatusSchema.optional(), sessionId: z.string().regex(/^\d+$/).optional() });

/** Public: what anyone needs to recompute a draw (docs/LOTTERY.md). Each session is drawn on its own with the one seed. */
export const publicDrawSchema = z.object({
  activityId: z.string(),
  title: z.string(),
  algorithm: z.string(),
  commitment: z.string().nullable(),
  seed: z.string().nullable().describe('Null until the draw'),
  windowEnd: z.string(),
  closedAt: z.string().nullable(),
  drawnAt: z.string().nullable(),
  confirmHours: z.number().int(),
  draws: z.array(
    z.object({
      sessionId: z.string(),
      sessionName: z.string(),
      places: z.number().int(),
      entrantCount: z.number().int(),
      entrantsDigest: z.string().nullable().describe('Null until registration closes'),
      entrants: z.array(z.string()).nullable().describe('Entry ids, published when registration closes'),
      order: z.array(z.string()).nullable().describe('The whole draw order: winners first, then the waiting order'),
      winners: z.array(z.string()).nullable().describe('The first `places` ids of the order'),
    }),
  ),
});
export type PublicDraw = z.infer<typeof publicDrawSchema>;

/** Proof of work (activities with powDifficulty > 0): find a nonce with SHA-256(challenge ‖ nonce) starting with `difficulty` zero bits. */
export const powChallengeSchema = z.object({ challenge: z.string(), difficulty: z.number().int(), expiresAt: z.string() });
export type PowChallenge = z.infer<typeof powChallengeSchema>;

/** 202 from a grab sent into the waiting room before the opening: retry with the same Idempotency-Key after `opensAt`. */
export const grabWaitingSchema = z.object({ status: z.literal('waiting'), opensAt: z.string(), retryAfterMs: z.number().int() });
export type GrabWaiting = z.infer<typeof grabWaitingSchema>;

/** Activity covers: JPEG, PNG or WebP up to 5 MB, re-encoded as JPEG at most 1600 px on a side. */
export const COVER_MAX_BYTES = 5 * 1024 * 1024;
