/**
 * The grab (抢票) as the activity page runs it: one Idempotency-Key per intended grab (grab.ts),
 * the proof of work solved before the first request of an attempt when the activity asks for one
 * (pow-solver.ts; solved ahead in the last minutes before the opening so the tap at the opening is
 * not slowed down), and the waiting room: a 202 before the opening is shown as such and the same
 * request is sent again until it has an answer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Toast } from 'antd-mobile';
import type { Activity, GrabWaiting } from '@gonghui/contracts';
import { api, errorMessage, type GrabInput } from '../api-client';
import type { GrabResult } from '../components/grab-result-sheet';
import { grabWithRetries, newIdempotencyKey, pendingGrabKeys, type GrabOutcome } from '../grab';
import { solvePowWithoutFreezing } from '../pow-solver';

/** How long one grab request may go unanswered before it counts as lost (then retried, same key). */
const GRAB_TIMEOUT_MS = 15_000;
/** A solved challenge is used only with this much of its life left (the server allows 5 minutes). */
const POW_MARGIN_MS = 30_000;
/** The proof of work is solved ahead this long before the opening (or the waiting room). */
export const POW_AHEAD_MS = 2 * 60_000;

export type GrabStep =
  | { stage: 'pow'; fraction: number }
  /** `attempt`: 0 for the first request, then the automatic retry number. */
  | { stage: 'sending'; attempt: number }
  | { stage: 'waiting'; waiting: GrabWaiting };

export interface GrabBusy {
  sessionId: string;
  step: GrabStep;
}

type Pow = NonNullable<GrabInput['pow']>;
interface SolvedPow extends Pow {
  /** Server clock (ms). */
  expiresAt: number;
}

/** When grab requests are accepted: the waiting room opens `waitingRoomMinutes` before the window. */
export function grabOpensAt(activity: Pick<Activity, 'windowStart' | 'waitingRoomMinutes'>): number {
  return Date.parse(activity.windowStart) - Math.max(0, activity.waitingRoomMinutes) * 60_000;
}

