import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LOTTERY_ALGORITHM,
  canonicalEntrants,
  commitmentOf,
  drawOrderOf,
  entrantsDigestOf,
  entrantsText,
  lotteryStream,
  lotteryWinners,
  newSeed,
  nodeSha256,
  uniformBelow,
  verifyDrawOf,
  type Uint32Source,
} from './lottery.js';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/lottery-verify.mjs', import.meta.url));

const seedA = 'aa'.repeat(32);
const m1to10 = Array.from({ length: 10 }, (_, i) => `m${i + 1}`);
/** A deterministic seed per label, so the statistical tests are reproducible. */
const seedOf = (label: string) => createHash('sha256').update(label).digest('hex');
/** A stub stream that yields the given values, then fails the test if asked for more. */
function stubStream(values: number[]): Uint32Source & { calls: () => number } {
  let i = 0;
  const next = () => {
    if (i >= values.length) throw new Error('the stub stream ran out');
    return values[i++]!;
  };
  return Object.assign(next, { calls: () => i });
}

describe('gonghui-lottery-v1: the known-answer vector', () => {
  // Pinned once (and cross-checked with an independent Python implementation): any change to the
  // algorithm breaks these, which is the point. Also the worked example in docs/LOTTERY.md.
  it('seed aa…aa, entrants m1…m10', () => {
    expect(LOTTERY_ALGORITHM).toBe('gonghui-lottery-v1');
    expect(commitmentOf(seedA)).toBe('ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb');
    expect(entrantsText(m1to10)).toBe('m1\nm10\nm2\nm3\nm4\nm5\nm6\nm7\nm8\nm9');
    expect(entrantsDigestOf(m1to10)).toBe('1ecab24ebb3c823902b74e3c4e38eb53c3b4d13baf72ce59ef5c258bb6632802');
    expect(drawOrderOf(seedA, m1to10)).toEqual(['m10', 'm7', 'm1', 'm4', 'm3', 'm6', 'm5', 'm9', 'm2', 'm8']);
  });

  it('the stream is SHA-256(seed:digest:i) read as big-endian uint32, 8 values a block', () => {
    const digest = entrantsDigestOf(m1to10);
    const next = lotteryStream(nodeSha256, seedA, digest);
    const values = Array.from({ length: 17 }, () => next());
    const block = (i: number) => createHash('sha256').update(`${seedA}:${digest}:${i}`).digest();
    expect(values[0]).toBe(block(0).readUInt32BE(0));
    expect(values[7]).toBe(block(0).readUInt32BE(28));
    expect(values[8]).toBe(block(1).readUInt32BE(0));
    expect(values[16]).toBe(block(2).readUInt32BE(0));
  });
});

describe('drawOrder', () => {
  it('is deterministic and ignores the input order and duplicates of the entrants', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `member-${i}`);
    const order = drawOrderOf(seedA, ids);
    expect(drawOrderOf(seedA, ids)).toEqual(order);
    expect(drawOrderOf(seedA, [...ids].reverse())).toEqual(order);
    expect(drawOrderOf(seedA, [...ids, 'member-3', 'member-7'])).toEqual(order);
  });

  it('is a permutation of the distinct entrants', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `t${(i * 7919) % 1000}`);
    const order = drawOrderOf(seedOf('perm'), ids);
    expect(order).toHaveLength(500);
    expect([...order].sort()).toEqual(canonicalEntrants(ids));
  });

  it('changes when one entrant or the seed changes', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `m${i}`);
    const order = drawOrderOf(seedA, ids);
    const swapped = ids.map((id) => (id === 'm5' ? 'm5x' : id));
    const other = drawOrderOf(seedA, swapped);
    // Not just the one id renamed: the digest feeds the stream, so the whole order moves.
    expect(other.map((id) => (id === 'm5x' ? 'm5' : id))).not.toEqual(order);
    expect(drawOrderOf(seedA, ids.slice(1))).not.toEqual(order.filter((id) => id !== 'm0'));
    expect(drawOrderOf('ab'.repeat(32), ids)).not.toEqual(order);
    expect(drawOrderOf(`${'a'.repeat(63)}b`, ids)).not.toEqual(order);
  });

  it('handles no entrant and one entrant', () => {
    expect(drawOrderOf(seedA, [])).toEqual([]);
    expect(entrantsDigestOf([])).toBe(createHash('sha256').update('').digest('hex'));
    expect(drawOrderOf(seedA, ['only'])).toEqual(['only']);
  });

  it('refuses a malformed seed and malformed entrant ids', () => {
    expect(() => drawOrderOf('AA'.repeat(32), m1to10)).toThrow(RangeError);
    expect(() => drawOrderOf('aa'.repeat(31), m1to10)).toThrow(RangeError);
    expect(() => commitmentOf('xyz')).toThrow(RangeError);
    for (const bad of ['', 'a\nb', 'a\rb', 'tab\t', '\u007f', 'lone\uD800', '\uDC00x']) {
      expect(() => drawOrderOf(seedA, ['ok', bad])).toThrow(RangeError);
    }
  });

  it('draws 100,000 entrants quickly', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `member-${i}`);
    const started = performance.now();
    const order = drawOrderOf(newSeed(), ids);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(new Set(order).size).toBe(100_000);
  });
});

