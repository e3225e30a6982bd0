/**
 * Scenario 6, web half: a rolling restart of each web process under constant load
 * through the proxy (signed SMS webhooks and page-less GETs). For each process: start
 * its replacement on a free port, wait for its /api/health, give the proxy a moment to
 * see it up, then SIGTERM the old one and wait for it to drain and exit. Zero failed
 * requests, and every acknowledged webhook stored once. (The worker half is
 * chaos-calls with SIGNAL=SIGTERM: calls.ts.)
 */
import { say, sleep, type Harness, type ScenarioResult } from "./harness";
import { send, storedCounts, tally, twilioSms, type Answer, type Hook } from "./webhooks";

const RATE = Number(process.env.CHAOS_ROLL_RATE ?? 20);

async function healthy(port: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
    if (res?.status === 200) return Date.now() - t0;
    await sleep(250);
  }
  throw new Error(`web on ${port}: /api/health not 200 within ${timeoutMs} ms`);
}

export async function rollingWebRestart(h: Harness): Promise<ScenarioResult> {
  const hooks: Hook[] = [];
  const answers: Answer[] = [];
  const gets: Answer[] = [];
  const pending: Promise<unknown>[] = [];
  const acked = new Set<string>();
  let loading = true;
  const load = (async () => {
    const t0 = Date.now();
    for (let i = 0; loading; i++) {
      const due = t0 + (i * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const hook = twilioSms(h, "roll", i);
      hooks.push(hook);
      pending.push(
        send(h.base, hook, 15_000).then((a) => {
          answers.push(a);
          if (a.status >= 200 && a.status < 300) acked.add(hook.id);
        }),
      );
      pending.push(
        (async () => {
          const t = performance.now();
          const r = await fetch(`${h.base}/api/live`, { signal: AbortSignal.timeout(15_000) }).catch((e: unknown) => ({ status: 0, e }));
          gets.push({ status: r.status, ms: Math.round(performance.now() - t) });
        })(),
      );
    }
  })();

  await sleep(3_000);
  const restarts: { old: number; new: number; ready_ms: number; drain_ms: number }[] = [];
  for (const old of [...h.webs]) {
    const port = h.webPorts.find((p) => !h.webs.some((w) => w.port === p)) as number;
    const t0 = Date.now();
    await h.startWeb(port);
    const readyMs = Date.now() - t0 + (await healthy(port, 60_000));
    await sleep(1_500); // the proxy checks every 300 ms
    const t1 = Date.now();
    await h.stopWeb(old);
    restarts.push({ old: old.port, new: port, ready_ms: readyMs, drain_ms: Date.now() - t1 });
    say(`s6: web ${old.port} → ${port} (ready after ${readyMs} ms, old drained in ${Date.now() - t1} ms)`);
    await sleep(2_000);
  }
  loading = false;
  await load;
  await Promise.all(pending);
  const counts = await storedCounts(h, hooks);
  const stored = [...counts.values()].filter((n) => n > 0).length;
  const duplicated = [...counts.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
  const failedPosts = answers.filter((a) => a.status < 200 || a.status >= 300);
  const failedGets = gets.filter((a) => a.status !== 200);
  const statuses = tally([...answers, ...gets].map((a) => a.status));
  return {
    scenario: "6_rolling_restart_web",
    ok: failedPosts.length === 0 && failedGets.length === 0 && stored === hooks.length && duplicated === 0,
    sent: hooks.length,
    acknowledged: acked.size,
    stored,
    lost: [...acked].filter((id) => !counts.get(id)).length,
    duplicated,
    requests: answers.length + gets.length,
    failed_requests: failedPosts.length + failedGets.length,
    statuses,
    restarts,
  };
}
