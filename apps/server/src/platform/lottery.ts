/**
 * Verifiable lotteries on the server: fresh seeds from node:crypto and the gonghui-lottery-v1
 * algorithm of `packages/contracts/src/lottery.ts` bound to node's SHA-256. The seed stays secret
 * (only its commitment is published) until the draw; see docs/LOTTERY.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  commitmentFor,
  drawOrder,
  entrantsDigestFor,
  verifyDraw,
  type DrawVerification,
  type PublishedDraw,
  type Sha256,
} from '@gonghui/contracts';

// Re-exported so server code and tests need only this module.
export {
  LOTTERY_ALGORITHM,
  canonicalEntrants,
  entrantsText,
  lotteryStream,
  lotteryWinners,
  shuffleInPlace,
  uniformBelow,
  type DrawVerification,
  type PublishedDraw,
  type Sha256,
  type Uint32Source,
} from '@gonghui/contracts';

/** Node's SHA-256 in the shape the lottery algorithm takes. */
export const nodeSha256: Sha256 = (data) => createHash('sha256').update(data).digest();

/** A new secret seed: 32 random bytes as 64 lowercase hex characters. */
export const newSeed = (): string => randomBytes(32).toString('hex');

/** The commitment to publish before registration opens. */
export const commitmentOf = (seed: string): string => commitmentFor(nodeSha256, seed);

/** The entrants digest to publish when registration closes. */
export const entrantsDigestOf = (ids: readonly string[]): string => entrantsDigestFor(nodeSha256, ids);

/** The draw order: the first `places` ids win, the rest wait in this order. */
export const drawOrderOf = (seed: string, ids: readonly string[]): string[] => drawOrder(nodeSha256, seed, ids);

/** Recompute a published draw. */
export const verifyDrawOf = (draw: PublishedDraw): DrawVerification => verifyDraw(nodeSha256, draw);