export function useGrab({ activity, offsetMs, reload }: { activity: Activity; offsetMs: number; reload: () => Promise<void> }) {
  const [busy, setBusy] = useState<GrabBusy | null>(null);
  const busyRef = useRef(false);
  const [result, setResult] = useState<GrabResult | null>(null);
  const [limitReached, setLimitReached] = useState(false);
  const [cooldownUntil, setCooldownUntil] = useState<number | null>(null);
  const granted = useRef(0);
  const keys = useRef(new Map<string, string>());
  const pows = useRef(new Map<string, Pow>());
  const prepared = useRef<SolvedPow | null>(null);
  const preparing = useRef<Promise<SolvedPow | null> | null>(null);
  const progressListener = useRef<((fraction: number) => void) | null>(null);
  const leaving = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    leaving.current = controller;
    return () => controller.abort();
  }, []);

  const serverNow = useCallback(() => Date.now() + offsetMs, [offsetMs]);

  /** Gets a challenge and solves it; progress goes to whoever is listening. */
  const solveNew = useCallback((): Promise<SolvedPow | null> => {
    if (preparing.current) return preparing.current;
    const signal = leaving.current?.signal;
    const task = (async () => {
      const challenge = await api.challenge(activity.id, signal);
      const nonce = await solvePowWithoutFreezing({
        challenge: challenge.challenge,
        difficulty: challenge.difficulty,
        signal,
        onProgress: ({ fraction }) => progressListener.current?.(fraction),
      });
      const expiresAt = Date.parse(challenge.expiresAt);
      return { challenge: challenge.challenge, nonce, expiresAt: Number.isNaN(expiresAt) ? serverNow() + 5 * 60_000 : expiresAt };
    })().finally(() => {
      preparing.current = null;
    });
    preparing.current = task;
    return task;
  }, [activity.id, serverNow]);

  const fresh = useCallback((pow: SolvedPow | null): pow is SolvedPow => pow !== null && pow.expiresAt - serverNow() > POW_MARGIN_MS, [serverNow]);

  /** A solved challenge for a new attempt: the one solved ahead when still fresh, else a new one. */
  const takePow = useCallback(
    async (onProgress: (fraction: number) => void): Promise<Pow> => {
      progressListener.current = onProgress;
      try {
        for (let round = 0; round < 2; round++) {
          if (fresh(prepared.current)) {
            const { challenge, nonce } = prepared.current;
            prepared.current = null;
            return { challenge, nonce };
          }
          const solved = await solveNew();
          if (fresh(solved)) return { challenge: solved.challenge, nonce: solved.nonce };
          // A background solve finished long ago (or too close to its expiry): once more, fresh.
        }
        throw new Error('The proof-of-work challenge expired while it was being solved');
      } finally {
        progressListener.current = null;
      }
    },
    [fresh, solveNew],
  );

  /** Solves one challenge ahead of the opening, quietly (a failure only means solving at the tap). */
  const prepare = useCallback(() => {
    if (activity.powDifficulty <= 0 || fresh(prepared.current) || preparing.current) return;
    solveNew()
      .then((solved) => {
        if (solved) prepared.current = solved;
      })
      .catch(() => undefined);
  }, [activity.powDifficulty, fresh, solveNew]);

  const grab = useCallback(
    async (sessionId: string) => {
      if (busyRef.current) return;
      // The button opens on the server's clock; a tap in the last instant before it is ignored.
      if (serverNow() < grabOpensAt(activity)) return;
      busyRef.current = true;
      // One key per intended grab: reused while the answer is unknown, replaced after a definite one.
      const key = keys.current.get(sessionId) ?? pendingGrabKeys.get(activity.id, sessionId) ?? newIdempotencyKey();
      keys.current.set(sessionId, key);
      pendingGrabKeys.set(activity.id, sessionId, key);
      try {
        let outcome: GrabOutcome;
        for (let powRound = 0; ; powRound++) {
          let pow = pows.current.get(key);
          if (activity.powDifficulty > 0 && !pow) {
            setBusy({ sessionId, step: { stage: 'pow', fraction: 0 } });
            pow = await takePow((fraction) => setBusy({ sessionId, step: { stage: 'pow', fraction } }));
            pows.current.set(key, pow);
          }
          setBusy({ sessionId, step: { stage: 'sending', attempt: 0 } });
          outcome = await grabWithRetries({
            activityId: activity.id,
            sessionId,
            key,
            pow,
            timeoutMs: GRAB_TIMEOUT_MS,
            signal: leaving.current?.signal,
            onRetry: (attempt) => setBusy({ sessionId, step: { stage: 'sending', attempt } }),
            onWaiting: (waiting) => setBusy({ sessionId, step: { stage: 'waiting', waiting } }),
          });
          const powRefused = outcome.kind === 'refused' && (outcome.code === 'POW_INVALID' || outcome.code === 'POW_REQUIRED');
          if (!powRefused) break;
          pows.current.delete(key);
          // The server forgets a grab refused for its proof of work: once, solve a new challenge and send it again, same key.
          if (powRound > 0 || activity.powDifficulty <= 0) break;
        }
        if (outcome.kind !== 'unknown') {
          keys.current.delete(sessionId);
          pows.current.delete(key);
          pendingGrabKeys.clear(activity.id, sessionId);
        }
        let resynced = false;
        if (outcome.kind === 'ok') {
          granted.current += 1;
          if (granted.current >= activity.perMemberLimit) setLimitReached(true);
        } else if (outcome.kind === 'refused') {
          if (outcome.code === 'LIMIT_REACHED') setLimitReached(true);
          if (outcome.code === 'RATE_LIMITED') setCooldownUntil(serverNow() + Math.max(1, outcome.retryAfter ?? 5) * 1000);
          // Our clock may be off: a reload measures the offset again.
          if (outcome.code === 'NOT_OPEN') resynced = true;
        }
        setResult({ sessionId, outcome, resynced });
        if (outcome.kind !== 'unknown') void reload();
      } catch (error) {
        if (!(error instanceof DOMException && error.name === 'AbortError')) Toast.show({ icon: 'fail', content: errorMessage(error) });
      } finally {
        busyRef.current = false;
        setBusy(null);
      }
    },
    [activity, serverNow, takePow, reload],
  );

  return { busy, result, setResult, grab, prepare, limitReached, cooldownUntil };
}
