/**
 * Scenario 7: Front switches our webhook off (silently, as after failed deliveries) for
 * two minutes while messages keep arriving. FrontCheck must raise an incident (the
 * delay from the switch-off to its detection is printed), the comms sync must store
 * every message the webhook never delivered, and none twice; once the webhook is back
 * and delivering, the incident clears.
 */
import { say, sleep, type Harness, type ScenarioResult } from "./harness";

const RATE = Number(process.env.CHAOS_FRONT_RATE ?? 1);
const OFF_S = Number(process.env.CHAOS_FRONT_OFF_S ?? 120);
const BEFORE_S = 10;
const AFTER_S = 20;

interface Emitted {
  event: { id: string };
  delivery: { delivered: boolean } | null;
}

export async function frontDisabled(h: Harness): Promise<ScenarioResult> {
  const sim = h.env.FRONT_SIM_URL as string;
  const post = (path: string, body?: unknown) =>
    fetch(`${sim}${path}`, { method: "POST", headers: { "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const ids: string[] = [];
  let acked = 0;
  const t0 = Date.now();
  let offAt = 0;
  let onAt = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; ; i++) {
    const elapsed = (Date.now() - t0) / 1000;
    if (elapsed > BEFORE_S + OFF_S + AFTER_S) break;
    if (!offAt && elapsed >= BEFORE_S) {
      await post("/_simulator/application-webhook/disable");
      offAt = Date.now();
      say(`s7: Front webhook disabled for ${OFF_S} s`);
    }
    if (offAt && !onAt && elapsed >= BEFORE_S + OFF_S) {
      await post("/_simulator/application-webhook/enable");
      onAt = Date.now();
      say("s7: Front webhook enabled again");
    }
    inFlight.push(
      post("/_simulator/messages", { from: `front.chaos.${i}@example.org`, to: "support@switchboard.test", subject: `chaos ${i}`, body: `front chaos ${i}` })
        .then((r) => r.json() as Promise<Emitted>)
        .then((e) => {
          ids.push(e.event.id);
          if (e.delivery?.delivered) acked += 1;
        }),
    );
    const due = t0 + ((i + 1) * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  await Promise.all(inFlight);

  // everything stored (the sync reads up to FRONT_SYNC_GRACE_S ago), and the incident cleared
  const storedIds = async () =>
    (await h.db.$queryRaw<{ id: string; n: bigint }[]>`
      SELECT vendor_event_id AS id, count(*) AS n FROM incoming_events WHERE vendor = 'front' AND vendor_event_id = ANY(${ids}::text[]) GROUP BY 1`);
  const until = Date.now() + 120_000;
  let rows = await storedIds();
  while (Date.now() < until) {
    const open = await h.db.frontCheckIncident.count({ where: { detectedAt: { gte: new Date(offAt) }, clearedAt: null } });
    if (rows.length === ids.length && open === 0) break;
    await sleep(1_000);
    rows = await storedIds();
  }
  const incidents = await h.db.frontCheckIncident.findMany({ where: { detectedAt: { gte: new Date(offAt) } }, orderBy: { detectedAt: "asc" } });
  const first = incidents[0];
  const recovered = await h.db.syncRecovery.count({ where: { vendor: "front", vendorEventId: { in: ids } } });
  const interactions = await h.db.$queryRaw<{ n: bigint; d: bigint }[]>`
    SELECT count(*) AS n, count(DISTINCT e.vendor_event_id) AS d FROM interaction_events i JOIN incoming_events e ON e.id = i.incoming_event_id
     WHERE e.vendor = 'front' AND e.vendor_event_id = ANY(${ids}::text[])`;
  const stored = rows.length;
  const duplicated = rows.reduce((s, r) => s + Number(r.n) - 1, 0) + Number((interactions[0]?.n ?? 0n) - (interactions[0]?.d ?? 0n));
  return {
    scenario: "7_front_webhook_disabled",
    ok: stored === ids.length && duplicated === 0 && Boolean(first) && Boolean(first?.clearedAt),
    sent: ids.length,
    acknowledged: acked,
    stored,
    lost: ids.length - stored,
    duplicated,
    disabled_s: OFF_S,
    sent_while_disabled: ids.length - acked,
    recovered_by_sync: recovered,
    alert_delay_ms: first ? first.detectedAt.getTime() - offAt : null,
    incident_cleared_after_enable_ms: first?.clearedAt ? first.clearedAt.getTime() - onAt : null,
    incidents: incidents.length,
    incident_events_recovered: first?.eventsRecovered ?? null,
    on_call_sms: first ? Boolean(first.alertSmsInteractionId) : null,
  };
}
