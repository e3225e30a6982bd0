/**
 * Load shedding for webhooks, in the front door before Next reads a byte: past a bound on
 * the webhooks this process has in flight (arrived, not yet answered), a webhook is answered
 * 503 with Retry-After at once instead of queueing for seconds behind the others. A vendor
 * that stopped waiting treats a late 200 as a failure anyway (Front switches a webhook off
 * past 5 s, Twilio drops the call past 15 s); a quick 503 is a failure it knows to handle.
 * - Twilio and Aircall retry a failed webhook (Aircall honours Retry-After).
 * - Front does not retry: what is shed is recovered by the comms sync (lib/sync/front-sync.ts),
 *   which reads Front's event log up to FRONT_SYNC_GRACE_S ago and stores what no webhook did.
 * Two bounds, either of which sheds:
 * - in flight: past WEBHOOK_MAX_INFLIGHT webhooks arrived and not yet answered (memory, and a
 *   database that stopped answering);
 * - behind: the process's event loop has run more than WEBHOOK_SHED_LAG_MS late for a whole
 *   WEBHOOK_SHED_LAG_WINDOW_MS (loop-lag.ts): the CPU is saturated and every webhook now
 *   waits in line. A slow database does not count here (waiting on it costs no CPU), so a
 *   commit hiccup sheds nothing while the in-flight bound holds.
 * A shed request stores nothing: it never reaches the route.
 * Per process: with several web processes (WEB_PROCESSES) each has its own bounds.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LagConfig } from "./loop-lag";

export const WEBHOOK_PATH_PREFIX = "/api/webhooks/";

export interface ShedConfig {
  /** webhooks in flight in this process before the next is shed; 0 turns shedding off */
  maxInFlight: number;
  retryAfterS: number;
  /** the event-loop bound (lagMs 0 turns it off); web/main.ts starts a LoopLag with it */
  lag?: LagConfig;
}

export function shedConfig(env: Record<string, string | undefined> = process.env): ShedConfig {
  const num = (v: string | undefined, dflt: number) => (v !== undefined && v !== "" && Number.isFinite(Number(v)) && Number(v) >= 0 ? Math.floor(Number(v)) : dflt);
  return {
    maxInFlight: num(env.WEBHOOK_MAX_INFLIGHT, 32),
    retryAfterS: Math.max(1, num(env.WEBHOOK_RETRY_AFTER_S, 2)),
    // 25 ms: the answer time bench:ingest calls capacity (p99); 100 ms: several samples, so one pause is not a queue
    lag: { lagMs: num(env.WEBHOOK_SHED_LAG_MS, 25), windowMs: Math.max(1, num(env.WEBHOOK_SHED_LAG_WINDOW_MS, 100)), sampleMs: 10 },
  };
}

export class WebhookShedder {
  private inFlight = 0;
  shed = 0;
  /** `behind`: the event-loop bound (web/main.ts passes a started LoopLag); none: in flight only */
  constructor(
    readonly config: ShedConfig,
    private readonly loop?: { readonly behind: boolean },
  ) {}

  get current(): number {
    return this.inFlight;
  }

  /** Takes a slot (false: none free). Release it once, when the answer is done. */
  tryAcquire(): boolean {
    if (this.config.maxInFlight > 0 && this.inFlight >= this.config.maxInFlight) return false;
    if (this.loop?.behind) return false;
    this.inFlight++;
    return true;
  }

  release(): void {
    this.inFlight--;
  }

  /**
   * "pass": not a webhook. "held": a webhook holding a slot, which the caller releases when
   * the route has finished with it (not when the client hangs up: a request its vendor gave
   * up on still costs the work until the route is done). "shed": answered 503 here.
   */
  admit(req: IncomingMessage, res: ServerResponse): "pass" | "held" | "shed" {
    if (!req.url?.startsWith(WEBHOOK_PATH_PREFIX)) return "pass";
    if (this.tryAcquire()) return "held";
    this.shed++;
    const body = '{"error":"overloaded, retry later"}';
    // The body is left unread; Node discards it after the answer, keeping the connection.
    res.writeHead(503, { "content-type": "application/json", "retry-after": String(this.config.retryAfterS), "content-length": Buffer.byteLength(body) });
    res.end(body);
    return "shed";
  }

  /** Runs the route for an admitted request, releasing its slot when the route is done. */
  serve(req: IncomingMessage, res: ServerResponse, route: () => Promise<unknown>): void {
    const slot = this.admit(req, res);
    if (slot === "shed") return;
    const done = route();
    if (slot === "held") void done.finally(() => this.release()).catch(() => {});
    else void done.catch(() => {});
  }
}
