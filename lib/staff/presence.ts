/**
 * A staff member's presence as people set it, and as their softphone keeps it true.
 *
 * Manual: available, away, offline. Automatic: busy (a call claims them) and
 * wrap_up (after a call they talked on, until they save their note or the wrap-up
 * time passes). Routing rings only staff who are available *and* whose softphone
 * sent a heartbeat within the TTL, so a closed laptop is never rung; the stored
 * presence stays what the person chose. Whenever someone becomes free, the longest
 * waiting queued call is told (offerToQueue), so a queued caller rings them next.
 */
import type { Db } from "@/lib/db/client";
import { presenceChanged } from "./presence-news";
import { reachableSql } from "./reachable";

type Sql = Pick<Db, "$queryRaw" | "$executeRaw" | "$executeRawUnsafe">;

export const MANUAL_PRESENCE = ["available", "away", "offline"] as const;
export type ManualPresence = (typeof MANUAL_PRESENCE)[number];
export type Presence = ManualPresence | "busy" | "wrap_up";

export interface PresenceState {
  staffId: string;
  presence: Presence;
  changedAt: string;
  /** wrap_up: until when (then available by itself) */
  wrapUpUntil: string | null;
  wrapUpCallId: string | null;
  /** the softphone's heartbeat is fresh: routing may ring this person */
  reachable: boolean;
}

type Row = { id: string; presence: Presence; presence_changed_at: Date; wrap_up_until: Date | null; wrap_up_call_id: string | null; reachable: boolean };

const toState = (r: Row): PresenceState => ({
  staffId: r.id,
  presence: r.presence,
  changedAt: r.presence_changed_at.toISOString(),
  wrapUpUntil: r.wrap_up_until?.toISOString() ?? null,
  wrapUpCallId: r.wrap_up_call_id,
  reachable: r.reachable,
});

export async function presenceOf(db: Sql, staffId: string, ttlS: number): Promise<PresenceState | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT id::text, presence::text AS presence, presence_changed_at, wrap_up_until, wrap_up_call_id::text,
           COALESCE(${reachableSql(ttlS)}, false) AS reachable
      FROM staff WHERE id = ${staffId}::uuid`;
  return rows[0] ? toState(rows[0]) : null;
}

/** Everyone's presence (the transfer list, the team panel), reachable first. */
export async function teamPresence(db: Sql, ttlS: number): Promise<(PresenceState & { name: string })[]> {
  const rows = await db.$queryRaw<(Row & { display_name: string })[]>`
    SELECT id::text, display_name, presence::text AS presence, presence_changed_at, wrap_up_until, wrap_up_call_id::text,
           COALESCE(${reachableSql(ttlS)}, false) AS reachable
      FROM staff WHERE user_id IS NOT NULL ORDER BY display_name`;
  return rows.map((r) => ({ ...toState(r), name: r.display_name }));
}

export type SetPresence = { ok: true; state: PresenceState } | { ok: false; reason: "no_staff" | "on_a_call" };

/**
 * The person chose a presence. Busy is the call's to end, not theirs; choosing
 * available during wrap-up ends the wrap-up (without a note).
 */
export async function setManualPresence(db: Db, staffId: string, presence: ManualPresence, ttlS: number): Promise<SetPresence> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ presence: Presence }[]>`SELECT presence::text AS presence FROM staff WHERE id = ${staffId}::uuid FOR UPDATE`;
    const current = rows[0];
    if (!current) return { ok: false, reason: "no_staff" } as const;
    if (current.presence === "busy") return { ok: false, reason: "on_a_call" } as const;
    if (current.presence !== presence) {
      await tx.$executeRaw`
        UPDATE staff SET presence = ${presence}::"Presence", presence_changed_at = now(), wrap_up_until = NULL, wrap_up_call_id = NULL
         WHERE id = ${staffId}::uuid`;
      if (presence === "available") await offerToQueue(tx);
      await presenceChanged(tx, [{ id: staffId, presence }]);
    }
    const state = await presenceOf(tx, staffId, ttlS);
    return { ok: true, state: state as PresenceState } as const;
  });
}

/**
 * The softphone is alive (registered: true) or has lost its registration (false).
 * A phone coming back while its owner is available may be exactly what a queued
 * caller waits for.
 */
export async function heartbeat(db: Db, staffId: string, registered: boolean, ttlS: number): Promise<PresenceState | null> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ was_reachable: boolean; presence: Presence }[]>`
      UPDATE staff s SET softphone_seen_at = CASE WHEN ${registered} THEN now() ELSE NULL END
        FROM (SELECT id, COALESCE(${reachableSql(ttlS)}, false) AS was_reachable
                FROM staff WHERE id = ${staffId}::uuid FOR UPDATE) old
       WHERE s.id = old.id
      RETURNING old.was_reachable, s.presence::text AS presence`;
    const r = rows[0];
    if (!r) return null;
    if (registered && !r.was_reachable && r.presence === "available") await offerToQueue(tx);
    return presenceOf(tx, staffId, ttlS);
  });
}

/** Wrap-ups whose time is up end by themselves: those staff are available again. */
export async function expireWrapUps(db: Db): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const freed = await tx.$queryRaw<{ id: string }[]>`
      UPDATE staff SET presence = 'available', presence_changed_at = now(), wrap_up_until = NULL, wrap_up_call_id = NULL
       WHERE presence = 'wrap_up' AND wrap_up_until <= now()
      RETURNING id::text`;
    if (freed.length > 0) {
      await offerToQueue(tx, freed.length);
      await presenceChanged(tx, freed.map((f) => ({ id: f.id, presence: "available" })));
    }
    return freed.map((f) => f.id);
  });
}

/**
 * Someone became free: wake the `n` longest-waiting queued calls (a `staff_freed`
 * event in each one's mailbox; its actor asks routing again). Calls that started
 * first are offered first. The mailbox NOTIFY fires when this transaction commits.
 */
export async function offerToQueue(tx: Sql, n = 1): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO call_events (phone_call_id, kind, leg, dedupe_key, payload)
    SELECT id, 'machine', NULL, 'staff-freed:' || gen_random_uuid()::text, '{"type":"staff_freed"}'::jsonb
      FROM phone_calls WHERE state = 'queued' ORDER BY started_at LIMIT ${n}
    ON CONFLICT (phone_call_id, dedupe_key) DO NOTHING`;
}
