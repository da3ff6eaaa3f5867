/**
 * An open-loop load: requests are sent at a fixed arrival rate, spread evenly in time, whether or
 * not earlier ones have been answered, over a pool of keep-alive connections opened beforehand.
 * Latency counts from the moment a request was due, so a stalled server is not hidden by the
 * generator waiting for it (coordinated omission). autocannon's rate limit fires each connection's
 * quota at the start of every second, which measures bursts, not a steady arrival rate.
 */
import http from 'node:http';
import { percentile } from './support.js';

export interface OpenLoopRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
/** What a load run measured (closed loop with autocannon, or open loop here). */
export interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  /** Answers by status class (`2xx`, `4xx`, …). */
  status: Record<string, number>;
  seconds: number;
}
export interface OpenLoopResult extends LoadFigures {
  /** The 99th percentile latency of the requests due in each second of the run. */
  p99BySecond: number[];
  /**
   * The most a request went out after it was due (ms): small means the load generator kept up, so
   * the latencies are the server's.
   */
  sendLagMax: number;
  /** Response time (ms since the run started) of each answer with this status. */
  at: (status: number) => number[];
}

/** `requests` requests at `rate` per second in all, spread over `connections` sockets per target. */
export async function openLoop(opts: { targets: string[]; connections: number; rate: number; requests: number; build: (i: number) => OpenLoopRequest }): Promise<OpenLoopResult> {
  const perTarget = Math.max(1, Math.floor(opts.connections / opts.targets.length));
  const agents = opts.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: perTarget, scheduling: 'fifo' }));
  // open every connection first (a burst of cheap requests), so the run itself uses all of them
  await Promise.all(
    opts.targets.flatMap((url, t) =>
      Array.from({ length: perTarget }, () => send(url, agents[t]!, { method: 'GET', path: '/api/health' }).catch(() => undefined)),
    ),
  );
  const latencies: number[] = [];
  const bySecond: number[][] = [];
  const status: Record<string, number> = {};
  const times = new Map<number, number[]>();
  let errors = 0;
  const started = performance.now();
  const interval = 1000 / opts.rate;
  const pending: Array<Promise<void>> = [];
  let sent = 0;
  let sendLagMax = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // every request whose time has come, each stamped with the time it was due
      while (sent < opts.requests && started + sent * interval <= now) {
        const i = sent++;
        const due = started + i * interval;
        sendLagMax = Math.max(sendLagMax, now - due);
        const t = i % opts.targets.length;
        pending.push(
          send(opts.targets[t]!, agents[t]!, opts.build(i)).then(
            (code) => {
              const done = performance.now();
              latencies.push(done - due);
              (bySecond[Math.floor((due - started) / 1000)] ??= []).push(done - due);
              const k = `${Math.floor(code / 100)}xx`;
              status[k] = (status[k] ?? 0) + 1;
              let list = times.get(code);
              if (!list) times.set(code, (list = []));
              list.push(done - started);
            },
            () => {
              errors++;
            },
          ),
        );
      }
      if (sent >= opts.requests) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  for (const a of agents) a.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    requests: latencies.length + errors,
    errors,
    status,
    seconds,
    p99BySecond: Array.from(bySecond, (l) => Math.round(percentile((l ?? []).sort((a, b) => a - b), 99))),
    sendLagMax: Math.round(sendLagMax),
    at: (code) => times.get(code) ?? [],
  };
}

function send(url: string, agent: http.Agent, r: OpenLoopRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${r.path}`, { method: r.method, agent, headers: { ...(r.headers ?? {}), ...(r.body ? { 'content-length': String(Buffer.byteLength(r.body)) } : {}) }, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(r.body);
  });
}
