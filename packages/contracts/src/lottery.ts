/**
 * Verifiable lotteries: the one algorithm that turns a secret seed and a list of entrants into a
 * draw order, so that anyone can recompute the winners from published values. Pure TypeScript for
 * the server and both apps: the caller supplies SHA-256 (node:crypto on the server, a synchronous
 * implementation in a browser), so this file needs no platform API but TextEncoder.
 *
 * `scripts/lottery-verify.mjs` reimplements the algorithm independently from the description
 * below, and `docs/LOTTERY.md` explains the procedure around it (commit, close, reveal, verify).
 */

/** The name and version of the algorithm; a published draw carries it. */
export const LOTTERY_ALGORITHM = 'gonghui-lottery-v1';

/**
 * gonghui-lottery-v1, precisely enough to reimplement in another language.
 *
 * Notation: `SHA-256(x)` is the 32-byte digest of the byte string x; `hex(d)` is d as 64
 * lowercase hexadecimal characters; `UTF-8(s)` is the UTF-8 encoding of the string s; `‖` is
 * concatenation. No Unicode normalisation is applied anywhere: strings are taken exactly as given.
 *
 * 1. Seed. 32 random bytes, written as exactly 64 lowercase hex characters (`[0-9a-f]{64}`). The
 *    seed is kept secret until the draw. Every later step uses the seed as this 64-character text,
 *    never as the 32 bytes it encodes.
 *
 * 2. Commitment. `commitment = hex(SHA-256(UTF-8(seed)))`, published before registration opens,
 *    so the organiser cannot choose the seed after seeing who entered.
 *
 * 3. Entrants. Each entrant is a non-empty string id (a member id, a ticket registration id…)
 *    that contains no control character (U+0000–U+001F, U+007F) and no unpaired surrogate (it must
 *    be valid Unicode text). The canonical list is the ids sorted in ascending order of their UTF-8
 *    bytes (lexicographic, a proper prefix first; this is the same as Unicode code point order),
 *    with duplicates removed. The entrants text is the canonical list joined with "\n" (U+000A),
 *    with no trailing newline; an empty list gives the empty text.
 *    `entrantsDigest = hex(SHA-256(UTF-8(entrants text)))`, published when registration closes.
 *    Note for JavaScript: the default string sort compares UTF-16 code units, which orders
 *    characters above U+FFFF before U+E000–U+FFFF; this file corrects for that.
 *
 * 4. Random stream. Block i (i = 0, 1, 2, …) is
 *    `SHA-256(UTF-8(seed ‖ ":" ‖ entrantsDigest ‖ ":" ‖ decimal(i)))`, where seed and
 *    entrantsDigest are their 64-character lowercase hex texts and decimal(i) is i in base 10 with
 *    no sign and no leading zeros ("0", "1", …, "10", …). The stream is block 0, then block 1, and
 *    so on, read 4 bytes at a time as big-endian unsigned 32-bit integers: block 0 gives the values
 *    0–7, block 1 the values 8–15, and so on. A value is consumed once; nothing is skipped.
 *
 * 5. Unbiased integer in [0, n), for 1 ≤ n ≤ 2^32. `limit = floor(2^32 / n) × n`. Take the next
 *    stream value u; if u ≥ limit, discard it and take the next one; otherwise the result is
 *    `u mod n`. (Discarding the top `2^32 mod n` values makes every result equally likely.)
 *
 * 6. Draw order. Start from the canonical list `a[0..len-1]` of step 3. For i from len − 1 down
 *    to 1: `j = unbiased integer in [0, i + 1)` (step 5), then swap a[i] and a[j] (Fisher–Yates in
 *    Durstenfeld's form; j may equal i). The resulting array is the draw order. With 0 or 1
 *    entrant no stream value is consumed.
 *
 * 7. Winners. With `places` places (a positive integer), the winners are the first
 *    `min(places, len)` ids of the draw order, in that order. The rest of the order is the waiting
 *    list: a place not confirmed in time goes to the first id after the winners still waiting.
 */
export type LotteryAlgorithm = typeof LOTTERY_ALGORITHM;

/** A synchronous SHA-256: the 32-byte digest of `data`. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** A source of uniformly distributed unsigned 32-bit integers. */
export type Uint32Source = () => number;

