import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOTTERY_ALGORITHM, drawOrder, entrantsDigestFor, type PublicDraw } from '@gonghui/contracts';
import { drawFileFor, drawFileName, findEntry, recomputedCommitment, verifySessionDraw } from './lottery-check';

const nodeSha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const SEED = 'aa'.repeat(32);
const COMMITMENT = 'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb';
const SCRIPT = path.resolve(__dirname, '../../../scripts/lottery-verify.mjs');

function session(sessionId: string, entrants: string[], places: number, drawn: boolean): PublicDraw['draws'][number] {
  const order = drawn ? drawOrder(nodeSha256, SEED, entrants) : null;
  return {
    sessionId,
    sessionName: `场次 ${sessionId}`,
    places,
    entrantCount: entrants.length,
    entrantsDigest: entrantsDigestFor(nodeSha256, entrants),
    entrants,
    order,
    winners: order ? order.slice(0, places) : null,
  };
}

function publicDraw(drawn: boolean): PublicDraw {
  return {
    activityId: '12',
    title: '国庆返乡专列',
    algorithm: LOTTERY_ALGORITHM,
    commitment: COMMITMENT,
    seed: drawn ? SEED : null,
    windowEnd: '2026-09-10T10:00:00.000Z',
    closedAt: '2026-09-10T10:00:01.000Z',
    drawnAt: drawn ? '2026-09-10T12:00:00.000Z' : null,
    confirmHours: 48,
    draws: [
      session('3', ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10'], 3, drawn),
      session('4', ['901', '902', '903'], 5, drawn),
      session('5', [], 2, drawn),
    ],
  };
}

describe('verifySessionDraw (the public draw page, session by session)', () => {
  it('recomputes every session of a drawn activity with the one seed (the pinned vector for session 3)', () => {
    const draw = publicDraw(true);
    expect(draw.draws[0]?.winners).toEqual(['m10', 'm7', 'm1']);
    expect(recomputedCommitment(draw)).toBe(COMMITMENT);
    for (const s of draw.draws) {
      const result = verifySessionDraw(draw, s);
      expect(result).toMatchObject({ sessionId: s.sessionId, scope: 'full', ok: true, problems: [], entrantsDigest: s.entrantsDigest });
    }
  });

  it("uses the session's own places: fewer entrants than places all win", () => {
    const draw = publicDraw(true);
    const small = draw.draws[1]!;
    expect(small.winners).toHaveLength(3);
    expect(verifySessionDraw(draw, small)?.ok).toBe(true);
    // Claiming a winner more than the places allow is caught.
    const padded = { ...draw.draws[0]!, winners: [...draw.draws[0]!.winners!, 'm4'] };
    expect(verifySessionDraw(draw, padded)?.ok).toBe(false);
  });

  it('finds a tampered order, winners, list or another session’s digest', () => {
    const draw = publicDraw(true);
    const s = draw.draws[0]!;
    const swapped = [...s.order!];
    [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!];
    expect(verifySessionDraw(draw, { ...s, order: swapped })?.problems.join()).toMatch(/order does not match: position 5/);
    expect(verifySessionDraw(draw, { ...s, winners: ['m7', 'm10', 'm1'] })?.problems.join()).toMatch(/winners do not match/);
    expect(verifySessionDraw(draw, { ...s, entrants: [...s.entrants!, 'm11'] })?.problems.join()).toMatch(/digest does not match/);
    expect(verifySessionDraw(draw, { ...s, entrantsDigest: draw.draws[1]!.entrantsDigest })?.ok).toBe(false);
    expect(verifySessionDraw({ ...draw, seed: 'bb'.repeat(32) }, s)?.problems.join()).toMatch(/commitment does not match/);
    expect(verifySessionDraw(draw, { ...s, order: null })?.problems).toContain('the draw order is not published');
  });

  it('before the draw checks only the list against its digest; before the close nothing', () => {
    const draw = publicDraw(false);
    expect(verifySessionDraw(draw, draw.draws[0]!)).toMatchObject({ scope: 'digest', ok: true });
    expect(verifySessionDraw(draw, { ...draw.draws[0]!, entrants: ['m1'] })?.ok).toBe(false);
    expect(verifySessionDraw(draw, { ...draw.draws[0]!, entrants: null, entrantsDigest: null })).toBeNull();
  });
});

describe('drawFileFor (download draw.json per session)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gh-draw-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes what scripts/lottery-verify.mjs reads, and the script says OK', () => {
    const draw = publicDraw(true);
    for (const s of draw.draws) {
      const file = path.join(dir, drawFileName(draw, s));
      writeFileSync(file, drawFileFor(draw, s));
      const out = execFileSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
      expect(out).toMatch(/OK/);
    }
    expect(drawFileName(draw, draw.draws[0]!)).toBe('draw-12-3.json');
    const parsed = JSON.parse(drawFileFor(draw, draw.draws[0]!)) as Record<string, unknown>;
    expect(parsed).toMatchObject({ algorithm: LOTTERY_ALGORITHM, seed: SEED, commitment: COMMITMENT, places: 3, winners: ['m10', 'm7', 'm1'] });
  });

  it('a tampered file makes the script exit 1 (MISMATCH)', () => {
    const draw = publicDraw(true);
    const s = { ...draw.draws[0]!, winners: ['m7', 'm10', 'm1'] };
    const file = path.join(dir, 'tampered.json');
    writeFileSync(file, drawFileFor(draw, s));
    let status = 0;
    try {
      execFileSync(process.execPath, [SCRIPT, file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(1);
  });
});

describe('findEntry (highlighting my entry id)', () => {
  it('tells winner, place in line, listed or not listed', () => {
    const drawn = publicDraw(true);
    expect(findEntry(drawn, 'm7')).toMatchObject({ kind: 'winner', rank: 2, session: { sessionId: '3' } });
    expect(findEntry(drawn, 'm4')).toMatchObject({ kind: 'in_line', rank: 4, position: 1 });
    expect(findEntry(drawn, '902')).toMatchObject({ kind: 'winner', session: { sessionId: '4' } });
    expect(findEntry(drawn, 'zz')).toEqual({ kind: 'not_listed' });
    const closed = publicDraw(false);
    expect(findEntry(closed, '903')).toMatchObject({ kind: 'listed', session: { sessionId: '4' } });
    const open: PublicDraw = { ...closed, draws: closed.draws.map((s) => ({ ...s, entrants: null, entrantsDigest: null })) };
    expect(findEntry(open, '903')).toEqual({ kind: 'unknown' });
  });
});
