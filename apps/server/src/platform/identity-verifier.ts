/**
 * Real-name verification behind one interface. In 'manual' mode there is no automatic check: an
 * admin compares the uploaded ID photos. In 'http' mode a carrier three-factor / network-ID
 * provider answers at once over a signed JSON protocol (docs/CONFIGURATION.md, "Identity
 * verification"): both the request and the response carry an HMAC-SHA256 signature, so a forged or
 * tampered answer can never mark a person as verified.
 *
 * Every way the provider can fail (timeout, network error, non-2xx, bad signature, a body that is
 * not the agreed shape) is one AppError('VERIFIER_UNAVAILABLE'). A circuit breaker stops calling a
 * provider that keeps failing, so people get the answer at once instead of waiting for timeouts;
 * its state is per process. Names and ID numbers are never logged.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError } from './errors.js';

export interface IdentityCheck {
  name: string;
  idNumber: string;
  phone?: string | null;
}

export type IdentityVerdict =
  | { outcome: 'match'; ref: string }
  | { outcome: 'mismatch'; ref: string; reason: string; reasonEn: string };

export interface IdentityVerifier {
  readonly method: 'provider' | 'manual';
  /** Throws AppError('VERIFIER_UNAVAILABLE') on timeout, network error, 5xx, bad signature, or open circuit. */
  check(input: IdentityCheck): Promise<IdentityVerdict>;
}

export type IdentityVerifierConfig = Pick<
  Config,
  | 'IDENTITY_VERIFIER'
  | 'IDENTITY_VERIFIER_URL'
  | 'IDENTITY_VERIFIER_KEY_ID'
  | 'IDENTITY_VERIFIER_SECRET'
  | 'IDENTITY_VERIFIER_TIMEOUT_MS'
  | 'IDENTITY_VERIFIER_BREAKER_FAILURES'
  | 'IDENTITY_VERIFIER_BREAKER_RESET_MS'
>;

export interface IdentityVerifierDeps {
  /** Milliseconds since the epoch; injectable so tests can move the breaker's clock. */
  now?: () => number;
  log?: Pick<FastifyBaseLogger, 'warn'>;
}

/** A response signed further than this from our clock is refused (replayed or a broken clock). */
export const IDENTITY_SIGNATURE_WINDOW_SECONDS = 300;
/** A verdict is a few hundred bytes; anything far larger is not the agreed protocol. */
const MAX_RESPONSE_BYTES = 64 * 1024;

const providerResponseSchema = z.object({
  result: z.enum(['match', 'mismatch', 'not_found']),
  ref: z.string().min(1).max(200),
  message: z.string().max(2000).optional(),
});

const MISMATCH_REASONS = {
  mismatch: { reason: '姓名与身份证号码不一致', reasonEn: 'Name and ID number do not match' },
  not_found: { reason: '查无此身份证号码', reasonEn: 'No such ID number' },
} as const;

export class ManualIdentityVerifier implements IdentityVerifier {
  readonly method = 'manual' as const;
  async check(_input: IdentityCheck): Promise<IdentityVerdict> {
    throw new Error('Manual identity verification has no automatic check: an admin reviews the ID photos');
  }
}

export type CircuitState = 'closed' | 'open' | 'half_open';
type Ticket = 'closed' | 'trial';

/**
 * Closed: calls go through and consecutive failures are counted. After `failures` of them the
 * circuit opens for `resetMs`: calls fail fast. Then it is half-open: exactly one trial call goes
 * through (others still fail fast); its success closes the circuit, its failure opens it again.
 */
class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(private readonly opts: { failures: number; resetMs: number; now: () => number }) {}

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.opts.now() - this.openedAt >= this.opts.resetMs ? 'half_open' : 'open';
  }

  /** A ticket to call the provider, or null when the call must fail fast. */
  acquire(): Ticket | null {
    const state = this.state;
    if (state === 'closed') return 'closed';
    if (state === 'open' || this.trialInFlight) return null;
    this.trialInFlight = true;
    return 'trial';
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failed(ticket: Ticket): void {
    if (ticket === 'trial') {
      this.trialInFlight = false;
      this.openedAt = this.opts.now();
      return;
    }
    // A call that started before the circuit opened must not extend the open period.
    if (this.openedAt !== null) return;
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= this.opts.failures) this.openedAt = this.opts.now();
  }
}

/** Why one provider call failed; logged (never shown), always surfaced as VERIFIER_UNAVAILABLE. */
class ProviderFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }
}

function hmacHex(secret: string, ...parts: Array<string | Buffer>): string {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
}

function sameSignature(expectedHex: string, given: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(given, 'hex'));
}

/** undici says only "fetch failed"; the useful part (ECONNREFUSED, certificate errors) is the cause. */
function describeNetworkError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause: unknown = e.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? `${cause.code} ` : '';
    return `${e.message} (${code}${cause.message})`;
  }
  return e.message;
}

