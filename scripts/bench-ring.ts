import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createUser } from "@/lib/users/manage-users";
import { build, needsBuild } from "./lib/build";
import { dropDatabase, ensureDatabase, provideServer } from "./lib/database";
import { run, stopAll, waitForHttp, type Proc } from "./lib/processes";
import { startSimulators } from "./lib/simulators";
import { webCommand } from "./lib/web";

/**
 * `npm run bench:ring`: BENCH_CALLS (50) simulated inbound calls, one after another, at a
 * softphone open in headless Chromium (Debian's, /usr/bin/chromium). A database of its own
 * (on an embedded Postgres of its own, port BENCH_RING_PG_PORT, 54338), the production build
 * behind web/main.ts, a real worker, the Twilio simulator (speed 1), on spare ports (BENCH_PORT and
 * BENCH_SIM_PORT_BASE choose them; other sessions' servers share this machine). The staff member signs in, opens /softphone, starts a shift; each
 * call comes from one of the seeded people's numbers; the page rings, the pop fills in, staff
 * accept, hang up and skip the wrap-up form (the product's default wrap-up timeout stands); the
 * next call is placed once the call has ended and the staff member is available again.
 *
 * What is measured, per call, all in epoch ms of this machine's wall clock:
 * - t0: the simulator's webhook log `at` for the inbound `voice` webhook (new Date() in the
 *   simulator, just before it sends; it is the real clock, not the simulator's SimClock, which
 *   only scales durations — and at speed 1 equals it anyway).
 * - ring: the ringing call panel (`[data-testid=call-panel][data-state=ringing]`) is in the
 *   DOM (a MutationObserver installed before the app's scripts); also the controller's own
 *   `ring` mark (window.__softphoneMarks, performance.timeOrigin + performance.now()), and the
 *   next animation frame after the DOM change (the first paint that can show it).
 * - pop: the screen pop (`[data-testid=screen-pop]`) in the DOM, checked to name the caller.
 * - between them, from the database, the simulator's log and the page's Resource Timing: the
 *   PhoneCall row, the worker's first step, the find_staff effect, the step that takes its result,
 *   the set_presence claim, the staff leg row, the staff leg's `ringing` status callback (the
 *   moment the simulator invites the browser's phone), the pop request. A database time is
 *   timestamptz(3) from Postgres now(): the START of the transaction that wrote the row, so a
 *   step's time includes the body and commit of the transaction before it.
 * The page's clock (timeOrigin + now) is compared with Date.now() at the start and the end,
 * the database's clock_timestamp() with ours (midpoint of a round trip): both reported.
 * The last stdout line is one JSON object. It measures and reports; it fails only when the
 * harness itself cannot run (a missed ring is counted, not thrown).
 */
const root = path.resolve(import.meta.dirname, "..");
/** As the web process listens (every interface): a port someone else holds would answer our probes for us. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer().once("error", () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });
}
async function sparePort(span: number): Promise<number> {
  for (;;) {
    const p = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await Promise.all(Array.from({ length: span }, (_, i) => portFree(p + i)))).every(Boolean)) return p;
  }
}
const PORT = Number(process.env.BENCH_PORT ?? (await sparePort(1)));
// the Twilio simulator at the base, Front's at +10
const SIM_BASE = Number(process.env.BENCH_SIM_PORT_BASE ?? (await sparePort(11)));
const PG_PORT = Number(process.env.BENCH_RING_PG_PORT ?? 54338);
const CALLS = Number(process.env.BENCH_CALLS ?? 50);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 500);
const RING_WAIT_MS = 10_000;
const BASE = `http://localhost:${PORT}`;
const SIM_URL = `http://127.0.0.1:${SIM_BASE}`;
const BUSINESS_LINE = "+61299990000";
const STAFF = { name: "Rena Ring", email: "rena@bench.test", password: "bench-ring-password" };
const PEOPLE = [
  ["Nadia", "Petrova"],
  ["Omar", "Haddad"],
  ["Grace", "Nguyen"],
  ["Liam", "O'Connor"],
  ["Priya", "Raman"],
  ["Tomás", "Silva"],
  ["Hana", "Kobayashi"],
  ["Eli", "Brooks"],
] as const;
const ITEMS = ["Oak side table", "Blue glass vase", "Linen throw", "Brass lamp", "Gift card", "Candle set"];

const log = (s: string) => console.error(`bench:ring │ ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const phoneOf = (i: number) => `+6141${String(5550100 + i * 37).padStart(7, "0")}`;
const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);
const r1 = (x: number) => Math.round(x * 10) / 10;
/** nearest-rank percentile */
function pct(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return r1(s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!);
}
const stats = (xs: number[]) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95), max: pct(xs, 1), n: xs.length });

