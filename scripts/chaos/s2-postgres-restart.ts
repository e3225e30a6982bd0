/**
 * Scenario 2: Postgres restarts while Twilio SMS webhooks arrive at a steady rate. During
 * the outage every answer must be quick (a 503, never a hang past 3 s); the vendor
 * retries what was not acknowledged (as Twilio's and Front's do on a 5xx), and every
 * acknowledged webhook ends up stored exactly once.
 */
import { say, sleep, type Harness, type ScenarioResult } from "./harness";
import { percentile, send, storedCounts, tally, twilioSms, type Answer, type Hook } from "./webhooks";

const RATE = Number(process.env.CHAOS_PG_RATE ?? 20);
const SECONDS = Number(process.env.CHAOS_PG_SECONDS ?? 25);
const DOWN_MS = Number(process.env.CHAOS_PG_DOWN_MS ?? 5_000);
const HANG_MS = 3_000;

export async function postgresRestart(h: Harness): Promise<ScenarioResult> {
  const hooks: Hook[] = [];
  const answers: (Answer & { at: number; attempt: number })[] = [];
  const acked = new Set<string>();
  const inFlight: Promise<void>[] = [];
  const attempt = (hook: Hook, n: number): Promise<void> =>
    send(h.base, hook, 10_000).then(async (a) => {
      answers.push({ ...a, at: Date.now(), attempt: n });
      if (a.status >= 200 && a.status < 300) acked.add(hook.id);
      else if (n < 8) {
        await sleep(1_000 * n); // the vendor's retry, backing off
        await attempt(hook, n + 1);
      }
    });

  const t0 = Date.now();
  let outage: { stoppedAt: number; startedAt: number } | null = null;
  const restart = sleep(SECONDS * 300).then(async () => {
    say(`s2: stopping Postgres for ${DOWN_MS} ms`);
    outage = await h.restartPostgres(DOWN_MS);
    say(`s2: Postgres back after ${outage.startedAt - outage.stoppedAt} ms`);
  });
  for (let i = 0; Date.now() - t0 < SECONDS * 1000; i++) {
    const due = t0 + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    const hook = twilioSms(h, "pgr", i);
    hooks.push(hook);
    inFlight.push(attempt(hook, 1));
  }
  await restart;
  await Promise.all(inFlight);
  const counts = await storedCounts(h, hooks);
  const stored = [...counts.values()].filter((n) => n > 0).length;
  const duplicated = [...counts.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
  const lost = [...acked].filter((id) => !counts.get(id)).length;
  const o = outage as { stoppedAt: number; startedAt: number } | null;
  const during = o ? answers.filter((a) => a.at - a.ms >= o.stoppedAt && a.at - a.ms <= o.startedAt) : [];
  const failed = answers.filter((a) => a.status < 200 || a.status >= 300);
  const hangs = answers.filter((a) => a.ms > HANG_MS).length;
  const statuses = tally(answers.map((a) => a.status));
  const result = {
    scenario: "2_postgres_restart",
    sent: hooks.length,
    acknowledged: acked.size,
    stored,
    lost,
    duplicated,
    requests: answers.length,
    statuses,
    outage_ms: o ? o.startedAt - o.stoppedAt : null,
    during_outage_requests: during.length,
    during_outage_p99_ms: percentile(during.map((a) => a.ms), 99),
    during_outage_max_ms: during.length ? Math.max(...during.map((a) => a.ms)) : null,
    failed_answer_max_ms: failed.length ? Math.max(...failed.map((a) => a.ms)) : null,
    answers_over_3s: hangs,
    // where the slow ones were: by status, and by when they were sent (s after Postgres stopped)
    slow_by_status: tally(answers.filter((a) => a.ms > HANG_MS).map((a) => String(a.status))),
    slow_sent_at_s: o ? tally(answers.filter((a) => a.ms > HANG_MS).map((a) => String(Math.floor((a.at - a.ms - o.stoppedAt) / 1000)))) : {},
    slow_errors: tally(answers.filter((a) => a.ms > HANG_MS && a.error).map((a) => (a.error as string).slice(0, 60))),
    never_acknowledged: hooks.length - acked.size,
  };
  return { ...result, ok: lost === 0 && duplicated === 0 && hangs === 0 && acked.size === hooks.length && stored === hooks.length };
}