async function readLimited(res: Response, limit: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ProviderFailure('response body too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export interface HttpIdentityVerifierOptions {
  url: string;
  keyId: string;
  secret: string;
  timeoutMs: number;
  breakerFailures: number;
  breakerResetMs: number;
}

export class HttpIdentityVerifier implements IdentityVerifier {
  readonly method = 'provider' as const;
  private readonly now: () => number;
  private readonly log: Pick<FastifyBaseLogger, 'warn'> | undefined;
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly opts: HttpIdentityVerifierOptions,
    deps: IdentityVerifierDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    this.log = deps.log;
    this.breaker = new CircuitBreaker({ failures: opts.breakerFailures, resetMs: opts.breakerResetMs, now: this.now });
  }

  /** For health reporting. */
  get circuit(): CircuitState {
    return this.breaker.state;
  }

  async check(input: IdentityCheck): Promise<IdentityVerdict> {
    const ticket = this.breaker.acquire();
    if (ticket === null) {
      throw new AppError('VERIFIER_UNAVAILABLE', { cause: new Error('identity provider circuit is open') });
    }
    const requestId = randomUUID();
    try {
      const verdict = await this.call(requestId, input);
      this.breaker.succeeded();
      return verdict;
    } catch (cause) {
      this.breaker.failed(ticket);
      this.log?.warn(
        {
          identityProvider: {
            requestId,
            reason: cause instanceof Error ? cause.message : String(cause),
            status: cause instanceof ProviderFailure ? cause.status : undefined,
            circuit: this.breaker.state,
          },
        },
        'identity provider call failed',
      );
      throw new AppError('VERIFIER_UNAVAILABLE', { cause });
    }
  }

  private async call(requestId: string, input: IdentityCheck): Promise<IdentityVerdict> {
    const body = JSON.stringify({ requestId, name: input.name, idNumber: input.idNumber, phone: input.phone ?? null });
    const timestamp = String(Math.floor(this.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new ProviderFailure(`timed out after ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    let raw: Buffer;
    let res: Response;
    try {
      try {
        res = await fetch(this.opts.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            accept: 'application/json',
            'x-gh-key-id': this.opts.keyId,
            'x-gh-timestamp': timestamp,
            'x-gh-nonce': nonce,
            'x-gh-signature': hmacHex(this.opts.secret, `${timestamp}\n${nonce}\n${body}`),
          },
          body,
          // A redirect would resend personal data to a place nobody configured.
          redirect: 'error',
          signal: controller.signal,
        });
        if (!res.ok) {
          await res.body?.cancel().catch(() => undefined);
          throw new ProviderFailure(`provider answered ${res.status}`, res.status);
        }
        raw = await readLimited(res, MAX_RESPONSE_BYTES);
      } catch (e) {
        if (controller.signal.aborted && controller.signal.reason instanceof ProviderFailure) throw controller.signal.reason;
        if (e instanceof ProviderFailure) throw e;
        throw new ProviderFailure(`network error: ${describeNetworkError(e)}`);
      }
    } finally {
      clearTimeout(timer);
    }
    this.verifyResponseSignature(res, raw);

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ProviderFailure('response is not JSON', res.status);
    }
    const parsed = providerResponseSchema.safeParse(json);
    if (!parsed.success) throw new ProviderFailure('response does not have the agreed shape', res.status);
    const { result, ref } = parsed.data;
    if (result === 'match') return { outcome: 'match', ref };
    return { outcome: 'mismatch', ref, ...MISMATCH_REASONS[result] };
  }

  private verifyResponseSignature(res: Response, raw: Buffer): void {
    const timestamp = res.headers.get('x-gh-timestamp') ?? '';
    const signature = res.headers.get('x-gh-signature') ?? '';
    if (!/^\d{1,12}$/.test(timestamp)) throw new ProviderFailure('response timestamp missing or malformed', res.status);
    const skew = Math.abs(Math.floor(this.now() / 1000) - Number(timestamp));
    if (skew > IDENTITY_SIGNATURE_WINDOW_SECONDS) throw new ProviderFailure(`response timestamp ${skew} s away from our clock`, res.status);
    // Signed over the raw bytes, so the check cannot be fooled by how the body decodes.
    const expected = hmacHex(this.opts.secret, `${timestamp}\n`, raw);
    if (!sameSignature(expected, signature)) throw new ProviderFailure('response signature invalid', res.status);
  }
}

/** The verifier the configuration asks for (config.ts has already refused an incomplete 'http'). */
export function createIdentityVerifier(config: IdentityVerifierConfig, deps: IdentityVerifierDeps = {}): IdentityVerifier {
  if (config.IDENTITY_VERIFIER === 'manual') return new ManualIdentityVerifier();
  const { IDENTITY_VERIFIER_URL: url, IDENTITY_VERIFIER_KEY_ID: keyId, IDENTITY_VERIFIER_SECRET: secret } = config;
  if (!url || !keyId || !secret) {
    throw new Error('IDENTITY_VERIFIER=http needs IDENTITY_VERIFIER_URL, IDENTITY_VERIFIER_KEY_ID and IDENTITY_VERIFIER_SECRET');
  }
  return new HttpIdentityVerifier(
    {
      url,
      keyId,
      secret,
      timeoutMs: config.IDENTITY_VERIFIER_TIMEOUT_MS,
      breakerFailures: config.IDENTITY_VERIFIER_BREAKER_FAILURES,
      breakerResetMs: config.IDENTITY_VERIFIER_BREAKER_RESET_MS,
    },
    deps,
  );
}