/** Step 1: 64 lowercase hex characters. */
export const LOTTERY_SEED_RE = /^[0-9a-f]{64}$/;
const HEX_DIGEST_RE = /^[0-9a-f]{64}$/;
const TWO_POW_32 = 0x1_0000_0000;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SURROGATE_RE = /[\uD800-\uDFFF]/;

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_BYTES[b]!;
  return out;
}

function digest(sha256: Sha256, data: Uint8Array): Uint8Array {
  const d = sha256(data);
  if (d.length !== 32) throw new Error(`The SHA-256 function returned ${d.length} bytes instead of 32`);
  return d;
}
const sha256Hex = (sha256: Sha256, text: string): string => toHex(digest(sha256, utf8(text)));

/** Whether `seed` is a well-formed seed (step 1). */
export const isLotterySeed = (seed: string): boolean => LOTTERY_SEED_RE.test(seed);

function assertSeed(seed: string): void {
  if (!isLotterySeed(seed)) throw new RangeError('A lottery seed is exactly 64 lowercase hex characters');
}

/** Why `id` cannot be an entrant id, or null when it can (step 3). */
export function entrantIdProblem(id: unknown): string | null {
  if (typeof id !== 'string') return 'an entrant id must be a string';
  if (id.length === 0) return 'an entrant id must not be empty';
  if (CONTROL_RE.test(id)) return `entrant id ${JSON.stringify(id)} contains a control character`;
  if (LONE_SURROGATE_RE.test(id)) return `entrant id ${JSON.stringify(id)} is not valid Unicode text`;
  return null;
}

/**
 * UTF-16 code units sort characters above U+FFFF (surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF,
 * unlike code points and UTF-8 bytes. Ranking U+E000–U+FFFF down by 0x800 and the surrogates up by
 * 0x2000, above them, restores code point order; only the first differing unit matters.
 */
const codePointRank = (unit: number): number => (unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);
function compareCodePoints(a: string, b: string): number {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * The canonical entrant list (step 3): sorted by UTF-8 bytes, duplicates removed. Throws a
 * RangeError naming the first id that cannot be an entrant.
 */
export function canonicalEntrants(ids: readonly string[]): string[] {
  let astral = false;
  for (const id of ids) {
    const problem = entrantIdProblem(id);
    if (problem) throw new RangeError(problem);
    if (!astral && SURROGATE_RE.test(id)) astral = true;
  }
  // Without surrogates, code unit order is code point order and the native sort is exact.
  const sorted = astral ? [...ids].sort(compareCodePoints) : [...ids].sort();
  const out: string[] = [];
  for (const id of sorted) if (out.length === 0 || out[out.length - 1] !== id) out.push(id);
  return out;
}

/** The entrants text (step 3): the canonical list joined with "\n". */
export const entrantsText = (ids: readonly string[]): string => canonicalEntrants(ids).join('\n');

/** The commitment to a seed (step 2): hex SHA-256 of its text. */
export function commitmentFor(sha256: Sha256, seed: string): string {
  assertSeed(seed);
  return sha256Hex(sha256, seed);
}

/** The entrants digest (step 3): hex SHA-256 of the entrants text. */
export const entrantsDigestFor = (sha256: Sha256, ids: readonly string[]): string => sha256Hex(sha256, entrantsText(ids));

/** The random stream (step 4) as a source of uint32 values. */
export function lotteryStream(sha256: Sha256, seed: string, entrantsDigest: string): Uint32Source {
  assertSeed(seed);
  if (!HEX_DIGEST_RE.test(entrantsDigest)) throw new RangeError('An entrants digest is exactly 64 lowercase hex characters');
  const prefix = `${seed}:${entrantsDigest}:`;
  let blockIndex = 0;
  let block: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return () => {
    if (offset >= block.length) {
      block = digest(sha256, utf8(prefix + String(blockIndex)));
      blockIndex += 1;
      offset = 0;
    }
    const value = ((block[offset]! << 24) | (block[offset + 1]! << 16) | (block[offset + 2]! << 8) | block[offset + 3]!) >>> 0;
    offset += 4;
    return value;
  };
}

/** An unbiased integer in [0, n) by rejection sampling (step 5); 1 ≤ n ≤ 2^32. */
export function uniformBelow(next: Uint32Source, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) throw new RangeError(`Cannot draw an integer below ${n}`);
  const limit = Math.floor(TWO_POW_32 / n) * n;
  for (;;) {
    const u = next();
    if (u < limit) return u % n;
  }
}

