/**
 * The proof-of-work search in a Web Worker (started by pow-solver.ts): the same sliced search, with
 * longer slices and no need to yield, reporting progress after each slice. Terminated to stop.
 */
import { solvePowInSlices, type PowWorkerMessage, type PowWorkerRequest } from './pow-solver';

// The DOM typings describe a window; this file runs as a dedicated worker.
const scope = self as unknown as { onmessage: ((event: MessageEvent<PowWorkerRequest>) => void) | null; postMessage: (message: PowWorkerMessage) => void };

scope.onmessage = (event) => {
  const { challenge, difficulty } = event.data;
  solvePowInSlices({
    challenge,
    difficulty,
    sliceMs: 60,
    yieldToPage: () => Promise.resolve(),
    onProgress: ({ tries, fraction }) => scope.postMessage({ type: 'progress', tries, fraction }),
  })
    .then((nonce) => scope.postMessage({ type: 'done', nonce }))
    .catch((error: unknown) => scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
};
