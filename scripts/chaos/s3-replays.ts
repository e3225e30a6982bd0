/**
 * Scenario 3: duplicated, replayed and out-of-order webhooks end in the same state as
 * the same webhooks sent once, in order. Two sets of the same shape (SMS, Front
 * emails, Aircall calls with all their lifecycle events): the reference set once and
 * in order; the chaos set with every webhook sent three times at once, the whole set
 * shuffled (an Aircall call's `ended` before its `created`), and replayed again later.
 * Item by item, what was stored (statuses) and recorded (interactions) must match.
 */
import { prng } from "@/lib/prng";
import { say, sleep, type Harness, type ScenarioResult } from "./harness";
import { aircallCall, frontMessage, send, twilioSms, type Hook } from "./webhooks";

const ITEMS = Number(process.env.CHAOS_REPLAY_ITEMS ?? 10);

interface Item {
  key: string;
  hooks: Hook[];
}

function items(h: Harness, offset: number): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < ITEMS; i++) {
    out.push({ key: `sms ${i}`, hooks: [twilioSms(h, `rp${offset}x`, offset + i)] });
    out.push({ key: `front ${i}`, hooks: [frontMessage(h, offset + i)] });
    out.push({ key: `aircall ${i}`, hooks: aircallCall(h, 8_000_000 + offset + i, 40_000 + offset + i) });
  }
  return out;
}

/** One item's outcome: its stored events' statuses and the interactions they made, without ids or times. */
async function outcome(h: Harness, item: Item): Promise<string> {
  const ids = item.hooks.map((k) => k.id);
  const rows = await h.db.$queryRaw<{ status: string; event_type: string; channel: string | null; direction: string | null }[]>`
    SELECT e.status::text, e.event_type, i.channel::text, i.direction::text
      FROM incoming_events e LEFT JOIN interaction_events i ON i.incoming_event_id = e.id
     WHERE e.vendor_event_id = ANY(${ids}::text[]) OR (e.vendor = 'aircall' AND e.vendor_event_id LIKE ${`${ids[0]}%`} AND ${item.hooks[0]?.vendor === "aircall"})
     ORDER BY 2, 1, 3, 4`;
  return rows.map((r) => `${r.event_type}:${r.status}:${r.channel ?? "-"}:${r.direction ?? "-"}`).join(" ");
}

async function settled(h: Harness, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await h.db.incomingEvent.count({ where: { status: "pending", retryAt: null } })) === 0) return true;
    await sleep(500);
  }
  return false;
}

export async function replays(h: Harness): Promise<ScenarioResult> {
  const rnd = prng(3);
  const reference = items(h, 0);
  const chaos = items(h, 500);
  let sent = 0;
  let acked = 0;
  const tally = (s: number) => {
    sent += 1;
    if (s >= 200 && s < 300) acked += 1;
  };
  for (const it of reference) for (const hook of it.hooks) tally((await send(h.base, hook)).status);

  const shuffled = chaos.flatMap((it) => it.hooks).sort(() => rnd() - 0.5);
  for (let i = 0; i < shuffled.length; i += 8) {
    const batch = shuffled.slice(i, i + 8);
    const answers = await Promise.all(batch.flatMap((hook) => [send(h.base, hook), send(h.base, hook), send(h.base, hook)]));
    for (const a of answers) tally(a.status);
  }
  await sleep(3_000);
  // the replay: everything again, later, reversed
  for (const hook of [...shuffled].reverse()) tally((await send(h.base, hook)).status);
  const done = await settled(h, 90_000);
  if (!done) say("s3: events still pending after 90 s");

  const differing: string[] = [];
  let stored = 0;
  let storedOnce = 0;
  for (const [j, ref] of reference.entries()) {
    const other = chaos[j] as Item;
    const [a, b] = [await outcome(h, ref), await outcome(h, other)];
    stored += b ? b.split(" ").length : 0;
    storedOnce += a ? a.split(" ").length : 0;
    if (a !== b || a === "") differing.push(`${ref.key}: once [${a}] vs replayed [${b}]`);
  }
  for (const d of differing.slice(0, 5)) say(`s3: ${d}`);
  return {
    scenario: "3_duplicates_replays_out_of_order",
    ok: differing.length === 0 && done && stored === storedOnce,
    sent,
    acknowledged: acked,
    stored,
    lost: Math.max(0, storedOnce - stored),
    duplicated: Math.max(0, stored - storedOnce),
    items: reference.length,
    webhooks_per_set: reference.reduce((s, it) => s + it.hooks.length, 0),
    stored_when_sent_once: storedOnce,
    items_differing: differing.length,
    settled: done,
  };
}
