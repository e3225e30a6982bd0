/** New entries on persons' timelines: open person pages refetch (audience: everyone who may open a person's page). */
import type { Db } from "@/lib/db/client";
import { audience } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";

type Tx = Pick<Db, "$executeRawUnsafe">;

/** Publish last in the transaction that wrote the entries (lib/realtime/publish.ts). */
export async function timelineChanged(tx: Tx, personIds: readonly (string | null)[]): Promise<void> {
  const at = new Date().toISOString();
  const ids = [...new Set(personIds.filter((p): p is string => p !== null))];
  await publish(tx, ids.map((personId) => ({ audience: audience.role("staff"), type: "person.timeline" as const, payload: { personId, at } })));
}
