/**
 * `npm run chaos`: the reliability suite. Builds the web app once (when sources
 * changed), starts the harness (harness.ts: Postgres of its own, simulators, two web
 * processes on the production build behind HAProxy, two workers) and runs the
 * scenarios of issue 14 in order, printing one JSON object per scenario (sent,
 * acknowledged, stored, lost, duplicated, and its own figures) and a summary on the
 * last line. CHAOS_ONLY=2,4 runs some of them, in that order. Exit code 1 when any scenario fails.
 */
import path from "node:path";
import { build, needsBuild } from "../lib/build";
import { killWorkers, pausedWorker, rollingWorkerRestart } from "./calls";
import { say, startHarness, type Harness, type ScenarioResult } from "./harness";
import { postgresRestart } from "./s2-postgres-restart";
import { replays } from "./s3-replays";
import { badSignatures } from "./s4-bad-signatures";
import { fuzz } from "./s5-fuzz";
import { rollingWebRestart } from "./s6-rolling-restart";
import { frontDisabled } from "./s7-front-disabled";

const root = path.resolve(import.meta.dirname, "../..");
const SCENARIOS: { id: string; run: (h: Harness) => Promise<ScenarioResult> }[] = [
  { id: "1", run: killWorkers },
  { id: "1b", run: pausedWorker },
  { id: "2", run: postgresRestart },
  { id: "3", run: replays },
  { id: "4", run: badSignatures },
  { id: "5", run: fuzz },
  { id: "6", run: rollingWebRestart },
  { id: "6b", run: rollingWorkerRestart },
  { id: "7", run: frontDisabled },
];
const only = process.env.CHAOS_ONLY?.split(",").map((s) => s.trim());
// CHAOS_ONLY lists scenarios in the order to run them ("1" includes "1b" unless that is listed itself)
const rank = (id: string) => (only ? [only.indexOf(id), only.indexOf(id.replace(/b$/, ""))].find((i) => i >= 0) ?? -1 : 0);
const chosen = SCENARIOS.filter((s) => rank(s.id) >= 0).sort((a, b) => rank(a.id) - rank(b.id));

if (needsBuild(root)) {
  say("building the web app (next build)…");
  build(root);
}
const t0 = Date.now();
const h = await startHarness();
const results: ScenarioResult[] = [];
try {
  for (const s of chosen) {
    say(`scenario ${s.id}…`);
    const started = Date.now();
    let r: ScenarioResult;
    try {
      r = await s.run(h);
    } catch (e) {
      r = { scenario: s.id, ok: false, sent: 0, acknowledged: 0, stored: 0, lost: 0, duplicated: 0, error: e instanceof Error ? e.message : String(e) };
    }
    r.seconds = Math.round((Date.now() - started) / 100) / 10;
    results.push(r);
    console.log(JSON.stringify(r));
  }
} finally {
  await h.close();
}
const failed = results.filter((r) => !r.ok).map((r) => r.scenario);
console.log(
  JSON.stringify({
    summary: true,
    scenarios: results.length,
    passed: results.length - failed.length,
    failed,
    lost: results.reduce((n, r) => n + r.lost, 0),
    duplicated: results.reduce((n, r) => n + r.duplicated, 0),
    seconds: Math.round((Date.now() - t0) / 1000),
  }),
);
process.exit(failed.length ? 1 : 0);
