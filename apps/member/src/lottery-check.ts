/**
 * Checking a published draw in the browser, session by session (each session of an activity is
 * drawn on its own with the one seed: docs/LOTTERY.md), with the contracts' `verifyDraw` on our
 * synchronous SHA-256; and each session's draw.json in the format `scripts/lottery-verify.mjs`
 * reads, so the same values can be checked independently.
 */
import { LOTTERY_ALGORITHM, commitmentFor, entrantsDigestFor, isLotterySeed, verifyDraw, type PublicDraw, type Sha256 } from '@gonghui/contracts';
import { sha256 as defaultSha256 } from './lottery-sha256';

export type SessionDraw = PublicDraw['draws'][number];

export interface SessionVerification {
  sessionId: string;
  /** 'full': seed, commitment, list, order and winners; 'digest': only the list against its digest. */
  scope: 'full' | 'digest';
  ok: boolean;
  problems: string[];
  /** The digest recomputed here from the published list (null when the list holds an impossible id). */
  entrantsDigest: string | null;
  ms: number;
}

/** Whether anything of the session can be checked yet: its list and digest are published. */
export const canCheckSession = (session: SessionDraw): boolean => session.entrants !== null && session.entrantsDigest !== null;

/** Whether the whole draw of the session is published: seed, commitment, list, order and winners. */
export const isSessionDrawn = (draw: PublicDraw, session: SessionDraw): boolean =>
  Boolean(draw.seed && draw.commitment && session.entrantsDigest && session.entrants && session.order && session.winners);

/** The commitment recomputed from the revealed seed, or null before the draw. */
export function recomputedCommitment(draw: Pick<PublicDraw, 'seed'>, sha256: Sha256 = defaultSha256): string | null {
  return draw.seed && isLotterySeed(draw.seed) ? commitmentFor(sha256, draw.seed) : null;
}

/** Recomputes one session: the whole draw once the seed is out, else its list against its digest; null when nothing is published. */
export function verifySessionDraw(draw: PublicDraw, session: SessionDraw, sha256: Sha256 = defaultSha256): SessionVerification | null {
  if (!session.entrants || !session.entrantsDigest) return null;
  const started = performance.now();
  let digest: string | null;
  try {
    digest = entrantsDigestFor(sha256, session.entrants);
  } catch {
    digest = null;
  }
  if (draw.seed && draw.commitment) {
    const result = verifyDraw(sha256, {
      algorithm: draw.algorithm,
      seed: draw.seed,
      commitment: draw.commitment,
      entrantsDigest: session.entrantsDigest,
      entrantIds: session.entrants,
      order: session.order ?? undefined,
      winners: session.winners ?? undefined,
      places: session.places,
    });
    const problems = [...result.problems];
    // A drawn session must publish its order and winners: a draw without them proves nothing.
    if (!session.order) problems.push('the draw order is not published');
    if (!session.winners) problems.push('the winners are not published');
    return { sessionId: session.sessionId, scope: 'full', ok: problems.length === 0, problems, entrantsDigest: digest, ms: performance.now() - started };
  }
  const problems: string[] = [];
  if (draw.algorithm !== LOTTERY_ALGORITHM) problems.push(`the algorithm is ${JSON.stringify(draw.algorithm)}, this verifier implements ${LOTTERY_ALGORITHM}`);
  if (digest === null) problems.push('the entrant list holds an id that cannot be an entrant');
  else if (digest !== session.entrantsDigest.toLowerCase()) problems.push('the entrants digest does not match the entrant list');
  if (session.entrants.length !== session.entrantCount) problems.push(`the list holds ${session.entrants.length} ids, the session says ${session.entrantCount} entrants`);
  return { sessionId: session.sessionId, scope: 'digest', ok: problems.length === 0, problems, entrantsDigest: digest, ms: performance.now() - started };
}

/** One session's draw as the file `scripts/lottery-verify.mjs` reads (docs/LOTTERY.md). */
export function drawFileFor(draw: PublicDraw, session: SessionDraw): string {
  return `${JSON.stringify(
    {
      algorithm: draw.algorithm,
      activityId: draw.activityId,
      sessionId: session.sessionId,
      sessionName: session.sessionName,
      seed: draw.seed,
      commitment: draw.commitment,
      entrantsDigest: session.entrantsDigest,
      entrants: session.entrants,
      places: session.places,
      winners: session.winners,
      // Optional in the file; the script refuses a null one.
      order: session.order ?? undefined,
    },
    null,
    2,
  )}\n`;
}

/** A file name per session, so the downloads of several sessions do not overwrite each other. */
export const drawFileName = (draw: Pick<PublicDraw, 'activityId'>, session: Pick<SessionDraw, 'sessionId'>): string =>
  `draw-${draw.activityId}-${session.sessionId}.json`;

export type MyEntryPlace =
  | { kind: 'winner'; session: SessionDraw; rank: number }
  /** Drawn but not among the winners: `position` in the waiting order (1 = first in line). */
  | { kind: 'in_line'; session: SessionDraw; rank: number; position: number }
  /** In a published list, not drawn yet. */
  | { kind: 'listed'; session: SessionDraw }
  | { kind: 'not_listed' }
  /** No list is published yet. */
  | { kind: 'unknown' };

/** Where an entry id stands in the published draw. */
export function findEntry(draw: PublicDraw, entryId: string): MyEntryPlace {
  let anyList = false;
  for (const session of draw.draws) {
    if (session.order) {
      const index = session.order.indexOf(entryId);
      if (index >= 0) {
        const winners = session.winners?.length ?? Math.min(session.places, session.order.length);
        return index < winners ? { kind: 'winner', session, rank: index + 1 } : { kind: 'in_line', session, rank: index + 1, position: index + 1 - winners };
      }
    }
    if (session.entrants) {
      anyList = true;
      if (session.entrants.includes(entryId)) return { kind: 'listed', session };
    }
  }
  return anyList ? { kind: 'not_listed' } : { kind: 'unknown' };
}
