import http from "node:http";

export type PlannedRequest = { path: string; headers: Record<string, string>; body: string; id: string };
export type OpenLoopResult = {
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  failed: number;
  errors: number;
  latencies: number[];
  /** latencies of the 2xx answers alone */
  okLatencies: number[];
  acked: string[];
  /** 503 answers (load shed), and how many of them lacked a Retry-After */
  shed: number;
  shedWithoutRetryAfter: number;
  shedIds: string[];
  /** requests given up after `timeoutMs` without an answer (counted in neither ok nor errors) */
  timeouts: number;
};

/**
 * An open-loop load generator: requests leave at evenly spaced times whatever
 * the server is doing, and each latency is measured from the moment the
 * request was due, so a slow server cannot hide its queueing (no coordinated
 * omission). Bursty generators (a second's worth at once) measure the burst.
 */
export async function openLoop(opts: {
  host: string;
  port: number;
  rate: number;
  seconds: number;
  plan: (i: number) => PlannedRequest;
  /** Share one keep-alive agent across runs so a phase does not start by opening connections. */
  agent?: http.Agent;
  /** give a request up after this long without an answer (a vendor's patience); default: never */
  timeoutMs?: number;
}): Promise<OpenLoopResult> {
  const agent = opts.agent ?? new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  const okLatencies: number[] = [];
  const acked: string[] = [];
  const shedIds: string[] = [];
  let shed = 0;
  let shedWithoutRetryAfter = 0;
  let timeouts = 0;
  let ok = 0;
  let failed = 0;
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  const trace: [number, number][] = [];

  const fire = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const r = opts.plan(i);
      let timedOut = false;
      const req = http.request(
        { host: opts.host, port: opts.port, method: "POST", path: r.path, agent, headers: { ...r.headers, "content-length": Buffer.byteLength(r.body) } },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (timedOut) return;
            const latency = performance.now() - due;
            latencies.push(latency);
            if (process.env.OPEN_LOOP_TRACE) trace.push([Math.round(due - start), Math.round(latency)]);
            if (res.statusCode && res.statusCode < 300) {
              ok++;
              okLatencies.push(latency);
              acked.push(r.id);
            } else {
              failed++;
              if (res.statusCode === 503) {
                shed++;
                shedIds.push(r.id);
                if (!res.headers["retry-after"]) shedWithoutRetryAfter++;
              }
            }
            resolve();
          });
        },
      );
      req.on("error", () => {
        if (!timedOut) errors++;
        resolve();
      });
      if (opts.timeoutMs) {
        // from when the request was due, like the latency: a vendor's clock starts when it sends
        const timer = setTimeout(() => {
          timedOut = true;
          timeouts++;
          req.destroy();
          resolve();
        }, Math.max(0, due + opts.timeoutMs - performance.now()));
        req.on("close", () => clearTimeout(timer));
      }
      req.end(r.body);
    });

  while (sent < total) {
    const elapsed = performance.now() - start;
    const due = Math.min(total, Math.floor((elapsed / 1000) * opts.rate) + 1);
    for (; sent < due; sent++) inflight.push(fire(sent, start + (sent / opts.rate) * 1000));
    // Yield with a timer, not setImmediate: a spinning generator would steal a core from the server it measures.
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  if (!opts.agent) agent.destroy();
  if (process.env.OPEN_LOOP_TRACE) {
    const bySecond = new Map<number, number>();
    for (const [t, l] of trace) bySecond.set(Math.floor(t / 250), Math.max(bySecond.get(Math.floor(t / 250)) ?? 0, l));
    console.error([...bySecond].map(([s, l]) => `${s / 4}s:${l}`).join(" "));
  }
  return { rate: opts.rate, seconds: opts.seconds, sent, ok, failed, errors, latencies, okLatencies, acked, shed, shedWithoutRetryAfter, shedIds, timeouts };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(r: OpenLoopResult) {
  const s = [...r.latencies].sort((a, b) => a - b);
  const okSorted = [...r.okLatencies].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    rate: r.rate, seconds: r.seconds, sent: r.sent, ok: r.ok, failed: r.failed, errors: r.errors, shed: r.shed, timeouts: r.timeouts,
    p50_ms: round(percentile(s, 50)), p99_ms: round(percentile(s, 99)), max_ms: round(s[s.length - 1] ?? NaN),
    accepted_p99_ms: round(percentile(okSorted, 99)),
  };
}
