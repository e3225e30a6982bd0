/**
 * The runtime's LISTEN connection (a connection of its own). A NOTIFY only makes
 * work start sooner, since the sweep finds what a lost one missed; but a listener
 * that is silently dead leaves every call waiting for the sweep, so it watches its
 * connection: TCP keepalive for a peer that vanished, and a cheap probe with a
 * timeout every few seconds for a connection that hangs without closing (a
 * dropped NAT entry, a proxy that stopped forwarding), which keepalive may never
 * notice. On any loss it reconnects (with backoff), LISTENs again and calls
 * `onConnected`: whatever was notified while it was deaf is gone, so the runtime
 * sweeps at once. Its `application_name` names the worker, so an operator (or a
 * test) can find it in pg_stat_activity. `session`, when given, runs after every
 * (re)connect and as the probe: the runtime's liveness lock rides on it.
 */
import pg from "pg";
import type { Logger } from "@/lib/log/logger";

export interface ListenerOptions {
  connectionString: string;
  channel: string;
  applicationName: string;
  onNotify(payload: string): void;
  /** after every successful (re)subscription, including the first */
  onConnected(): void;
  log: Logger;
  probeEveryMs?: number;
  probeTimeoutMs?: number;
  /** a statement for this connection's session state, run on connect and as the probe */
  session?: { text: string; values: unknown[] };
}

export interface Listener {
  close(): Promise<void>;
}

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 2_000;
const KEEPALIVE_DELAY_MS = 5_000;
const CONNECT_TIMEOUT_MS = 5_000;
/** how long close() waits for a polite goodbye on a connection that may be hung */
const CLOSE_WAIT_MS = 1_000;

/** Postgres keeps 63 bytes of application_name. */
export function listenerApplicationName(owner: string): string {
  return `switchboard calls listen ${owner}`.slice(0, 63);
}

export async function startListener(o: ListenerOptions): Promise<Listener> {
  const probeEveryMs = o.probeEveryMs ?? 5_000;
  const probeTimeoutMs = o.probeTimeoutMs ?? 2_000;
  let closed = false;
  let current: pg.Client | null = null;
  let probe: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  let retryMs = RETRY_MIN_MS;

  const reconnectLater = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs);
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  };

  /** Forget a connection (once) and get another; a stale client's late events change nothing. */
  const drop = (c: pg.Client, why: string) => {
    if (current !== c) return;
    current = null;
    if (probe) clearInterval(probe);
    probe = null;
    c.removeAllListeners("notification");
    // with the probe still in flight, end() destroys the socket rather than wait on it
    void c.end().catch(() => {});
    if (closed) return;
    o.log.warn({ err: why }, "call listener lost its connection; reconnecting");
    reconnectLater();
  };

  const startProbing = (c: pg.Client) => {
    let inFlight = false;
    probe = setInterval(() => {
      if (inFlight || current !== c) return;
      inFlight = true;
      const answer = o.session ? c.query(o.session.text, o.session.values) : c.query("SELECT 1");
      answer.catch(() => {}); // the error, if any, is handled below; a late one after a drop is no news
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to the listener probe within ${probeTimeoutMs} ms`)), probeTimeoutMs);
      });
      Promise.race([answer, timeout])
        .catch((e: unknown) => drop(c, e instanceof Error ? e.message : String(e)))
        .finally(() => {
          clearTimeout(timer);
          inFlight = false;
        });
    }, probeEveryMs);
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({
      connectionString: o.connectionString,
      application_name: o.applicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    c.on("notification", (msg) => {
      if (msg.payload) o.onNotify(msg.payload);
    });
    c.on("error", (e) => drop(c, e.message));
    c.on("end", () => drop(c, "connection ended"));
    try {
      await c.connect();
      if (o.session) await c.query(o.session.text, o.session.values);
      await c.query(`LISTEN ${o.channel}`);
    } catch (e) {
      void c.end().catch(() => {});
      if (closed) return;
      o.log.warn({ err: e instanceof Error ? e.message : String(e) }, "call listener could not connect; retrying");
      reconnectLater();
      return;
    }
    if (closed) {
      void c.end().catch(() => {});
      return;
    }
    current = c;
    retryMs = RETRY_MIN_MS;
    startProbing(c);
    o.onConnected();
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      if (probe) clearInterval(probe);
      const c = current;
      current = null;
      if (c) await Promise.race([c.end().catch(() => {}), new Promise((r) => setTimeout(r, CLOSE_WAIT_MS))]);
    },
  };
}
