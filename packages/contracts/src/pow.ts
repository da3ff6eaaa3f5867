/**
 * Proof of work for grabs (activities with `powDifficulty` > 0): the server hands out a signed
 * challenge; the client finds a nonce such that SHA-256(UTF-8(challenge ‖ ":" ‖ nonce)) starts
 * with `difficulty` zero bits. Shared by the server (checks) and the member app (solves); the
 * caller passes SHA-256, as for the lottery.
 */
import type { Sha256 } from './lottery.js';

const encoder = new TextEncoder();

/** The bytes that are hashed for a nonce. */
export const powInput = (challenge: string, nonce: string): Uint8Array => encoder.encode(`${challenge}:${nonce}`);

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export const powSolves = (sha256: Sha256, challenge: string, nonce: string, difficulty: number): boolean => leadingZeroBits(sha256(powInput(challenge, nonce))) >= difficulty;

/**
 * Search nonces start, start + 1, … for at most `tries` attempts; the nonce found, or null.
 * Callers solving in a UI thread call it in slices so the page stays responsive.
 */
export function solvePow(sha256: Sha256, challenge: string, difficulty: number, start = 0, tries = 1 << 30): string | null {
  for (let i = start; i < start + tries; i++) {
    const nonce = i.toString(36);
    if (powSolves(sha256, challenge, nonce, difficulty)) return nonce;
  }
  return null;
}