/**
 * Installed before the app's scripts: edges of the ringing panel and the pop, by DOM, with a
 * frame after. A string, not a function: tsx's keepNames would wrap a function's inner
 * functions in a `__name` helper the page does not have.
 */
const PAGE_PROBE = `(() => {
  const marks = (window.__benchMarks = []);
  const now = () => performance.timeOrigin + performance.now();
  performance.setResourceTimingBufferSize(100000);
  let ringing = false;
  let popped = false;
  new MutationObserver(() => {
    const r = document.querySelector('[data-testid="call-panel"][data-state="ringing"]') !== null;
    const p = document.querySelector('[data-testid="screen-pop"]') !== null;
    if (r && !ringing) {
      marks.push({ what: "ring_dom", at: now() });
      requestAnimationFrame(() => marks.push({ what: "ring_frame", at: now() }));
    }
    if (p && !popped) marks.push({ what: "pop_dom", at: now() });
    ringing = r;
    popped = p;
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state", "data-testid"] });
})();`;

type Mark = { what: string; callId?: string; at: number };
type Sample = {
  n: number;
  sid: string;
  callId: string | null;
  from: string;
  name: string;
  rang: boolean;
  ring: { mark: number; dom: number; frame: number | null } | null;
  pop: { dom: number; name: string | null; fetch: { start: number; responseStart: number; end: number } | null } | null;
};

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(STAFF.email);
  await page.getByLabel("Password").fill(STAFF.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor({ timeout: 30_000 });
}

