/**
 * One Postgres connection that LISTENs on a channel and stays up: when it drops
 * (network, restart, pg_terminate_backend) it reconnects with exponential backoff and
 * jitter, LISTENs again and calls `onConnected` so the owner can catch up on what it
 * missed. TCP keepalive is on and every query has a client-side timeout, so a silently
 * dead socket is noticed by the owner's periodic query rather than hanging it forever.
 */
import pg from "pg";

export interface ListenerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ListenerOptions {
  connectionString: string;
  channel: string;
  /** shows in pg_stat_activity: how ops (and tests) find this connection */
  applicationName: string;
  log: ListenerLog;
  onNotify(payload: string): void;
  /** connected and listening: catch up; a throw counts as a lost connection */
  onConnected(client: pg.Client): Promise<void>;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  queryTimeoutMs?: number;
}

export interface Listener {
  /** the live connection, or null while reconnecting */
  client(): pg.Client | null;
  /** drop `client` if it is still the live one (a query on it failed or timed out) and reconnect */
  restart(client: pg.Client, reason: string): void;
  close(): Promise<void>;
}

export function startListener(o: ListenerOptions): Listener {
  const minMs = o.minBackoffMs ?? 100;
  const maxMs = o.maxBackoffMs ?? 5_000;
  let current: { client: pg.Client; drop: (why: string) => void } | null = null;
  let closed = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = () => {
    if (closed || timer) return;
    const delay = Math.min(maxMs, minMs * 2 ** attempt) * (0.8 + Math.random() * 0.4);
    attempt++;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    if (closed) return;
    const client = new pg.Client({
      connectionString: o.connectionString,
      application_name: o.applicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5_000,
      query_timeout: o.queryTimeoutMs ?? 10_000,
    });
    let dead = false;
    const drop = (why: string) => {
      if (dead) return;
      dead = true;
      if (current?.client === client) current = null;
      if (!closed) o.log.warn({ channel: o.channel, attempt, why }, "realtime listener lost its connection; reconnecting");
      void client.end().catch(() => {});
      schedule();
    };
    client.on("error", (e) => drop(e.message));
    client.on("end", () => drop("connection ended"));
    client.on("notification", (m) => {
      if (m.channel === o.channel) o.onNotify(m.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${o.channel}`);
      if (closed) {
        dead = true;
        await client.end().catch(() => {});
        return;
      }
      current = { client, drop };
      await o.onConnected(client);
      if (attempt > 0) o.log.info({ channel: o.channel, attempts: attempt }, "realtime listener reconnected");
      attempt = 0;
    } catch (e) {
      drop(e instanceof Error ? e.message : String(e));
    }
  };
  void connect();

  return {
    client: () => current?.client ?? null,
    restart: (client, reason) => {
      if (current?.client === client) current.drop(reason);
    },
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = current?.client;
      current = null;
      await c?.end().catch(() => {});
    },
  };
}
