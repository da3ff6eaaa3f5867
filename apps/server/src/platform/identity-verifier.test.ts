import { createHmac } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { startFakeIdentityProvider, type FakeIdentityProvider } from '../test/fake-identity-provider.js';
import { AppError } from './errors.js';
import {
  createIdentityVerifier,
  HttpIdentityVerifier,
  ManualIdentityVerifier,
  type HttpIdentityVerifierOptions,
  type IdentityVerifierDeps,
} from './identity-verifier.js';

const SECRET = 'test-secret-0123456789abcdef';
const ZHANG = { name: '张三', idNumber: '11010519491231002X' };
const LI = { name: '李四', idNumber: '440106198605121357' };

const unavailable = (e: unknown) => e instanceof AppError && e.code === 'VERIFIER_UNAVAILABLE';

/** A clock the test moves by hand; it starts at the real time so the fake's ±5 min window holds. */
function manualClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => (offset += ms) };
}

describe('HttpIdentityVerifier', () => {
  let fake: FakeIdentityProvider;
  const verifier = (opts: Partial<HttpIdentityVerifierOptions> = {}, deps: IdentityVerifierDeps = {}) =>
    new HttpIdentityVerifier(
      { url: fake.url, keyId: 'gonghui-test', secret: SECRET, timeoutMs: 2000, breakerFailures: 5, breakerResetMs: 30_000, ...opts },
      deps,
    );

  beforeAll(async () => {
    fake = await startFakeIdentityProvider({ secret: SECRET, keyId: 'gonghui-test', people: [ZHANG, LI], slowMs: 3000 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('answers match when the name and the ID number belong together, and sends the signed request body', async () => {
    fake.setMode('ok');
    const v = verifier();
    expect(v.method).toBe('provider');
    const verdict = await v.check({ ...ZHANG, phone: '13800138000' });
    expect(verdict.outcome).toBe('match');
    expect(verdict.ref).toMatch(/^fake-/);
    expect(fake.lastRequest).toMatchObject({ name: ZHANG.name, idNumber: ZHANG.idNumber, phone: '13800138000' });
    expect(fake.lastRequest?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await v.check(LI);
    expect(fake.lastRequest?.phone).toBeNull();
  });

  it('answers mismatch when the ID number is known under another name', async () => {
    const verdict = await verifier().check({ name: '王五', idNumber: ZHANG.idNumber });
    expect(verdict).toMatchObject({ outcome: 'mismatch', reason: '姓名与身份证号码不一致', reasonEn: 'Name and ID number do not match' });
  });

  it('answers mismatch with its own reason when the ID number is unknown', async () => {
    const verdict = await verifier().check({ name: '王五', idNumber: '110101199003074475' });
    expect(verdict).toMatchObject({ outcome: 'mismatch', reason: '查无此身份证号码', reasonEn: 'No such ID number' });
  });

  it('is unavailable when the provider refuses the request signature (wrong secret)', async () => {
    const before = fake.calls;
    await expect(verifier({ secret: 'another-secret-0123456789' }).check(ZHANG)).rejects.toSatisfy(unavailable);
    expect(fake.calls).toBe(before + 1);
  });

  it('is unavailable when the answer is signed with the wrong key', async () => {
    fake.setMode('bad_signature');
    try {
      await expect(verifier().check(ZHANG)).rejects.toSatisfy(unavailable);
    } finally {
      fake.setMode('ok');
    }
  });

  it('is unavailable on a 500', async () => {
    fake.setMode('error');
    try {
      await expect(verifier().check(ZHANG)).rejects.toSatisfy(unavailable);
    } finally {
      fake.setMode('ok');
    }
  });

  it('is unavailable after the timeout, without waiting for the provider', async () => {
    fake.setMode('slow');
    const started = Date.now();
    try {
      await expect(verifier({ timeoutMs: 200 }).check(ZHANG)).rejects.toSatisfy(unavailable);
    } finally {
      fake.setMode('ok');
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('is unavailable on a network error, and logs why', async () => {
    const logged: unknown[] = [];
    const log = { warn: (...args: unknown[]) => logged.push(args) } as unknown as NonNullable<IdentityVerifierDeps['log']>;
    // A port that was just free: nothing listens there any more.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const addr = probe.address();
    const closedPort = typeof addr === 'object' && addr ? addr.port : 0;
    await new Promise<void>((r) => probe.close(() => r()));
    const v = new HttpIdentityVerifier(
      { url: `http://127.0.0.1:${closedPort}/check`, keyId: 'k', secret: SECRET, timeoutMs: 2000, breakerFailures: 5, breakerResetMs: 30_000 },
      { log },
    );
    await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
  });

  it('never logs the name or the ID number', async () => {
    const logged: unknown[] = [];
    const log = { warn: (...args: unknown[]) => logged.push(args) } as unknown as NonNullable<IdentityVerifierDeps['log']>;
    fake.setMode('error');
    try {
      await expect(verifier({}, { log }).check(ZHANG)).rejects.toSatisfy(unavailable);
    } finally {
      fake.setMode('ok');
    }
    expect(logged).toHaveLength(1);
    const text = JSON.stringify(logged);
    expect(text).toContain('500');
    expect(text).not.toContain(ZHANG.idNumber);
    expect(text).not.toContain(ZHANG.name);
  });

  describe('circuit breaker', () => {
    it('opens after N consecutive failures and then fails fast without calling the provider', async () => {
      const clock = manualClock();
      const v = verifier({ breakerFailures: 3, breakerResetMs: 30_000 }, { now: clock.now });
      fake.setMode('error');
      try {
        const before = fake.calls;
        for (let i = 0; i < 3; i++) await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
        expect(fake.calls).toBe(before + 3);
        expect(v.circuit).toBe('open');
        fake.setMode('ok');
        for (let i = 0; i < 5; i++) await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
        expect(fake.calls).toBe(before + 3);
        clock.advance(29_000);
        await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
        expect(fake.calls).toBe(before + 3);
      } finally {
        fake.setMode('ok');
      }
    });

    it('counts consecutive failures only: a success in between starts the count again', async () => {
      const v = verifier({ breakerFailures: 2 });
      fake.setMode('error');
      await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
      fake.setMode('ok');
      await v.check(ZHANG);
      fake.setMode('error');
      await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
      fake.setMode('ok');
      expect(v.circuit).toBe('closed');
      expect((await v.check(ZHANG)).outcome).toBe('match');
    });

    it('half-opens after the reset time: one trial call, whose success closes the circuit', async () => {
      const clock = manualClock();
      const v = verifier({ breakerFailures: 2, breakerResetMs: 30_000 }, { now: clock.now });
      fake.setMode('error');
      await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
      await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
      expect(v.circuit).toBe('open');

      clock.advance(30_000);
      expect(v.circuit).toBe('half_open');
      fake.setMode('ok');
      const before = fake.calls;
      expect((await v.check(ZHANG)).outcome).toBe('match');
      expect(fake.calls).toBe(before + 1);
      expect(v.circuit).toBe('closed');
      await v.check(LI);
      await v.check(LI);
      expect(fake.calls).toBe(before + 3);
    });

    it('lets exactly one trial through while half-open, and a failed trial opens the circuit again', async () => {
      const clock = manualClock();
      const v = verifier({ breakerFailures: 1, breakerResetMs: 30_000, timeoutMs: 300 }, { now: clock.now });
      fake.setMode('error');
      await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
      clock.advance(30_000);

      fake.setMode('slow');
      const before = fake.calls;
      const trial = v.check(ZHANG);
      await expect(v.check(LI)).rejects.toSatisfy(unavailable);
      await expect(trial).rejects.toSatisfy(unavailable);
      expect(fake.calls).toBe(before + 1);
      expect(v.circuit).toBe('open');

      fake.setMode('ok');
      await expect(v.check(ZHANG)).rejects.toSatisfy(unavailable);
      expect(fake.calls).toBe(before + 1);
      clock.advance(30_000);
      expect((await v.check(ZHANG)).outcome).toBe('match');
      expect(v.circuit).toBe('closed');
    });
  });
});

describe('HttpIdentityVerifier against a misbehaving provider', () => {
  /** A provider that answers every request with the given body, signed at the given time. */
  async function provider(answer: { body: string; signedAt?: number; status?: number }) {
    const server = createServer((req, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        const ts = String(Math.floor((answer.signedAt ?? Date.now()) / 1000));
        const sig = createHmac('sha256', SECRET).update(`${ts}\n${answer.body}`).digest('hex');
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', 'x-gh-timestamp': ts, 'x-gh-signature': sig });
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const v = new HttpIdentityVerifier({ url: `http://127.0.0.1:${port}/`, keyId: 'k', secret: SECRET, timeoutMs: 2000, breakerFailures: 5, breakerResetMs: 30_000 });
    return {
      v,
      close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    };
  }

  it('refuses a correctly signed answer from outside the ±5 minute window (a replay)', async () => {
    const p = await provider({ body: '{"result":"match","ref":"r1"}', signedAt: Date.now() - 6 * 60_000 });
    await expect(p.v.check(ZHANG)).rejects.toSatisfy(unavailable);
    await p.close();
    const fresh = await provider({ body: '{"result":"match","ref":"r1"}', signedAt: Date.now() - 60_000 });
    expect(await fresh.v.check(ZHANG)).toEqual({ outcome: 'match', ref: 'r1' });
    await fresh.close();
  });

  it('refuses a signed answer that is not the agreed shape', async () => {
    for (const body of ['{"result":"yes","ref":"r1"}', '{"result":"match"}', 'not json']) {
      const p = await provider({ body });
      await expect(p.v.check(ZHANG)).rejects.toSatisfy(unavailable);
      await p.close();
    }
  });

  it('refuses a signed 4xx answer', async () => {
    const p = await provider({ body: '{"result":"match","ref":"r1"}', status: 403 });
    await expect(p.v.check(ZHANG)).rejects.toSatisfy(unavailable);
    await p.close();
  });
});

describe('createIdentityVerifier', () => {
  it('is manual by default, and the manual verifier has no automatic check', async () => {
    const v = createIdentityVerifier(loadConfig({}));
    expect(v).toBeInstanceOf(ManualIdentityVerifier);
    expect(v.method).toBe('manual');
    await expect(v.check(ZHANG)).rejects.toThrow(/admin/);
  });

  it('builds the HTTP verifier from the configuration', () => {
    const config = loadConfig({
      IDENTITY_VERIFIER: 'http',
      IDENTITY_VERIFIER_URL: 'https://idv.example.com/v1/check',
      IDENTITY_VERIFIER_KEY_ID: 'gonghui',
      IDENTITY_VERIFIER_SECRET: SECRET,
    });
    expect(config.IDENTITY_VERIFIER_TIMEOUT_MS).toBe(3000);
    expect(config.IDENTITY_VERIFIER_BREAKER_FAILURES).toBe(5);
    expect(config.IDENTITY_VERIFIER_BREAKER_RESET_MS).toBe(30_000);
    const v = createIdentityVerifier(config);
    expect(v).toBeInstanceOf(HttpIdentityVerifier);
    expect(v.method).toBe('provider');
  });
});

describe('identity verifier configuration', () => {
  it('refuses to start in http mode without the URL, key id and secret, naming each', () => {
    expect(() => loadConfig({ IDENTITY_VERIFIER: 'http' })).toThrow(ConfigError);
    let message = '';
    try {
      loadConfig({ IDENTITY_VERIFIER: 'http' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/IDENTITY_VERIFIER_URL: required when IDENTITY_VERIFIER=http/);
    expect(message).toMatch(/IDENTITY_VERIFIER_KEY_ID: required/);
    expect(message).toMatch(/IDENTITY_VERIFIER_SECRET: required/);
  });

  it('refuses plain http to anything but this machine, and a short secret', () => {
    const base = { IDENTITY_VERIFIER: 'http', IDENTITY_VERIFIER_KEY_ID: 'k', IDENTITY_VERIFIER_SECRET: SECRET };
    expect(() => loadConfig({ ...base, IDENTITY_VERIFIER_URL: 'http://idv.example.com/check' })).toThrow(/must be https/);
    expect(() => loadConfig({ ...base, IDENTITY_VERIFIER_URL: 'http://127.0.0.1:8080/check' })).not.toThrow();
    expect(() => loadConfig({ ...base, IDENTITY_VERIFIER_URL: 'https://idv.example.com/check', IDENTITY_VERIFIER_SECRET: 'short' })).toThrow(/IDENTITY_VERIFIER_SECRET/);
  });

  it('has a default daily cap on failed verifications', () => {
    expect(loadConfig({}).VERIFICATION_MAX_FAILURES_PER_DAY).toBe(5);
  });
});
