import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, type GrabAnswer } from './api-client';
import { grabWithRetries, newIdempotencyKey, waitingRoomDelayMs } from './grab';
import { ticket } from './test-fixtures';

vi.mock('./api-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('./api-client')>();
  return { ...original, api: { ...original.api, grab: vi.fn() } };
});

const grab = vi.mocked(api.grab);
const noSleep = () => Promise.resolve();


const network = () => new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'offline' });
const refusal = (status: number, code: 'SOLD_OUT' | 'RATE_LIMITED' | 'SERVICE_UNAVAILABLE', retryAfter: number | null = null) =>
  new ApiError({ status, code, message: code, retryAfter });

describe('grabWithRetries (POST /api/v1/activities/{id}/grab)', () => {
  beforeEach(() => grab.mockReset());

  it('retries a lost answer with the same Idempotency-Key until the ticket comes', async () => {
    grab.mockRejectedValueOnce(network()).mockRejectedValueOnce(refusal(503, 'SERVICE_UNAVAILABLE')).mockResolvedValueOnce({ kind: 'ticket', ticket });
    const retries: number[] = [];
    const outcome = await grabWithRetries({ activityId: '7', sessionId: '3', key: 'key-1', timeoutMs: 1000, sleep: noSleep, onRetry: (n) => retries.push(n) });
    expect(outcome).toEqual({ kind: 'ok', ticket });
    expect(grab).toHaveBeenCalledTimes(3);
    expect(grab.mock.calls.map((call) => call[2])).toEqual(['key-1', 'key-1', 'key-1']);
    expect(grab.mock.calls[0]?.[1]).toEqual({ sessionId: '3' });
    expect(retries).toEqual([1, 2]);
  });

  it('stops at a definite refusal and reports its code and Retry-After', async () => {
    grab.mockRejectedValueOnce(refusal(429, 'RATE_LIMITED', 7));
    const outcome = await grabWithRetries({ activityId: '7', sessionId: '3', key: 'key-2', timeoutMs: 1000, sleep: noSleep });
    expect(outcome).toMatchObject({ kind: 'refused', code: 'RATE_LIMITED', retryAfter: 7, status: 429 });
    expect(grab).toHaveBeenCalledTimes(1);
  });

  it('keeps a code the contracts do not know yet', async () => {
    grab.mockRejectedValueOnce(new ApiError({ status: 409, code: 'INTERNAL', serverCode: 'WAITING_ROOM_FULL', message: '候场人数已满' }));
    const outcome = await grabWithRetries({ activityId: '7', sessionId: '3', key: 'key-3', timeoutMs: 1000, sleep: noSleep });
    expect(outcome).toMatchObject({ kind: 'refused', code: 'WAITING_ROOM_FULL', message: '候场人数已满' });
  });

  it('answers "unknown" when every attempt is lost, after 1 + retries requests with one key', async () => {
    for (let i = 0; i < 4; i++) grab.mockRejectedValueOnce(network());
    const outcome = await grabWithRetries({ activityId: '7', sessionId: '3', key: 'key-4', timeoutMs: 1000, retries: 3, sleep: noSleep });
    expect(outcome).toEqual({ kind: 'unknown', message: 'offline' });
    expect(grab).toHaveBeenCalledTimes(4);
    expect(new Set(grab.mock.calls.map((call) => call[2]))).toEqual(new Set(['key-4']));
  });

  it('counts a request that outlives its timeout as lost and sends it again', async () => {
    grab.mockImplementationOnce(
      (_id, _input, _key, signal) =>
        new Promise<GrabAnswer>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
        }),
    );
    grab.mockResolvedValueOnce({ kind: 'ticket', ticket });
    const outcome = await grabWithRetries({ activityId: '7', sessionId: '3', key: 'key-5', timeoutMs: 20, sleep: noSleep });
    expect(outcome.kind).toBe('ok');
    expect(grab).toHaveBeenCalledTimes(2);
  });

  it('gives up at once when the page is left', async () => {
    const leaving = new AbortController();
    grab.mockImplementationOnce(() => {
      leaving.abort();
      return Promise.reject(new DOMException('Aborted', 'AbortError'));
    });
    await expect(grabWithRetries({ activityId: '7', sessionId: '3', key: 'key-6', timeoutMs: 1000, signal: leaving.signal, sleep: noSleep })).rejects.toThrow('Aborted');
    expect(grab).toHaveBeenCalledTimes(1);
  });
});

describe('grabWithRetries in a waiting room (202 GrabWaiting)', () => {
  beforeEach(() => grab.mockReset());

  const waiting = (retryAfterMs: number): GrabAnswer => ({ kind: 'waiting', waiting: { status: 'waiting', opensAt: '2026-10-01T01:00:00.000Z', retryAfterMs } });

  it('asks again with the same key and the same proof of work after retryAfterMs, without using a retry', async () => {
    grab.mockResolvedValueOnce(waiting(4000)).mockResolvedValueOnce(waiting(1500)).mockResolvedValueOnce(waiting(800)).mockResolvedValueOnce({ kind: 'ticket', ticket });
    const slept: number[] = [];
    const told: number[] = [];
    const pow = { challenge: 'c1', nonce: 'x9' };
    const outcome = await grabWithRetries({
      activityId: '7',
      sessionId: '3',
      key: 'room-1',
      pow,
      timeoutMs: 1000,
      retries: 0,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
      onWaiting: (w) => told.push(w.retryAfterMs),
    });
    expect(outcome).toEqual({ kind: 'ok', ticket });
    expect(slept).toEqual([4000, 1500, 800]);
    expect(told).toEqual([4000, 1500, 800]);
    expect(grab.mock.calls.map((call) => call[2])).toEqual(['room-1', 'room-1', 'room-1', 'room-1']);
    for (const call of grab.mock.calls) expect(call[1]).toEqual({ sessionId: '3', pow });
  });

  it("ends with the room's refusal (SOLD_OUT) after the opening", async () => {
    grab.mockResolvedValueOnce(waiting(10)).mockRejectedValueOnce(refusal(409, 'SOLD_OUT'));
    const outcome = await grabWithRetries({ activityId: '7', sessionId: '3', key: 'room-2', timeoutMs: 1000, sleep: noSleep });
    expect(outcome).toMatchObject({ kind: 'refused', code: 'SOLD_OUT', status: 409 });
  });

  it('keeps the pause within bounds whatever the server asks', () => {
    const at = (retryAfterMs: number) => waitingRoomDelayMs({ status: 'waiting', opensAt: '', retryAfterMs });
    expect(at(0)).toBe(250);
    expect(at(2500)).toBe(2500);
    expect(at(10 * 60_000)).toBe(60_000);
  });
});

describe('newIdempotencyKey', () => {
  it('makes distinct version 4 UUIDs, also without crypto.randomUUID', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newIdempotencyKey()).toMatch(v4);
    // As in a page served over plain http (not a secure context): no randomUUID.
    const original = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(crypto), 'randomUUID');
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
      expect(keys.size).toBe(100);
      for (const key of keys) expect(key).toMatch(v4);
    } finally {
      delete (crypto as { randomUUID?: unknown }).randomUUID;
      if (original && !('randomUUID' in crypto)) Object.defineProperty(crypto, 'randomUUID', original);
    }
  });
});