describe('canonicalEntrants', () => {
  it('sorts by UTF-8 bytes (code points), not UTF-16 code units', () => {
    // U+FF21 (fullwidth A) is below U+1F600 in code points and UTF-8, above it in UTF-16 units.
    const ids = ['😀', '\uFF21', 'b', 'a', '张三', 'a', 'B', '𠀀', '\uFFFF'];
    const byUtf8 = [...new Set(ids)].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(canonicalEntrants(ids)).toEqual(['B', 'a', 'b', '张三', '\uFF21', '\uFFFF', '😀', '𠀀']);
    expect(canonicalEntrants(ids)).toEqual(byUtf8);
    expect(entrantsText(ids)).toBe(byUtf8.join('\n'));
  });

  it('matches a UTF-8 byte sort on random mixed-script ids', () => {
    const alphabet = ['a', 'z', '0', '~', 'é', '张', '\uE000', '\uFF21', '\uFFFD', '😀', '𝔸', '\u{10FFFF}'];
    let x = 12345;
    const rand = (n: number) => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x % n;
    };
    const ids = Array.from({ length: 2_000 }, () => Array.from({ length: 1 + rand(4) }, () => alphabet[rand(alphabet.length)]!).join(''));
    const byUtf8 = [...new Set(ids)].sort((p, q) => Buffer.compare(Buffer.from(p), Buffer.from(q)));
    expect(canonicalEntrants(ids)).toEqual(byUtf8);
  });
});

describe('uniformBelow (rejection sampling)', () => {
  it('rejects the values at or above floor(2^32 / n) * n', () => {
    // n = 3: limit = 4294967295, so only 0xFFFFFFFF is rejected.
    const three = stubStream([0xffffffff, 0xffffffff, 0xfffffffe]);
    expect(uniformBelow(three, 3)).toBe(0xfffffffe % 3);
    expect(three.calls()).toBe(3);

    // n = 2^31 + 1: limit = n, so nearly half of all values are rejected.
    const n = 2 ** 31 + 1;
    const big = stubStream([0xffffffff, n, n + 12345, n - 1]);
    expect(uniformBelow(big, n)).toBe(n - 1);
    expect(big.calls()).toBe(4);

    // n = 10: limit = 4294967290; the six values 4294967290…4294967295 are rejected.
    const ten = stubStream([4294967290, 4294967295, 4294967289]);
    expect(uniformBelow(ten, 10)).toBe(9);
    expect(ten.calls()).toBe(3);
  });

  it('accepts the first value below the limit and never rejects for powers of two', () => {
    const s = stubStream([0xffffffff]);
    expect(uniformBelow(s, 2 ** 16)).toBe(0xffff);
    expect(uniformBelow(stubStream([7]), 1)).toBe(0);
    expect(uniformBelow(stubStream([0xffffffff]), 2 ** 32)).toBe(0xffffffff);
  });

  it('refuses an impossible range', () => {
    for (const n of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) expect(() => uniformBelow(stubStream([1]), n)).toThrow(RangeError);
  });

  it('puts each of 3 entrants in each position about 1/3 of the time over 60,000 draws', () => {
    const draws = 60_000;
    const ids = ['x', 'y', 'z'];
    const counts = new Map<string, number[]>(ids.map((id) => [id, [0, 0, 0]]));
    for (let k = 0; k < draws; k++) {
      drawOrderOf(seedOf(`stat-${k}`), ids).forEach((id, position) => {
        counts.get(id)![position]! += 1;
      });
    }
    for (const id of ids) {
      for (const c of counts.get(id)!) expect(Math.abs(c / draws - 1 / 3)).toBeLessThan(0.02);
    }
  });
});

