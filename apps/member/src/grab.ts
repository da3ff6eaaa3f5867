/**
 * One grab (抢票) as the member means it: POST /activities/{id}/grab with an `Idempotency-Key` that
 * stays the same for every retry of that attempt, because the server answers the same key the same
 * way again. A retry after a lost answer therefore can never buy a second ticket. The key changes
 * only after a definite answer (a ticket or a refusal), for the member's next attempt.
 *
 * Definite: 201, and 4xx refusals (SOLD_OUT, NOT_OPEN, LIMIT_REACHED, NOT_ELIGIBLE, RATE_LIMITED…).
 * Not definite: no answer (network, timeout) and 5xx (the grab may or may not have been committed).
 * Not yet: 202 from the waiting room before the opening: the same request, same key, is sent again
 * after the `retryAfterMs` the server asked for, as often as it answers 202; these waits are not
 * failures and use none of the retries.
 */
import type { GrabWaiting, Ticket } from '@gonghui/contracts';
import { ApiError, api, type GrabInput } from './api-client';

/** A random RFC 4122 version 4 UUID; `crypto.randomUUID` exists only in secure contexts. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type GrabOutcome =
  | { kind: 'ok'; ticket: Ticket }
  /** A definite refusal: `code` as the server sent it. */
  | { kind: 'refused'; code: string; message: string; retryAfter: number | null; status: number }
  /** No definite answer after the automatic retries: retry with the same key. */
  | { kind: 'unknown'; message: string };

/** A 4xx answer is the server's decision; 408 (a proxy gave up waiting) says nothing about the grab. */
export function isDefinite(error: ApiError): boolean {
  return error.status >= 400 && error.status < 500 && error.status !== 408;
}

export interface GrabOptions {
  activityId: string;
  sessionId: string;
  key: string;
  /** The solved proof of work, sent with every request of this attempt. */
  pow?: GrabInput['pow'];
  /** How long one request may take before it counts as lost. */
  timeoutMs: number;
  /** Automatic retries with the same key after an answer that is not definite. */
  retries?: number;
  /** Aborts everything (the page was left). */
  signal?: AbortSignal;
  /** Told before each automatic retry (1, 2, …). */
  onRetry?: (attempt: number) => void;
  /** Told at each 202: the request waits in the waiting room and is sent again after `retryAfterMs`. */
  onWaiting?: (waiting: GrabWaiting) => void;
  /** For tests: waits between retries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = globalThis.setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        globalThis.clearTimeout(timer);
        reject(new DOMException('Aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

/** Backoff with jitter, so a crowd that lost its answers together does not come back together. */
function backoffMs(attempt: number): number {
  const base = 500 * 2 ** (attempt - 1);
  return base + Math.floor(Math.random() * base);
}

/** The pause before asking the waiting room again: what the server asked for, within sane bounds. */
export function waitingRoomDelayMs(waiting: GrabWaiting): number {
  const asked = Number.isFinite(waiting.retryAfterMs) ? waiting.retryAfterMs : 1000;
  return Math.min(60_000, Math.max(250, asked));
}

type Sent = { kind: 'ticket'; ticket: Ticket } | { kind: 'waiting'; waiting: GrabWaiting } | { kind: 'refused'; error: ApiError } | { kind: 'lost'; error: ApiError | null };

/** One request with its own timeout; a lost answer is returned, not thrown. */
async function sendOnce(options: GrabOptions): Promise<Sent> {
  const { activityId, sessionId, key, pow, timeoutMs, signal } = options;
  if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  let timedOut = false;
  const timer = globalThis.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const answer = await api.grab(activityId, pow ? { sessionId, pow } : { sessionId }, key, controller.signal);
    return answer.kind === 'ticket' ? { kind: 'ticket', ticket: answer.ticket } : { kind: 'waiting', waiting: answer.waiting };
  } catch (error) {
    if (error instanceof ApiError) return isDefinite(error) ? { kind: 'refused', error } : { kind: 'lost', error };
    if (error instanceof DOMException && error.name === 'AbortError' && timedOut) return { kind: 'lost', error: null };
    throw error;
  } finally {
    globalThis.clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Sends the grab, retrying with the same key until a definite answer or the retries run out, and
 * asking the waiting room again (same key) for as long as it answers 202.
 */
export async function grabWithRetries(options: GrabOptions): Promise<GrabOutcome> {
  const { retries = 3, signal, onRetry, onWaiting } = options;
  const sleep = options.sleep ?? defaultSleep;
  let failures = 0;
  for (;;) {
    const sent = await sendOnce(options);
    if (sent.kind === 'ticket') return { kind: 'ok', ticket: sent.ticket };
    if (sent.kind === 'refused') {
      const { error } = sent;
      return { kind: 'refused', code: error.serverCode, message: error.message, retryAfter: error.retryAfter, status: error.status };
    }
    if (sent.kind === 'waiting') {
      onWaiting?.(sent.waiting);
      await sleep(waitingRoomDelayMs(sent.waiting), signal);
      continue;
    }
    failures += 1;
    if (failures > retries) return { kind: 'unknown', message: sent.error?.message ?? '' };
    onRetry?.(failures);
    await sleep(backoffMs(failures), signal);
  }
}

const PENDING_PREFIX = 'gh_grab_key:';

/**
 * The key of an attempt that has no definite answer yet, per activity and session. Kept in
 * sessionStorage so that reloading the page after a lost answer still retries the same attempt.
 */
export const pendingGrabKeys = {
  get(activityId: string, sessionId: string): string | null {
    try {
      return window.sessionStorage.getItem(`${PENDING_PREFIX}${activityId}:${sessionId}`);
    } catch {
      return null;
    }
  },
  set(activityId: string, sessionId: string, key: string): void {
    try {
      window.sessionStorage.setItem(`${PENDING_PREFIX}${activityId}:${sessionId}`, key);
    } catch {
      // Without storage the key still lives in the page's memory.
    }
  },
  clear(activityId: string, sessionId: string): void {
    try {
      window.sessionStorage.removeItem(`${PENDING_PREFIX}${activityId}:${sessionId}`);
    } catch {
      // Nothing stored.
    }
  },
};
