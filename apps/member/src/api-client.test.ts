import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from './api-client';
import { ticket } from './test-fixtures';


function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('api.grab (POST /api/v1/activities/{id}/grab)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('answers a ticket for 201 and sends the key, session and proof of work', async () => {
    const fetch = vi.fn().mockResolvedValueOnce(answer(200, { status: 'ok' })).mockResolvedValueOnce(answer(201, ticket));
    vi.stubGlobal('fetch', fetch);
    const result = await api.grab('7', { sessionId: '3', pow: { challenge: 'c', nonce: 'n' } }, 'key-1');
    expect(result).toEqual({ kind: 'ticket', ticket });
    const [url, init] = fetch.mock.calls.at(-1) as [string, RequestInit];
    expect(url).toBe('/api/v1/activities/7/grab');
    expect((init.headers as Record<string, string>)['Idempotency-Key']).toBe('key-1');
    expect(JSON.parse(String(init.body))).toEqual({ sessionId: '3', pow: { challenge: 'c', nonce: 'n' } });
  });

  it('answers "waiting" for 202 from the waiting room', async () => {
    const waiting = { status: 'waiting', opensAt: '2026-10-01T01:00:00.000Z', retryAfterMs: 3000 };
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(202, waiting)));
    expect(await api.grab('7', { sessionId: '3' }, 'key-2')).toEqual({ kind: 'waiting', waiting });
  });

  it('refuses a 202 whose body is not a waiting answer', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(202, { hello: 1 })));
    await expect(api.grab('7', { sessionId: '3' }, 'key-3')).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 202 });
  });

  it('turns a refusal into an ApiError with the server message', async () => {
    const body = { error: { code: 'POW_INVALID', message: '人机验证未通过或已过期，请重试', messages: { 'zh-CN': '人机验证未通过或已过期，请重试', en: 'The anti-bot challenge failed or expired; try again' }, requestId: 'r1' } };
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(403, body)));
    const error: unknown = await api.grab('7', { sessionId: '3' }, 'key-4').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'POW_INVALID', message: '人机验证未通过或已过期，请重试' });
  });
});
