/**
 * The worker's call runtime: the actors of the calls this worker holds leases on.
 *
 * Boot: take this worker's liveness lock (liveness.ts) on the LISTEN connection;
 * then, before taking new work, claim every call that has no live owner (its
 * worker died, or stopped) and recover it: finish its outbox and mailbox, ask
 * Twilio about its legs, resume or close it. Then: LISTEN for mailbox inserts
 * (wake the owner, or claim an unowned call), sweep, renew leases, and drop an
 * actor whose lease is gone. Stop: finish the step in progress and hand the
 * leases back.
 *
 * The sweep is what makes a lost NOTIFY only a delay: every sweepMs it claims
 * calls that need an owner and wakes each call it owns that has mail to read,
 * a timer that fell due or a row with no due time at all (a Twilio callback, a
 * staff command) whose NOTIFY went nowhere because the listener was down, and
 * each with an effect due for its next attempt (the actor's own timer is the
 * fast path). The listener also sweeps as soon as it has (re)subscribed.
 */
import { createDb } from "@/lib/db/client";
import { CallActor, type ActorHost, type StepMetric } from "./actor";
import type { CallDeps } from "./deps";
import { claimFree, claimOne, releaseAll, releaseIfIdle, renew, type Claimed } from "./lease";
import { listenerApplicationName, startListener } from "./listener";
import { holdLivenessQuery } from "./liveness";
import { startPeerWatch } from "./peer-watch";

export interface CallRuntimeOptions {
  deps: CallDeps;
  /** for LISTEN (a connection of its own) */
  connectionString: string;
  /** for leases and claims (a small pool of their own); default: connectionString */
  leaseConnectionString?: string;
  /** this worker's lease owner id: unique per process */
  owner: string;
  leaseMs?: number;
  /** the most calls this worker holds at once */
  capacity?: number;
  sweepMs?: number;
  /** how often the listener checks its connection, and how long it waits for the answer */
  listenerProbeMs?: number;
  listenerProbeTimeoutMs?: number;
  onStep?: (m: StepMetric) => void;
  onResumed?: (callId: string) => void;
  checkpoint?: ActorHost["checkpoint"];
}

export interface CallRuntime {
  owner: string;
  owned(): string[];
  /** finish the step in progress, hand every lease back */
  stop(): Promise<void>;
  /**
   * Drop everything at once, as a crashed process would: no more steps, no lease
   * renewal, no release; its LISTEN connection closes, so its liveness lock goes
   * with it and other workers take the calls at their next sweep.
   * What is mid-flight is not waited for. For tests and chaos runs.
   */
  abandon(): void;
}

const CLAIM_RETRY_MS = 200;
/** how often the sweep looks for peers to watch (peer-watch.ts) */
const PEER_REFRESH_MS = 1_000;

