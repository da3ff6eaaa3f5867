/**
 * Proof of work for grabs (活动 `powDifficulty` > 0): find a nonce for the server's challenge with
 * the contracts' `solvePow` on our synchronous SHA-256, without freezing the page. The search runs
 * in a Web Worker when the browser allows one (full speed, also in a background tab), and otherwise
 * in short slices on the page's thread, each followed by a yield so taps and the countdown still
 * get their turn. Both report progress as the chance that a solution would have been found by now.
 */
import { solvePow, type Sha256 } from '@gonghui/contracts';
import { H0, compress } from './lottery-sha256';

export interface PowProgress {
  /** Nonces tried so far. */
  tries: number;
  /** 0–1: how likely it is that a search this long would have found a nonce (never quite 1). */
  fraction: number;
}

export interface PowSolveOptions {
  challenge: string;
  difficulty: number;
  signal?: AbortSignal;
  onProgress?: (progress: PowProgress) => void;
  /** Target length of one slice on the page's thread. */
  sliceMs?: number;
  /** Gives the page its turn between slices (default: a macrotask). */
  yieldToPage?: () => Promise<void>;
  /** Search with this SHA-256 through the contracts' `solvePow` instead of the fast search (tests). */
  sha256?: Sha256;
  /** For tests: a clock in milliseconds. */
  now?: () => number;
}

/** The expected number of tries for `difficulty` leading zero bits. */
export const expectedTries = (difficulty: number): number => 2 ** Math.max(0, difficulty);

/** 1 − (1 − 2^−d)^tries ≈ 1 − e^(−tries / 2^d): monotonic, below 1, about 63 % at the expected count. */
export function powFraction(tries: number, difficulty: number): number {
  if (difficulty <= 0) return 1;
  return Math.min(0.99, 1 - Math.exp(-tries / expectedTries(difficulty)));
}

/**
 * The same search as the contracts' `solvePow` (nonces `start`, `start + 1`, … written in base 36,
 * SHA-256 of UTF-8 `challenge:nonce`, the first with `difficulty` leading zero bits), about ten
 * times faster: the message is padded once into a reused buffer, the blocks before the nonce are
 * hashed once, and only the leading words of the digest are looked at. `pow-solver.test.ts` pins it
 * to `solvePow`.
 */
export function searchPow(challenge: string, difficulty: number, start: number, tries: number): string | null {
  const prefix = new TextEncoder().encode(`${challenge}:`);
  const state = new Uint32Array(8);
  const midstate = new Uint32Array(8);
  let buffer = new Uint8Array(0);
  let nonceLength = -1;
  let firstBlock = 0;
  const fullWords = difficulty >>> 5;
  const restBits = difficulty & 31;
  const restMask = restBits === 0 ? 0 : (0xffffffff << (32 - restBits)) >>> 0;
  for (let i = start; i < start + tries; i++) {
    const nonce = i.toString(36);
    if (nonce.length !== nonceLength) {
      // A new message length: pad again, and hash the blocks that hold only the prefix once.
      nonceLength = nonce.length;
      const length = prefix.length + nonceLength;
      buffer = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
      buffer.set(prefix);
      buffer[length] = 0x80;
      const bits = length * 8;
      const view = new DataView(buffer.buffer);
      view.setUint32(buffer.length - 8, Math.floor(bits / 0x1_0000_0000));
      view.setUint32(buffer.length - 4, bits >>> 0);
      midstate.set(H0);
      firstBlock = Math.floor(prefix.length / 64) * 64;
      for (let offset = 0; offset < firstBlock; offset += 64) compress(midstate, buffer, offset);
    }
    for (let k = 0; k < nonceLength; k++) buffer[prefix.length + k] = nonce.charCodeAt(k);
    state.set(midstate);
    for (let offset = firstBlock; offset < buffer.length; offset += 64) compress(state, buffer, offset);
    let ok = true;
    for (let w = 0; w < fullWords; w++) {
      if (state[w] !== 0) {
        ok = false;
        break;
      }
    }
    if (ok && restBits > 0 && ((state[fullWords]! >>> 0) & restMask) !== 0) ok = false;
    if (ok) return nonce;
  }
  return null;
}

const MIN_SLICE = 64;
const MAX_SLICE = 1 << 17;

function macrotask(): Promise<void> {
  return new Promise((resolve) => globalThis.setTimeout(resolve, 0));
}

function aborted(): DOMException {
  return new DOMException('Aborted', 'AbortError');
}

/**
 * Searches nonces in slices of about `sliceMs`, yielding between them; resolves with the nonce.
 * The slice size adapts to the device's speed after each slice.
 */
export async function solvePowInSlices(options: PowSolveOptions): Promise<string> {
  const { challenge, difficulty, signal, onProgress, sliceMs = 12, sha256 } = options;
  const search = sha256 ? (from: number, n: number) => solvePow(sha256, challenge, difficulty, from, n) : (from: number, n: number) => searchPow(challenge, difficulty, from, n);
  const yieldToPage = options.yieldToPage ?? macrotask;
  const now = options.now ?? (() => performance.now());
  let start = 0;
  let slice = 256;
  for (;;) {
    if (signal?.aborted) throw aborted();
    const began = now();
    const nonce = search(start, slice);
    const tookMs = now() - began;
    if (nonce !== null) {
      onProgress?.({ tries: Number.parseInt(nonce, 36) + 1, fraction: 1 });
      return nonce;
    }
    start += slice;
    onProgress?.({ tries: start, fraction: powFraction(start, difficulty) });
    const scaled = tookMs > 0 ? Math.round((slice * sliceMs) / tookMs) : slice * 2;
    slice = Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.min(scaled, slice * 4)));
    await yieldToPage();
  }
}

/** Messages between the page and pow-worker.ts. */
export type PowWorkerRequest = { challenge: string; difficulty: number };
export type PowWorkerMessage = { type: 'progress'; tries: number; fraction: number } | { type: 'done'; nonce: string } | { type: 'error'; message: string };

function solveInWorker(options: PowSolveOptions): Promise<string> | null {
  if (typeof Worker === 'undefined') return null;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  return new Promise<string>((resolve, reject) => {
    const { signal } = options;
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(aborted());
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<PowWorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') options.onProgress?.({ tries: message.tries, fraction: message.fraction });
      else if (message.type === 'done') {
        finish();
        resolve(message.nonce);
      } else {
        finish();
        reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      // A worker that cannot start (an old browser, a blocked script): let the page thread do it.
      event.preventDefault();
      finish();
      reject(new WorkerUnavailable());
    };
    const request: PowWorkerRequest = { challenge: options.challenge, difficulty: options.difficulty };
    worker.postMessage(request);
  });
}

class WorkerUnavailable extends Error {}

/** Solves off the page's thread when possible, else in slices on it. */
export async function solvePowWithoutFreezing(options: PowSolveOptions): Promise<string> {
  const inWorker = solveInWorker(options);
  if (inWorker) {
    try {
      return await inWorker;
    } catch (error) {
      if (!(error instanceof WorkerUnavailable)) throw error;
    }
  }
  return solvePowInSlices(options);
}
