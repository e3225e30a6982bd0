/**
 * Death detection without polling. For each peer that owns live calls, one connection
 * of ours waits on that peer's liveness lock (liveness.ts): pg_advisory_lock blocks
 * while the peer's LISTEN session holds it, and Postgres grants it the moment that
 * session ends. We let go at once (while we hold it, the peer would look alive to
 * everyone, and a peer whose listener reconnects could not take it back) and tell the
 * runtime, which sweeps: the calls move within milliseconds of the death instead of at
 * the next sweep tick. The periodic sweep stays the backstop for anything missed here.
 */
import pg from "pg";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import { LIVENESS_LOCK_CLASS } from "./liveness";

type Sql = Pick<Db, "$queryRaw">;

export interface PeerWatch {
  /** Watch the peers that own live calls now (and stop watching the others). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export function startPeerWatch(o: { connectionString: string; self: string; db: Sql; log: Logger; onPeerGone: (owner: string) => void }): PeerWatch {
  const watching = new Map<string, pg.Client>();
  let closed = false;

  const forget = (owner: string, c: pg.Client) => {
    if (watching.get(owner) === c) watching.delete(owner);
    void c.end().catch(() => {});
  };

  const watch = async (owner: string) => {
    const c = new pg.Client({ connectionString: o.connectionString, application_name: "switchboard calls peer watch" });
    c.on("error", () => {}); // a connection that dies is forgotten below; the sweep still covers its peer
    watching.set(owner, c);
    try {
      await c.connect();
    } catch {
      forget(owner, c);
      return;
    }
    if (closed || watching.get(owner) !== c) return forget(owner, c);
    const key = [LIVENESS_LOCK_CLASS, owner];
    c.query("SELECT pg_advisory_lock($1::int, hashtext($2))", key).then(
      async () => {
        await c.query("SELECT pg_advisory_unlock($1::int, hashtext($2))", key).catch(() => {});
        const ours = watching.get(owner) === c;
        forget(owner, c);
        if (ours && !closed) o.onPeerGone(owner);
      },
      () => forget(owner, c), // closed by refresh() or close()
    );
  };

  return {
    async refresh() {
      if (closed) return;
      const rows = await o.db.$queryRaw<{ owner: string }[]>`
        SELECT DISTINCT lease_owner AS owner FROM phone_calls
         WHERE lease_owner IS NOT NULL AND lease_owner <> ${o.self} AND state NOT IN ('completed', 'failed')`;
      const owners = new Set(rows.map((r) => r.owner));
      for (const [owner, c] of watching) if (!owners.has(owner)) forget(owner, c);
      for (const owner of owners) if (!watching.has(owner)) void watch(owner).catch((e: unknown) => o.log.warn({ err: String(e), owner }, "peer watch failed"));
    },
    async close() {
      closed = true;
      await Promise.all([...watching.values()].map((c) => c.end().catch(() => {})));
      watching.clear();
    },
  };
}
