/**
 * Demo mode: a customer (a random demo person with a phone, or a number nobody
 * owns, one time in five, to show the unknown-caller pop) calls our number
 * through the Twilio simulator's control API, exactly as `curl …/_sim/calls/inbound`.
 */
import type { Db } from "@/lib/db/client";
import { callConfig } from "@/lib/calls/config";
import { isProduction } from "@/lib/config/deployment";

export type DemoCall = { ok: true; callSid: string; from: string; name: string } | { ok: false; reason: string };

export async function placeDemoCall(db: Db, env: Record<string, string | undefined> = process.env): Promise<DemoCall> {
  const sim = env.TWILIO_SIM_URL;
  if (isProduction(env) || !sim) return { ok: false, reason: "only in demo mode, with the Twilio simulator" };
  let from = `+614990${String(Math.floor(Math.random() * 100_000)).padStart(5, "0")}`;
  let name = "An unknown caller";
  if (Math.random() >= 0.2) {
    const rows = await db.$queryRaw<{ phone: string; name: string }[]>`
      SELECT p.phone, concat_ws(' ', p.first_name, p.last_name) AS name FROM persons p
       WHERE p.phone IS NOT NULL AND EXISTS (SELECT 1 FROM orders o WHERE o.person_id = p.id)
       ORDER BY random() LIMIT 1`;
    if (rows[0]) ({ phone: from, name } = rows[0]);
  }
  const res = await fetch(`${sim.replace(/\/$/, "")}/_sim/calls/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from, to: callConfig(env).callerId }),
  });
  if (!res.ok) return { ok: false, reason: `the simulator answered ${res.status}` };
  const call = (await res.json()) as { sid: string };
  return { ok: true, callSid: call.sid, from, name };
}