export async function startCallRuntime(o: CallRuntimeOptions): Promise<CallRuntime> {
  const { deps, owner } = o;
  const { db, log } = deps;
  // Leases and claims on connections of their own: a renewal never waits for a pooled
  // connection behind the actors' steps (under load that wait let live leases lapse).
  const leaseDb = createDb(o.leaseConnectionString ?? o.connectionString, { max: 2 });
  const leaseMs = o.leaseMs ?? deps.config.leaseMs;
  const capacity = o.capacity ?? 1_000;
  const sweepMs = o.sweepMs ?? 500;
  const actors = new Map<string, CallActor>();
  const lastClaimTry = new Map<string, number>();
  /** finished calls being handed back: a renewal that misses them is not news */
  const releasing = new Set<string>();
  let stopped = false;

  const host: ActorHost = {
    owner,
    deps,
    lost: (a) => {
      if (actors.get(a.id) === a) actors.delete(a.id);
      if (!stopped) log.info({ callId: a.id }, "call lease lost; another worker has it");
    },
    idle: (a) => {
      releasing.add(a.id);
      void releaseIfIdle(db, owner, a.id)
        .then((released) => {
          // something arrived meanwhile (or the lease went: renewal will notice): look again shortly
          if (!released) return a.wakeAfter(50);
          if (actors.get(a.id) === a) actors.delete(a.id);
          void a.stop();
        })
        .catch((e: unknown) => log.warn({ callId: a.id, err: String(e) }, "call release failed"))
        .finally(() => releasing.delete(a.id));
    },
    ...(o.onStep ? { onStep: o.onStep } : {}),
    ...(o.onResumed ? { onResumed: o.onResumed } : {}),
    ...(o.checkpoint ? { checkpoint: o.checkpoint } : {}),
  };

  const adopt = (c: Claimed): CallActor => {
    const existing = actors.get(c.id);
    if (existing) {
      existing.wake();
      return existing;
    }
    const actor = new CallActor(c.id, c.version, host);
    actors.set(c.id, actor);
    actor.wake();
    return actor;
  };

  /** until boot recovery is done, no new work: a NOTIFY or a sweep before then is caught by the sweep after it */
  let booted = false;

  const tryClaim = async (id: string) => {
    const now = Date.now();
    if (!booted || stopped || actors.size >= capacity || now - (lastClaimTry.get(id) ?? 0) < CLAIM_RETRY_MS) return;
    lastClaimTry.set(id, now);
    if (lastClaimTry.size > 10_000) lastClaimTry.clear();
    const claimed = await claimOne(leaseDb, owner, leaseMs, id);
    if (claimed && !stopped) adopt(claimed);
  };

  let sweeping = false;
  /** a peer died during a sweep: sweep again right after it, not at the next tick */
  let sweepAgain = false;
  let peersRefreshedAt = 0;
  const sweep = async () => {
    if (!booted || stopped) return;
    if (sweeping) {
      sweepAgain = true; // a slow sweep is not stacked on by the next tick
      return;
    }
    sweeping = true;
    sweepAgain = false;
    if (Date.now() - peersRefreshedAt >= PEER_REFRESH_MS) {
      peersRefreshedAt = Date.now();
      void peers.refresh().catch((e: unknown) => log.warn({ err: String(e) }, "peer watch refresh failed"));
    }
    try {
      const claimed = await claimFree(leaseDb, owner, leaseMs, capacity - actors.size);
      for (const c of claimed) if (!stopped) adopt(c);
      const ids = [...actors.keys()];
      if (ids.length === 0) return;
      const waiting = await db.$queryRaw<{ id: string; outbox: boolean }[]>`
        SELECT id::text, bool_or(outbox) AS outbox FROM (
          SELECT phone_call_id AS id, false AS outbox FROM call_events
           WHERE processed_at IS NULL AND (due_at IS NULL OR due_at <= now()) AND phone_call_id = ANY(${ids}::uuid[])
          UNION ALL
          SELECT phone_call_id, true FROM call_effects
           WHERE done_at IS NULL AND next_attempt_at <= now() AND phone_call_id = ANY(${ids}::uuid[])
        ) w GROUP BY id`;
      for (const { id, outbox } of waiting) actors.get(id)?.nudge(outbox);
    } finally {
      sweeping = false;
      if (sweepAgain && !stopped) setImmediate(sweepSoon);
    }
  };
  const sweepSoon = () => void sweep().catch((e: unknown) => log.warn({ err: String(e) }, "call sweep failed"));
  // a peer's death, the moment Postgres sees its connection go: sweep (and claim its calls) at once
  const peers = startPeerWatch({
    connectionString: o.leaseConnectionString ?? o.connectionString,
    self: owner,
    db: leaseDb,
    log,
    onPeerGone: (peer) => {
      log.info({ peer }, "a peer's connection is gone; taking its calls");
      sweepSoon();
    },
  });

  const listener = await startListener({
    connectionString: o.connectionString,
    channel: "call_event",
    applicationName: listenerApplicationName(owner),
    onNotify: (id) => {
      const actor = actors.get(id);
      if (actor) actor.wake();
      else void tryClaim(id).catch((e: unknown) => log.warn({ err: String(e) }, "call claim failed"));
    },
    onConnected: sweepSoon,
    // this worker's liveness lock: peers take its calls the moment this connection dies
    session: holdLivenessQuery(owner),
    log,
    ...(o.listenerProbeMs !== undefined ? { probeEveryMs: o.listenerProbeMs } : {}),
    ...(o.listenerProbeTimeoutMs !== undefined ? { probeTimeoutMs: o.listenerProbeTimeoutMs } : {}),
  });

  // Leases are renewed from the start: boot recovery can take longer than a lease.
  // One renewal at a time: a slow one is not stacked on by the next tick.
  let renewing = false;
  const renewal = setInterval(() => {
    if (renewing) return;
    renewing = true;
    const ids = [...actors.keys()];
    void renew(leaseDb, owner, leaseMs, ids)
      .then((held) => {
        for (const id of ids) {
          const actor = actors.get(id);
          if (held.has(id) || !actor) continue;
          actors.delete(id);
          void actor.stop();
          if (!releasing.has(id)) log.warn({ callId: id }, "call lease expired before renewal; dropped");
        }
      })
      .catch((e: unknown) => log.warn({ err: String(e) }, "call lease renewal failed"))
      .finally(() => {
        renewing = false;
      });
  }, Math.max(50, Math.floor(leaseMs / 3)));

  // Boot recovery (holding the liveness lock, so peers leave these calls alone), before any new work is taken.
  const orphans = await claimFree(db, owner, leaseMs, capacity);
  if (orphans.length > 0) {
    log.info({ calls: orphans.length, resumed: orphans.filter((c) => c.version > 0).length }, "recovering calls without an owner");
    await Promise.all(orphans.map((c) => adopt(c).settled()));
  }
  booted = true;
  sweepSoon();
  const sweeper = setInterval(sweepSoon, sweepMs);

  return {
    owner,
    owned: () => [...actors.keys()],
    abandon: () => {
      stopped = true;
      clearInterval(sweeper);
      clearInterval(renewal);
      void peers.close();
      void listener.close();
      void leaseDb.$disconnect();
      for (const a of actors.values()) void a.stop();
      actors.clear();
    },
    stop: async () => {
      stopped = true;
      clearInterval(sweeper);
      clearInterval(renewal);
      await peers.close();
      await Promise.all([...actors.values()].map((a) => a.stop()));
      actors.clear();
      await releaseAll(leaseDb, owner);
      // last: while it is open, peers know this worker is alive and leave its calls to it
      await listener.close();
      await leaseDb.$disconnect();
    },
  };
}