async function simJson<T>(method: string, p: string, body?: object): Promise<T> {
  const res = await fetch(`${SIM_URL}${p}`, { method, headers: { "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`simulator ${method} ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** Everything known about one call, in time order, relative to the inbound voice webhook (stderr). */
async function trace(q: pg.Client, label: string, s: Sample, hooks: { kind: string; at: string; params: Record<string, string> }[]) {
  const id = s.callId!;
  const legSids = (await q.query<{ call_sid: string | null }>("SELECT call_sid FROM call_legs WHERE phone_call_id = $1::uuid", [id])).rows.map((r) => r.call_sid);
  const sids = new Set([s.sid, ...legSids.filter((x): x is string => x !== null)]);
  const lines: [number, string][] = [];
  for (const h of hooks) {
    if (!sids.has(h.params.CallSid ?? "")) continue;
    const what = h.kind === "call-status" ? `${h.params.CallStatus} ${h.params.To?.startsWith("client:") ? "staff leg" : "caller"}` : (h.params.StatusCallbackEvent ?? "");
    lines.push([Date.parse(h.at), `sim webhook ${h.kind} ${what}`]);
  }
  const add = (rows: { at: Date | null; what: string }[]) => rows.forEach((r) => r.at && lines.push([r.at.getTime(), r.what]));
  add((await q.query("SELECT started_at AS at, 'db phone_calls row (tx start)' AS what FROM phone_calls WHERE id = $1::uuid", [id])).rows);
  add((await q.query("SELECT at, format('db transition %s %s→%s (%s)', seq, from_state, to_state, event->>'type') AS what FROM call_transitions WHERE phone_call_id = $1::uuid", [id])).rows);
  add((await q.query("SELECT received_at AS at, format('db mail in  %s %s', kind, dedupe_key) AS what FROM call_events WHERE phone_call_id = $1::uuid AND due_at IS NULL", [id])).rows);
  add((await q.query("SELECT processed_at AS at, format('db mail out %s %s', kind, dedupe_key) AS what FROM call_events WHERE phone_call_id = $1::uuid", [id])).rows);
  add((await q.query("SELECT created_at AS at, format('db effect emitted %s %s', effect->>'type', COALESCE(effect->>'presence', '')) AS what FROM call_effects WHERE phone_call_id = $1::uuid ORDER BY call_effects.id", [id])).rows);
  add((await q.query("SELECT done_at AS at, format('db effect done    %s: %s', effect->>'type', result) AS what FROM call_effects WHERE phone_call_id = $1::uuid", [id])).rows);
  add((await q.query("SELECT created_at AS at, format('db leg row %s', leg_key) AS what FROM call_legs WHERE phone_call_id = $1::uuid", [id])).rows);
  if (s.ring) lines.push([s.ring.mark, "page ring mark"], [s.ring.dom, "page ringing panel in the DOM"]);
  if (s.ring?.frame) lines.push([s.ring.frame, "page next frame"]);
  if (s.pop?.fetch) lines.push([s.pop.fetch.start, "page pop request sent"], [s.pop.fetch.responseStart, "page pop first byte"], [s.pop.fetch.end, "page pop response end"]);
  if (s.pop) lines.push([s.pop.dom, "page pop in the DOM"]);
  const t0 = lines.find((l) => l[1].startsWith("sim webhook voice"))?.[0] ?? 0;
  const cut = (s.pop?.dom ?? s.ring?.dom ?? t0) + 50;
  log(`timeline of the ${label} ring (call ${s.n}), ms after the voice webhook:`);
  for (const [at, what] of lines.filter((l) => l[0] <= cut).sort((a, b) => a[0] - b[0])) log(`  ${String(r1(at - t0)).padStart(7)}  ${what}`);
}

async function main() {
  if (needsBuild(root)) {
    log("building the web app…");
    build(root);
  }
  const ports = { BENCH_PORT: PORT, BENCH_SIM_PORT_BASE: SIM_BASE, "BENCH_SIM_PORT_BASE + 10 (Front)": SIM_BASE + 10 };
  for (const [name, port] of Object.entries(ports)) {
    if (!(await portFree(port))) throw new Error(`port ${port} (${name}) is taken: stop what holds it or set ${name.split(" ")[0]} to another`);
  }
  log(`web on ${PORT}, simulators from ${SIM_BASE}`);
  const server = await provideServer("pg-bench-ring", PG_PORT, log);
  const dbName = `sb_bench_ring_${process.pid}`;
  await dropDatabase(server.serverUrl, dbName);
  const url = await ensureDatabase(server.serverUrl, dbName);
  const procs: Proc[] = [];
  const q = new pg.Client({ connectionString: url });
  let browser: Browser | null = null;
  let summary: object | null = null;
  try {
    await migrate(url);
    const db = createDb(url, { max: 2 });
    const made = await createUser(db, { ...STAFF, role: "staff" });
    if (!made.ok) throw new Error(made.reason);
    const staffId = (await db.staff.findUniqueOrThrow({ where: { userId: made.id } })).id;
    const since = new Date(Date.now() - 200 * 86_400_000);
    for (const [i, [firstName, lastName]] of PEOPLE.entries()) {
      const phone = phoneOf(i);
      const email = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, "") + "@example.net";
      const person = await db.person.create({
        data: {
          firstName, lastName, email, phone,
          contactPoints: { create: [{ kind: "phone", value: phone, validFrom: since, firstSeenAt: since, lastSeenAt: since, origin: "bench" }, { kind: "email", value: email, validFrom: since, firstSeenAt: since, lastSeenAt: since, origin: "bench" }] },
        },
      });
      for (let o = 0; o < 4; o++) {
        await db.order.create({ data: { externalId: `bench-ring-${i}-${o}`, personId: person.id, totalCents: 1500 + 1000 * o + i, status: "paid", summary: ITEMS[(i + o) % ITEMS.length]!, placedAt: new Date(Date.now() - (10 + 30 * o) * 86_400_000) } });
      }
      await db.booking.create({ data: { externalId: `bench-ring-sbm-${i}`, personId: person.id, service: "Consultation", status: "confirmed", startsAt: new Date(Date.now() + (i + 1) * 86_400_000) } });
    }
    await db.$disconnect();
    await q.connect();

    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, PORT: String(PORT), PUBLIC_BASE_URL: BASE, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", SWITCHBOARD_MODE: "demo" };
    for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "TWILIO_SIM_SPEED"]) delete env[k];
    const sims = await startSimulators(env, log, { portBase: SIM_BASE });
    Object.assign(env, sims.env);
    procs.push(...sims.procs);
    const web = webCommand("start");
    procs.push(run("web", web.cmd, web.args, env, 0));
    procs.push(run("worker", process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "workers/main.ts"], { ...env, SWITCHBOARD_SERVICE: "worker" }, 1));
    await waitForHttp(`http://127.0.0.1:${PORT}/api/live`, 120_000);
    await sims.afterWebReady();
    await until("the worker's heartbeat (/api/health 200)", 60_000, async () => (await fetch(`http://127.0.0.1:${PORT}/api/health`).catch(() => null))?.ok);
    const gone = procs.filter((p) => p.child.exitCode !== null).map((p) => p.name);
    if (gone.length > 0) throw new Error(`exited at start: ${gone.join(", ")} (see their output above)`);

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    const context = await browser.newContext({ baseURL: BASE });
    await context.addInitScript({ content: PAGE_PROBE });
    const page = await context.newPage();
    await signIn(page);
    await page.goto("/softphone");
    await page.getByRole("button", { name: "Start shift" }).click();
    await page.getByText("phone connected").waitFor({ timeout: 15_000 });
    await page.getByText("Waiting for calls.").waitFor({ timeout: 15_000 });
    const pageClock = () => page.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));
    const pageClockStart = await pageClock();
    const staffRow = async () => (await q.query<{ presence: string; busy: string | null }>("SELECT presence::text, busy_call_id::text AS busy FROM staff WHERE id = $1", [staffId])).rows[0]!;
    await until("the staff member available", 10_000, async () => (await staffRow()).presence === "available");
    const loadStart = os.loadavg()[0]!;
    log(`on shift; ${CALLS} calls, ${GAP_MS} ms apart once the last one is over`);

    const pageMarks = () => page.evaluate(() => ({ app: window.__softphoneMarks ?? [], probe: (window as Window & { __benchMarks?: Mark[] }).__benchMarks ?? [] }));
    const samples: Sample[] = [];
    for (let n = 0; n < CALLS; n++) {
      const who = n % PEOPLE.length;
      const from = phoneOf(who);
      const name = PEOPLE[who]!.join(" ");
      const before = await pageMarks();
      const { sid } = await simJson<{ sid: string }>("POST", "/_sim/calls/inbound", { from, to: BUSINESS_LINE });
      const sample: Sample = { n, sid, callId: null, from, name, rang: false, ring: null, pop: null };
      samples.push(sample);
      const rang = await page
        .waitForFunction((k) => (window.__softphoneMarks ?? []).filter((m) => m.what === "ring").length > k, before.app.filter((m) => m.what === "ring").length, { timeout: RING_WAIT_MS, polling: 10 })
        .then(() => true, () => false);
      const callRow = await until("the PhoneCall row", 10_000, async () => (await q.query<{ id: string }>("SELECT id::text FROM phone_calls WHERE call_sid = $1", [sid])).rows[0]).catch(() => null);
      sample.callId = callRow?.id ?? null;
      if (rang && sample.callId) {
        await page.waitForFunction((k) => (window.__softphoneMarks ?? []).filter((m) => m.what === "pop").length > k, before.app.filter((m) => m.what === "pop").length, { timeout: 10_000, polling: 10 }).catch(() => {});
        await page.waitForFunction((k) => (window as Window & { __benchMarks?: Mark[] }).__benchMarks!.filter((m) => m.what === "ring_frame").length > k, before.probe.filter((m) => m.what === "ring_frame").length, { timeout: 2_000 }).catch(() => {});
        const popName = await page.locator('[data-testid="pop-person"] h3').first().textContent({ timeout: 2_000 }).catch(() => null);
        const after = await pageMarks();
        const fresh = <T extends Mark>(all: T[], old: T[], what: string) => all.filter((m) => m.what === what).slice(old.filter((m) => m.what === what).length);
        const ringMark = fresh(after.app, before.app, "ring");
        const ringDom = fresh(after.probe, before.probe, "ring_dom");
        const ringFrame = fresh(after.probe, before.probe, "ring_frame");
        const popDom = fresh(after.probe, before.probe, "pop_dom");
        const fetchTiming = await page.evaluate((id) => {
          const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith(`/api/softphone/calls/${id}/pop`)) as PerformanceResourceTiming | undefined;
          return e ? { start: performance.timeOrigin + e.startTime, responseStart: performance.timeOrigin + e.responseStart, end: performance.timeOrigin + e.responseEnd } : null;
        }, sample.callId);
        sample.rang = ringMark.some((m) => m.callId === sample.callId);
        if (ringMark[0] && ringDom[0]) sample.ring = { mark: ringMark[0].at, dom: ringDom[0].at, frame: ringFrame[0]?.at ?? null };
        if (popDom[0]) sample.pop = { dom: popDom[0].at, name: popName?.trim() ?? null, fetch: fetchTiming };
        // accept, talk a moment, hang up, skip the wrap-up: the staff member is free for the next call
        await page.getByRole("button", { name: "Accept" }).click();
        await page.locator('[data-testid="call-panel"][data-state="in_call"]').waitFor({ timeout: 10_000 });
        await sleep(200);
        await page.getByRole("button", { name: "Hang up" }).click();
      } else {
        log(`call ${n}: ${rang ? "a ring but no PhoneCall row" : `no ring within ${RING_WAIT_MS} ms`} (page view ${await page.getByTestId("softphone").getAttribute("data-view")}); the caller hangs up`);
        await simJson("POST", `/_sim/calls/${sid}/hangup`).catch(() => {});
      }
      if (sample.callId) await until(`call ${n} over`, 30_000, async () => (await q.query<{ state: string }>("SELECT state::text FROM phone_calls WHERE id = $1 AND ended_at IS NOT NULL", [sample.callId])).rows[0]);
      // The engine moves the staff member to wrap_up when it frees them; skipping before that would be undone.
      const staffState = await until("the staff member freed", 15_000, async () => {
        const s = await staffRow();
        return s.busy === null && s.presence !== "busy" ? s : null;
      });
      const wrap = page.getByRole("form", { name: "Wrap-up" });
      if (staffState.presence === "wrap_up" || (await wrap.isVisible())) {
        await wrap.getByRole("button", { name: "Skip" }).click({ timeout: 10_000 });
      }
      await page.getByText("Waiting for calls.").waitFor({ timeout: 15_000 });
      await until("the staff member available again", 15_000, async () => (await staffRow()).presence === "available");
      if ((n + 1) % 10 === 0) log(`${n + 1}/${CALLS} calls`);
      await sleep(GAP_MS);
    }
    const pageClockEnd = await pageClock();
    const allMarks = await pageMarks();

    // the simulator's webhook log: the inbound voice webhooks and the staff legs' `ringing` callbacks
    const hooks = await simJson<{ kind: string; at: string; params: Record<string, string> }[]>("GET", "/_sim/webhooks");
    const voiceAt = new Map(hooks.filter((h) => h.kind === "voice").map((h) => [h.params.CallSid!, Date.parse(h.at)]));
    const legRingingAt = new Map(hooks.filter((h) => h.kind === "call-status" && h.params.CallStatus === "ringing" && h.params.To?.startsWith("client:")).map((h) => [h.params.CallSid!, Date.parse(h.at)]));
    const dbClock = await (async () => {
      const t0 = Date.now();
      const r = await q.query<{ at: number }>("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS at");
      const t1 = Date.now();
      return r1(r.rows[0]!.at - (t0 + t1) / 2);
    })();

    const ids = samples.map((s) => s.callId).filter((x): x is string => x !== null);
    const rows = (await q.query<{ id: string; started_at: Date }>("SELECT id::text, started_at FROM phone_calls WHERE id = ANY($1::uuid[])", [ids])).rows;
    const startedAt = new Map(rows.map((r) => [r.id, ms(r.started_at)!]));
    const firstStep = new Map(
      (await q.query<{ id: string; at: Date }>("SELECT phone_call_id::text AS id, min(at) AS at FROM call_transitions WHERE phone_call_id = ANY($1::uuid[]) GROUP BY 1", [ids])).rows.map((r) => [r.id, ms(r.at)!]),
    );
    const candidatesStep = new Map(
      (await q.query<{ id: string; at: Date }>("SELECT phone_call_id::text AS id, min(at) AS at FROM call_transitions WHERE phone_call_id = ANY($1::uuid[]) AND event->>'type' = 'staff_candidates_found' GROUP BY 1", [ids])).rows.map((r) => [r.id, ms(r.at)!]),
    );
    // in emission order (call_effects.id; an output column named id would shadow it in ORDER BY)
    const effects = (
      await q.query<{ call_id: string; type: string; presence: string | null; created_at: Date; done_at: Date | null }>(
        "SELECT phone_call_id::text AS call_id, effect->>'type' AS type, effect->>'presence' AS presence, created_at, done_at FROM call_effects WHERE phone_call_id = ANY($1::uuid[]) ORDER BY id",
        [ids],
      )
    ).rows;
    const firstEffect = (id: string, type: string, presence?: string) => effects.find((e) => e.call_id === id && e.type === type && (presence === undefined || e.presence === presence));
    const legs = (await q.query<{ id: string; created_at: Date; call_sid: string | null }>("SELECT phone_call_id::text AS id, created_at, call_sid FROM call_legs WHERE phone_call_id = ANY($1::uuid[]) AND staff_id IS NOT NULL ORDER BY call_legs.created_at", [ids])).rows;
    const firstLeg = (id: string) => legs.find((l) => l.id === id);

    const ringMs: number[] = [];
    const ringMarkMs: number[] = [];
    const ringFrameMs: number[] = [];
    const popMs: number[] = [];
    const step: Record<string, number[]> = {};
    const perCall = new Map<number, string[]>();
    let current: string[] = [];
    const add = (k: string, a: number | null | undefined, b: number | null | undefined) => {
      if (a == null || b == null) return;
      (step[k] ??= []).push(b - a);
      current.push(`${k.split(" ")[0]}:${r1(b - a)}`);
    };
    let popWrong = 0;
    for (const s of samples) {
      perCall.set(s.n, (current = []));
      const t0 = voiceAt.get(s.sid);
      if (!s.callId || t0 === undefined) continue;
      if (s.ring) {
        ringMs.push(s.ring.dom - t0);
        ringMarkMs.push(s.ring.mark - t0);
        if (s.ring.frame !== null) ringFrameMs.push(s.ring.frame - t0);
      }
      if (s.pop) popMs.push(s.pop.dom - t0);
      if (s.pop && s.pop.name !== s.name) popWrong += 1;
      const leg = firstLeg(s.callId);
      const find = firstEffect(s.callId, "find_staff");
      const dial = firstEffect(s.callId, "dial_staff");
      add("1 webhook sent → PhoneCall row (web: verify, identify, insert)", t0, startedAt.get(s.callId));
      add("2 PhoneCall row → worker's first step (NOTIFY, lease, actor)", startedAt.get(s.callId), firstStep.get(s.callId));
      add("3 first step → find_staff (routing, reservation)", firstStep.get(s.callId), ms(find?.done_at));
      const claim = firstEffect(s.callId, "set_presence", "busy");
      add("4a find_staff → the step that takes its result (staff_candidates_found)", ms(find?.done_at), candidatesStep.get(s.callId));
      add("4b that step → set_presence busy (the claim, again)", candidatesStep.get(s.callId), ms(claim?.done_at));
      add("4c set_presence → staff leg row (dial_staff: lease check, look, insert)", ms(claim?.done_at), ms(leg?.created_at));
      add("5 staff leg row → simulator invites the phone (REST Calls.create)", ms(leg?.created_at), leg?.call_sid ? legRingingAt.get(leg.call_sid) : undefined);
      add("6 simulator invite → ring mark (SSE to the browser, controller)", leg?.call_sid ? legRingingAt.get(leg.call_sid) : undefined, s.ring?.mark);
      add("7 ring mark → ringing panel in the DOM (React render)", s.ring?.mark, s.ring?.dom);
      add("8 ringing panel in the DOM → next frame", s.ring?.dom, s.ring?.frame);
      add("9 ringing panel → pop request sent", s.ring?.dom, s.pop?.fetch?.start);
      add("10 pop request → first byte (GET /api/softphone/calls/:id/pop)", s.pop?.fetch?.start, s.pop?.fetch?.responseStart);
      add("11 pop response → pop in the DOM", s.pop?.fetch?.end, s.pop?.dom);
      add("dial_staff effect emitted → done (incl. Twilio REST)", ms(dial?.created_at), ms(dial?.done_at));
    }
    for (const s of samples) {
      const t0 = voiceAt.get(s.sid);
      if (t0 === undefined) continue;
      log(`call ${String(s.n).padStart(2)}: ring ${s.ring ? r1(s.ring.dom - t0) : "-"} ms, pop ${s.pop ? r1(s.pop.dom - t0) : "-"} ms${s.pop && s.pop.name !== s.name ? ` (pop named ${s.pop.name}, caller ${s.name})` : ""}; steps ${(perCall.get(s.n) ?? []).join(" ")}`);
    }
    // the whole timeline of the median and the slowest ring, from every source, relative to the webhook
    const byRing = samples.filter((s) => s.ring && voiceAt.has(s.sid)).sort((a, b) => a.ring!.dom - voiceAt.get(a.sid)! - (b.ring!.dom - voiceAt.get(b.sid)!));
    for (const [label, s] of [["median", byRing[Math.floor((byRing.length - 1) / 2)]], ["slowest", byRing.at(-1)]] as const) {
      if (s?.callId) await trace(q, label, s, hooks);
    }
    const ringsByCall = new Map<string, number>();
    for (const m of allMarks.app.filter((x) => x.what === "ring")) ringsByCall.set(m.callId, (ringsByCall.get(m.callId) ?? 0) + 1);
    const ours = new Set(ids);
    const duplicates = [...ringsByCall.entries()].reduce((a, [id, k]) => a + (ours.has(id) ? k - 1 : k), 0);
    const missed = samples.filter((s) => !s.rang).length;
    const breakdown = Object.fromEntries(Object.entries(step).map(([k, xs]) => [k, stats(xs)]));
    log("per-step breakdown (ms, p50 / p95 / max):");
    for (const [k, v] of Object.entries(breakdown)) log(`  ${k.padEnd(70)} ${v.p50} / ${v.p95} / ${v.max}`);
    log(`ring: ${JSON.stringify(stats(ringMs))}; pop: ${JSON.stringify(stats(popMs))}`);
    summary = {
      calls: samples.length,
      rang: samples.length - missed,
      ring_p50_ms: pct(ringMs, 0.5),
      ring_p95_ms: pct(ringMs, 0.95),
      ring_max_ms: pct(ringMs, 1),
      ring_mark_p50_ms: pct(ringMarkMs, 0.5),
      ring_mark_p95_ms: pct(ringMarkMs, 0.95),
      ring_frame_p95_ms: pct(ringFrameMs, 0.95),
      pop_complete_p50_ms: pct(popMs, 0.5),
      pop_complete_p95_ms: pct(popMs, 0.95),
      missed_rings: missed,
      pops: popMs.length,
      duplicates,
      pop_wrong_person: popWrong,
      steps_p50_ms: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k.replace(/^\d+[a-c]? /, ""), v.p50])),
      steps_p95_ms: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k.replace(/^\d+[a-c]? /, ""), v.p95])),
      clocks: { page_minus_wall_ms: [r1(pageClockStart), r1(pageClockEnd)], db_minus_wall_ms: dbClock, sim: "webhook log at = the simulator's Date.now() (same host), speed 1" },
      // the machine is shared (other processes' load shows in every step): read the figures with it
      host: { cpus: os.cpus().length, load_1m: [r1(loadStart), r1(os.loadavg()[0]!)] },
      wrap_up: "default timeout; skipped on the page after each call",
    };
  } finally {
    await browser?.close().catch(() => {});
    await stopAll(procs, 10_000);
    await q.end().catch(() => {});
    await dropDatabase(server.serverUrl, dbName).catch(() => {});
    await server.embedded?.stop();
  }
  // last, after every child has stopped, so nothing they print comes after it
  console.log(JSON.stringify(summary));
}

await main();