/** Fisher–Yates in Durstenfeld's form (step 6), in place; returns `items`. */
export function shuffleInPlace<T>(next: Uint32Source, items: T[]): T[] {
  for (let i = items.length - 1; i >= 1; i--) {
    const j = uniformBelow(next, i + 1);
    const held = items[i]!;
    items[i] = items[j]!;
    items[j] = held;
  }
  return items;
}

/** The draw order (steps 3–6) of the entrants for a seed. The input order of `entrantIds` is irrelevant. */
export function drawOrder(sha256: Sha256, seed: string, entrantIds: readonly string[]): string[] {
  assertSeed(seed);
  const canonical = canonicalEntrants(entrantIds);
  const entrantsDigest = sha256Hex(sha256, canonical.join('\n'));
  return shuffleInPlace(lotteryStream(sha256, seed, entrantsDigest), canonical);
}

/** The winners (step 7): the first `places` ids of a draw order. */
export function lotteryWinners(order: readonly string[], places: number): string[] {
  if (!Number.isInteger(places) || places < 1) throw new RangeError('The number of places is a positive integer');
  return order.slice(0, places);
}

/** What was published about a draw, to check. */
export interface PublishedDraw {
  /** When given, must be LOTTERY_ALGORITHM. */
  algorithm?: string;
  seed: string;
  commitment: string;
  entrantsDigest: string;
  entrantIds: readonly string[];
  /** The full published draw order, when there is one. */
  order?: readonly string[];
  /** The published winners, in draw order. */
  winners?: readonly string[];
  /** The number of places; without it the winners' count is taken as the number of places. */
  places?: number;
}

export interface DrawVerification {
  ok: boolean;
  problems: string[];
}

function firstDifference(expected: readonly string[], actual: readonly string[]): string | null {
  const len = Math.max(expected.length, actual.length);
  for (let i = 0; i < len; i++) {
    if (expected[i] !== actual[i]) {
      const show = (v: string | undefined) => (v === undefined ? 'nothing' : JSON.stringify(v));
      return `position ${i + 1} is ${show(actual[i])}, the recomputed draw has ${show(expected[i])}`;
    }
  }
  return null;
}

/**
 * Recompute a published draw: the commitment must match the seed, the digest the entrant list,
 * and the published order and winners the recomputed ones. Hex is compared case-insensitively.
 */
export function verifyDraw(sha256: Sha256, draw: PublishedDraw): DrawVerification {
  const problems: string[] = [];
  if (draw.algorithm !== undefined && draw.algorithm !== LOTTERY_ALGORITHM) {
    problems.push(`the algorithm is ${JSON.stringify(draw.algorithm)}, this verifier implements ${LOTTERY_ALGORITHM}`);
  }
  const seedOk = isLotterySeed(draw.seed);
  if (!seedOk) problems.push('the seed is not 64 lowercase hex characters');
  else if (sha256Hex(sha256, draw.seed) !== draw.commitment.toLowerCase()) problems.push('the commitment does not match the seed');

  let canonical: string[] | null = null;
  try {
    canonical = canonicalEntrants(draw.entrantIds);
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  if (canonical && sha256Hex(sha256, canonical.join('\n')) !== draw.entrantsDigest.toLowerCase()) {
    problems.push('the entrants digest does not match the entrant list');
  }

  if (draw.places !== undefined && (!Number.isInteger(draw.places) || draw.places < 1)) {
    problems.push('the number of places is not a positive integer');
  } else if (seedOk && canonical) {
    const order = drawOrder(sha256, draw.seed, canonical);
    if (draw.order) {
      const diff = firstDifference(order, draw.order);
      if (diff) problems.push(`the published order does not match: ${diff}`);
    }
    if (draw.winners) {
      const places = draw.places ?? draw.winners.length;
      const diff = firstDifference(order.slice(0, places), draw.winners);
      if (diff) problems.push(`the published winners do not match: ${diff}`);
    }
  }
  return { ok: problems.length === 0, problems };
}
