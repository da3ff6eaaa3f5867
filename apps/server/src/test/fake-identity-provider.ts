/**
 * A fake carrier three-factor / network-ID provider for tests, speaking the signed protocol of
 * docs/CONFIGURATION.md ("Identity verification"). It is written from the document, not from
 * platform/identity-verifier.ts, so a mistake in either shows up as a failing test.
 *
 * It refuses (401) a request whose key id, timestamp window, nonce or signature is wrong, and
 * answers `match` when the name and ID number are one of `people`, `mismatch` when the ID number is
 * known under another name, `not_found` otherwise. Modes: 'slow' holds the answer (beyond any sane
 * timeout), 'error' answers 500, 'bad_signature' signs the answer with the wrong key.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type FakeIdentityProviderMode = 'ok' | 'slow' | 'error' | 'bad_signature';

export interface FakeIdentityProvider {
  url: string;
  /** Every request received, refused ones included. */
  readonly calls: number;
  /** The parsed body of the last request whose signature checked out. */
  readonly lastRequest: { requestId: string; name: string; idNumber: string; phone: string | null } | null;
  setMode(mode: FakeIdentityProviderMode): void;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 300;

function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v : '';
}

export async function startFakeIdentityProvider(opts: {
  secret: string;
  people: Array<{ name: string; idNumber: string }>;
  /** When set, requests with another x-gh-key-id are refused. */
  keyId?: string;
  /** How long 'slow' holds an answer. */
  slowMs?: number;
}): Promise<FakeIdentityProvider> {
  let mode: FakeIdentityProviderMode = 'ok';
  let calls = 0;
  let lastRequest: FakeIdentityProvider['lastRequest'] = null;
  const seenNonces = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, status: number, payload: unknown, signWith: string) => {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-gh-timestamp': timestamp,
      'x-gh-signature': hmacHex(signWith, `${timestamp}\n${body}`),
    });
    res.end(body);
  };

  const requestIsSigned = (req: IncomingMessage, body: string): boolean => {
    const timestamp = header(req, 'x-gh-timestamp');
    const nonce = header(req, 'x-gh-nonce');
    const signature = header(req, 'x-gh-signature');
    if (opts.keyId !== undefined && header(req, 'x-gh-key-id') !== opts.keyId) return false;
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > WINDOW_SECONDS) return false;
    if (!nonce || seenNonces.has(nonce)) return false;
    const expected = Buffer.from(hmacHex(opts.secret, `${timestamp}\n${nonce}\n${body}`), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    seenNonces.add(nonce);
    return true;
  };

  const server = createServer((req, res) => {
    calls += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || !requestIsSigned(req, body)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
        return;
      }
      const input = JSON.parse(body) as { requestId: string; name: string; idNumber: string; phone: string | null };
      lastRequest = input;
      if (mode === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
        return;
      }
      const known = opts.people.filter((p) => p.idNumber === input.idNumber);
      const result = known.length === 0 ? 'not_found' : known.some((p) => p.name === input.name) ? 'match' : 'mismatch';
      const payload = { result, ref: `fake-${randomUUID()}`, ...(result === 'match' ? {} : { message: result }) };
      const signWith = mode === 'bad_signature' ? `${opts.secret}-wrong` : opts.secret;
      if (mode === 'slow') {
        const t = setTimeout(() => {
          timers.delete(t);
          answer(res, 200, payload, signWith);
        }, opts.slowMs ?? 10_000);
        timers.add(t);
        return;
      }
      answer(res, 200, payload, signWith);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}/v1/identity/check`,
    get calls() {
      return calls;
    },
    get lastRequest() {
      return lastRequest;
    },
    setMode(m) {
      mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
