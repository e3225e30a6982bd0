/**
 * FrontCheck: Front says nothing when it switches an application webhook off, so we infer it.
 * The comms sync reads Front's events up to a grace period ago and stores, itself, every event
 * no webhook delivered (sync_recoveries). After each pass:
 * - recovered events not yet in an incident open one (or join the open one): the banner for
 *   everyone signed in, the on-call SMS (outbox) and the email hook;
 * - an open incident clears once an event emitted after its last missed one, and already
 *   covered by the sync's cursor, came by webhook (deliveries resumed).
 * Both in one transaction under an advisory lock, so two workers never open two incidents.
 */
import type { Db } from "@/lib/db/client";
import { audience } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/publish";
import { wakeSmsSender } from "@/lib/interactions/outbound-sms/wake";
import { readCursor } from "@/lib/sync/cursor-store";
import { FRONT_SYNC } from "@/lib/sync/front-sync";
import type { IncidentEmail, IncidentView } from "./notify";
import { queueOnCallSms, type OnCallSettings } from "./on-call-sms";

/** Beside the other advisory keys (lib/realtime/publish.ts 7_201_655_201). */
const CHECK_LOCK = 7_201_655_301;

export type CheckOutcome = { opened: IncidentView | null; cleared: IncidentView | null; joined: number };

type Row = { id: string; started_at: Date; detected_at: Date; cleared_at: Date | null; last_missed_at: Date; events_recovered: number };
const view = (r: Row): IncidentView => ({ id: r.id, startedAt: r.started_at, detectedAt: r.detected_at, clearedAt: r.cleared_at, eventsRecovered: r.events_recovered });

const bannerEvent = (i: IncidentView) => ({
  audience: audience.all,
  type: "frontcheck.incident" as const,
  payload: {
    incidentId: i.id,
    state: i.clearedAt ? ("cleared" as const) : ("open" as const),
    startedAt: i.startedAt.toISOString(),
    detectedAt: i.detectedAt.toISOString(),
    clearedAt: i.clearedAt?.toISOString() ?? null,
    eventsRecovered: i.eventsRecovered,
  },
});

export async function checkFront(db: Db, alerts: OnCallSettings, email: IncidentEmail): Promise<CheckOutcome> {
  const cursor = await readCursor(db, FRONT_SYNC);
  const outcome = await db.$transaction(async (tx): Promise<CheckOutcome & { sms: boolean }> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECK_LOCK})`;
    const missed = await tx.$queryRaw<{ n: number; first: Date | null; last: Date | null }[]>`
      SELECT count(*)::int AS n, min(emitted_at) AS first, max(emitted_at) AS last
        FROM sync_recoveries WHERE vendor = 'front' AND incident_id IS NULL`;
    const { n, first, last } = missed[0] ?? { n: 0, first: null, last: null };
    let [open] = await tx.$queryRaw<Row[]>`SELECT * FROM front_check_incidents WHERE cleared_at IS NULL FOR UPDATE`;
    let opened: IncidentView | null = null;
    let sms = false;
    if (n > 0 && first && last) {
      if (!open) {
        [open] = await tx.$queryRaw<Row[]>`
          INSERT INTO front_check_incidents (started_at, last_missed_at, events_recovered) VALUES (${first}, ${last}, ${n}) RETURNING *`;
        opened = view(open!);
        const text = `Switchboard: Front's webhook looks down since ${first.toISOString()} (${n} event(s) recovered by the sync). Re-enable it in Front.`;
        const queued = await queueOnCallSms(tx, open!.id, text, alerts);
        sms = queued.ok;
        await tx.$executeRaw`
          UPDATE front_check_incidents SET alert_sms_interaction_id = ${queued.ok ? queued.interactionId : null}::uuid, alert_note = ${queued.ok ? null : queued.note}
           WHERE id = ${open!.id}::uuid`;
      } else {
        [open] = await tx.$queryRaw<Row[]>`
          UPDATE front_check_incidents SET events_recovered = events_recovered + ${n}, last_missed_at = greatest(last_missed_at, ${last})
           WHERE id = ${open.id}::uuid RETURNING *`;
      }
      await tx.$executeRaw`UPDATE sync_recoveries SET incident_id = ${open!.id}::uuid WHERE vendor = 'front' AND incident_id IS NULL`;
    }
    let cleared: IncidentView | null = null;
    if (open && cursor) {
      const covered = new Date(cursor.atMs);
      const resumed = await tx.$queryRaw<{ yes: boolean }[]>`
        SELECT EXISTS (
          SELECT 1 FROM incoming_events e
           WHERE e.vendor = 'front' AND e.occurred_at > ${open.last_missed_at} AND e.occurred_at <= ${covered}
             AND NOT EXISTS (SELECT 1 FROM sync_recoveries r WHERE r.vendor = 'front' AND r.vendor_event_id = e.vendor_event_id)) AS yes`;
      if (resumed[0]?.yes) {
        [open] = await tx.$queryRaw<Row[]>`UPDATE front_check_incidents SET cleared_at = now() WHERE id = ${open.id}::uuid RETURNING *`;
        cleared = view(open!);
      }
    }
    const changed = cleared ?? opened;
    if (changed) await publish(tx, [bannerEvent(changed)]);
    return { opened, cleared, joined: n, sms };
  });
  if (outcome.sms) wakeSmsSender(db);
  if (outcome.opened) await email.opened(outcome.opened);
  if (outcome.cleared) await email.cleared(outcome.cleared);
  return { opened: outcome.opened, cleared: outcome.cleared, joined: outcome.joined };
}

export { bannerEvent };
