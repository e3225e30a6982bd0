/** Presence moved: every open softphone hears it (the team list, transfers, the person's own shift bar). */
import type { Db } from "@/lib/db/client";
import { audience, type OutgoingEvent } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";

export type PresenceRow = { id: string; presence: string };
type Tx = Pick<Db, "$executeRawUnsafe">;

export async function presenceChanged(tx: Tx, rows: readonly PresenceRow[]): Promise<void> {
  if (rows.length === 0) return;
  const at = new Date().toISOString();
  const events = rows.map((r) => ({ audience: audience.all, type: "presence.changed", payload: { staffId: r.id, presence: r.presence, at } }) as OutgoingEvent);
  await publish(tx, events);
}
