import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, powInput, powSolves, solvePow } from '@gonghui/contracts';
import { sha256 } from './lottery-sha256';
import { expectedTries, powFraction, searchPow, solvePowInSlices, solvePowWithoutFreezing, type PowProgress } from './pow-solver';

const nodeSha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

describe('solvePowInSlices (the grab proof of work, on the page thread)', () => {
  it('finds the same nonce as one long solvePow call, yielding between slices', async () => {
    const challenge = 'v1.7.1700000000.abcdef';
    const difficulty = 12;
    let yields = 0;
    const progress: PowProgress[] = [];
    const nonce = await solvePowInSlices({
      challenge,
      difficulty,
      yieldToPage: () => {
        yields += 1;
        return Promise.resolve();
      },
      onProgress: (p) => progress.push(p),
    });
    expect(nonce).toBe(solvePow(sha256, challenge, difficulty));
    // What the server checks, with its own SHA-256.
    expect(powSolves(nodeSha256, challenge, nonce, difficulty)).toBe(true);
    expect(leadingZeroBits(nodeSha256(powInput(challenge, nonce)))).toBeGreaterThanOrEqual(difficulty);
    expect(yields).toBe(progress.length - 1);
    expect(progress.at(-1)?.fraction).toBe(1);
    const fractions = progress.map((p) => p.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('keeps each slice near the target length on a slow device', async () => {
    // A fake clock: every hash "takes" 0.1 ms, so a 12 ms slice holds about 120 tries.
    let clock = 0;
    const slowSha = (data: Uint8Array) => {
      clock += 0.1;
      return sha256(data);
    };
    const sizes: number[] = [];
    let last = 0;
    await solvePowInSlices({
      challenge: 'slow',
      difficulty: 14,
      sha256: slowSha,
      now: () => clock,
      yieldToPage: () => Promise.resolve(),
      onProgress: ({ tries }) => {
        sizes.push(tries - last);
        last = tries;
      },
    });
    expect(sizes.length).toBeGreaterThan(3);
    for (const size of sizes.slice(1, -1)) expect(size).toBeLessThanOrEqual(130);
  });

  it('stops when the member leaves the page', async () => {
    const leaving = new AbortController();
    let slices = 0;
    const solving = solvePowInSlices({
      challenge: 'never',
      difficulty: 40,
      signal: leaving.signal,
      yieldToPage: () => {
        slices += 1;
        if (slices === 3) leaving.abort();
        return Promise.resolve();
      },
    });
    await expect(solving).rejects.toThrow('Aborted');
    expect(slices).toBe(3);
  });

  it('answers at once for difficulty 0', async () => {
    expect(await solvePowInSlices({ challenge: 'c', difficulty: 0 })).toBe('0');
  });

  it('falls back to slices where there is no Worker (as here in Node)', async () => {
    const nonce = await solvePowWithoutFreezing({ challenge: 'fallback', difficulty: 8 });
    expect(powSolves(sha256, 'fallback', nonce, 8)).toBe(true);
  });
});

describe('searchPow (the fast search behind the solver)', () => {
  it('finds exactly what the contracts\' solvePow finds, across block boundaries and nonce lengths', () => {
    const challenges = ['', 'c', '工会', 'v1.7.1700000000.abcdef.0123456789abcdefghijkl'];
    for (let n = 50; n <= 135; n += 1) challenges.push('x'.repeat(n));
    for (const challenge of challenges) {
      for (const difficulty of [0, 1, 5, 8]) {
        expect(searchPow(challenge, difficulty, 0, 5000)).toBe(solvePow(sha256, challenge, difficulty, 0, 5000));
      }
      // Nonces that change length inside the search (35 → "z", 36 → "10", 1295 → "zz", 1296 → "100").
      expect(searchPow(challenge, 9, 30, 3000)).toBe(solvePow(sha256, challenge, 9, 30, 3000));
    }
  });

  it('answers null when nothing in the range solves, like solvePow', () => {
    expect(searchPow('none', 30, 0, 2000)).toBeNull();
    expect(solvePow(sha256, 'none', 30, 0, 2000)).toBeNull();
  });

  it('is much faster than hashing each message from scratch', () => {
    const challenge = '7.1795891234567.AbCdEfGhIjKl.0123456789abcdefghijkl';
    let began = performance.now();
    searchPow(challenge, 32, 0, 40_000);
    const fast = performance.now() - began;
    began = performance.now();
    solvePow(sha256, challenge, 32, 0, 40_000);
    const plain = performance.now() - began;
    expect(fast).toBeLessThan(plain);
  });
});

describe('powFraction (the progress shown: 人机验证中… n%)', () => {
  it('rises with the tries, about 63 % at the expected count, never 100 % before the end', () => {
    expect(expectedTries(16)).toBe(65_536);
    expect(powFraction(0, 16)).toBe(0);
    expect(powFraction(65_536, 16)).toBeCloseTo(0.632, 2);
    expect(powFraction(10 * 65_536, 16)).toBe(0.99);
    expect(powFraction(1000, 16)).toBeLessThan(powFraction(2000, 16));
  });
});