describe('verifyDraw', () => {
  const published = () => {
    const order = drawOrderOf(seedA, m1to10);
    return {
      algorithm: LOTTERY_ALGORITHM,
      seed: seedA,
      commitment: commitmentOf(seedA),
      entrantsDigest: entrantsDigestOf(m1to10),
      entrantIds: [...m1to10].reverse(),
      order,
      places: 3,
      winners: lotteryWinners(order, 3),
    };
  };

  it('accepts an honest draw', () => {
    expect(verifyDrawOf(published())).toEqual({ ok: true, problems: [] });
    const { order: _order, ...withoutOrder } = published();
    expect(verifyDrawOf(withoutOrder).ok).toBe(true);
    expect(verifyDrawOf({ ...published(), commitment: commitmentOf(seedA).toUpperCase() }).ok).toBe(true);
  });

  it('detects a wrong seed', () => {
    const r = verifyDrawOf({ ...published(), seed: 'ab'.repeat(32) });
    expect(r.ok).toBe(false);
    expect(r.problems).toContain('the commitment does not match the seed');
    expect(verifyDrawOf({ ...published(), seed: 'not hex' }).problems).toContain('the seed is not 64 lowercase hex characters');
  });

  it('detects a wrong digest or a changed entrant list', () => {
    expect(verifyDrawOf({ ...published(), entrantsDigest: entrantsDigestOf(['m1']) }).problems).toContain(
      'the entrants digest does not match the entrant list',
    );
    const r = verifyDrawOf({ ...published(), entrantIds: [...m1to10, 'm11'] });
    expect(r.problems).toContain('the entrants digest does not match the entrant list');
    expect(r.ok).toBe(false);
  });

  it('detects a tampered order or tampered winners', () => {
    const p = published();
    const order = [...p.order];
    [order[0], order[5]] = [order[5]!, order[0]!];
    const r = verifyDrawOf({ ...p, order });
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/^the published order does not match: position 1 /);

    expect(verifyDrawOf({ ...p, winners: [p.order[0]!, p.order[1]!, 'm99'] }).ok).toBe(false);
    expect(verifyDrawOf({ ...p, winners: p.order.slice(0, 2) }).ok).toBe(false);
    expect(verifyDrawOf({ ...p, winners: [p.order[1]!, p.order[0]!, p.order[2]!] }).ok).toBe(false);
    expect(verifyDrawOf({ ...p, places: 0 }).ok).toBe(false);
    expect(verifyDrawOf({ ...p, algorithm: 'gonghui-lottery-v0' }).ok).toBe(false);
  });

  it('accepts all entrants as winners when there are more places than entrants', () => {
    const p = published();
    expect(verifyDrawOf({ ...p, places: 50, winners: p.order }).ok).toBe(true);
  });
});

describe('scripts/lottery-verify.mjs (an independent implementation)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gh-lottery-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const drawFile = (name: string, ids: string[], places: number, tamper?: (d: Record<string, unknown>) => void) => {
    const seed = newSeed();
    const order = drawOrderOf(seed, ids);
    const draw: Record<string, unknown> = {
      algorithm: LOTTERY_ALGORITHM,
      seed,
      commitment: commitmentOf(seed),
      entrantsDigest: entrantsDigestOf(ids),
      entrants: ids,
      places,
      winners: lotteryWinners(order, places),
      order,
    };
    tamper?.(draw);
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(draw, null, 2));
    return file;
  };
  const run = (file: string) => spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });

  // Mixed scripts and characters above U+FFFF check that both sort entrants the same way.
  const ids = [...Array.from({ length: 300 }, (_, i) => `member-${i}`), '张三', '李四', '\uFF21', '😀', '𠀀', 'é'];

  it('recomputes an honest draw and exits 0', () => {
    const res = run(drawFile('honest', ids, 5));
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('OK');
    expect(res.stdout).not.toContain('MISMATCH');
    expect(res.status).toBe(0);
  });

  it('agrees with the pinned vector', () => {
    const order = drawOrderOf(seedA, m1to10);
    const file = path.join(dir, 'vector.json');
    writeFileSync(
      file,
      JSON.stringify({
        algorithm: LOTTERY_ALGORITHM,
        seed: seedA,
        commitment: 'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb',
        entrantsDigest: '1ecab24ebb3c823902b74e3c4e38eb53c3b4d13baf72ce59ef5c258bb6632802',
        entrants: m1to10,
        places: 3,
        winners: ['m10', 'm7', 'm1'],
        order,
      }),
    );
    const res = run(file);
    expect(res.stdout).toContain('1. m10');
    expect(res.status).toBe(0);
  });

  it('exits 1 on a tampered draw', () => {
    const swapWinner = run(
      drawFile('tampered-winners', ids, 5, (d) => {
        const order = d.order as string[];
        d.winners = [order[5], ...order.slice(1, 5)];
      }),
    );
    expect(swapWinner.stdout).toContain('MISMATCH');
    expect(swapWinner.status).toBe(1);

    const extraEntrant = run(drawFile('tampered-entrants', ids, 5, (d) => (d.entrants = [...ids, 'late-entry'])));
    expect(extraEntrant.status).toBe(1);

    const otherSeed = run(drawFile('tampered-seed', ids, 5, (d) => (d.seed = newSeed())));
    expect(otherSeed.stdout).toContain('commitment does not match');
    expect(otherSeed.status).toBe(1);
  });

  it('exits 2 on a file that is not a draw', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{"seed": 1}');
    expect(run(file).status).toBe(2);
  });
});
