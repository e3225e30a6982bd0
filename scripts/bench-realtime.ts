import path from "node:path";
import pg from "pg";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { publish } from "@/lib/realtime/publish";
import { createUser } from "@/lib/users/manage-users";
import { presence, until } from "@/tests/support/realtime";
import { openSse, type SseClient } from "@/tests/support/sse-client";
import { build, needsBuild } from "./lib/build";
import { dropDatabase, ensureDatabase, provideServer } from "./lib/database";
import { run, stopAll, waitForHttp, type Proc } from "./lib/processes";
import { webCommand } from "./lib/web";

/**
 * `npm run bench:realtime`: two real web processes (web/main.ts, production build) on one
 * database, SSE clients on each over real HTTP (asking for gzip, as browsers do). Measures
 * publish → received latency through each, then checks, through the real server: a client
 * moving from one process to the other with Last-Event-ID gets exactly what it missed; a
 * disconnect frees the subscriber at once; a killed LISTEN backend loses nothing; SIGTERM
 * with streams open exits promptly. BENCH_EVENTS sets the count; last line JSON.
 */
const root = path.resolve(import.meta.dirname, "..");
const PORTS = [Number(process.env.BENCH_PORT ?? 3400), Number(process.env.BENCH_PORT ?? 3400) + 1];
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const log = (s: string) => console.error(s);
const check = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`check failed: ${what}`);
  log(`ok: ${what}`);
};
const q = (xs: number[], p: number) => Number([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(1));
const ats = (c: SseClient) => c.events().map((f) => Date.parse((JSON.parse(f.data) as { at: string }).at) - 1_700_000_000_000);

async function main() {
  if (needsBuild(root)) build(root);
  const server = await provideServer("pg-test", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), log);
  const dbName = `sb_bench_realtime_${process.pid}`;
  const url = await ensureDatabase(server.serverUrl, dbName);
  await migrate(url);
  const db = createDb(url, { max: 4 });
  const procs: Proc[] = [];
  const closed: string[] = [];
  const clients: SseClient[] = [];
  try {
    const made = await createUser(db, { name: "Tess", email: "tess@example.com", password: "correct-horse", role: "staff" });
    if (!made.ok) throw new Error(made.reason);
    const staffId = (await db.staff.findUniqueOrThrow({ where: { userId: made.id } })).id;
    const base = `http://localhost:${PORTS[0]}`;
    PORTS.forEach((port, i) => {
      const env = { ...process.env, DATABASE_URL: url, PORT: String(port), PUBLIC_BASE_URL: base, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "debug", SWITCHBOARD_MODE: "demo" };
      const web = webCommand("start");
      const p = run(`web-${i}`, web.cmd, web.args, env, i);
      // the route logs each stream's end at debug level: how we see a disconnect being noticed
      p.child.stdout?.on("data", (b: Buffer) => {
        for (const m of b.toString().matchAll(/"reason":"(\w+)"[^\n]*event stream closed/g)) closed.push(`${i}:${m[1]}`);
      });
      procs.push(p);
    });
    await Promise.all(PORTS.map((port) => waitForHttp(`http://127.0.0.1:${port}/api/live`, 120_000)));
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ email: "tess@example.com", password: "correct-horse" }),
    });
    const cookie = /switchboard\.session_token=[^;]+/.exec(signIn.headers.get("set-cookie") ?? "")?.[0];
    if (!cookie) throw new Error(`sign-in answered ${signIn.status}`);
    const connect = async (i: number, extra: Record<string, string> = {}) => {
      const c = await openSse(`http://127.0.0.1:${PORTS[i]}/api/events`, { cookie, "accept-encoding": "gzip, deflate, br", ...extra });
      clients.push(c);
      await until("ready", () => c.frames.some((f) => f.event === "ready"), 10_000);
      return c;
    };

    const [a, b] = [await connect(0), await connect(1)];
    check(a.headers["content-encoding"] === undefined && a.headers["cache-control"] === "no-cache, no-transform", "the stream is neither compressed nor cacheable, though the client accepts gzip");
    const lat: [number[], number[]] = [[], []];
    for (let i = 0; i < EVENTS; i++) {
      const t0 = performance.now();
      await publish(db, [presence(staffId, i)]);
      await until(`event ${i}`, () => a.events().length > i && b.events().length > i, 5_000);
      lat[0].push(a.events()[i]!.at - t0);
      lat[1].push(b.events()[i]!.at - t0);
    }
    check(ats(a).join() === ats(b).join() && a.events().map((f) => f.id).join() === b.events().map((f) => f.id).join(), `both processes delivered the same ${EVENTS} events with the same ids`);

    a.close();
    await until("the disconnect noticed", () => closed.includes("0:abort") || closed.includes("0:cancel"), 2_000);
    check(true, `a disconnect ends the stream on the server at once (${closed.join(", ")})`);
    await publish(db, [1, 2, 3].map((n) => presence(staffId, 10_000 + n)));
    const moved = await connect(1, { "last-event-id": a.lastId()! });
    await publish(db, [presence(staffId, 10_004)]);
    await until("missed + live", () => moved.events().length >= 4);
    check(ats(moved).join() === "10001,10002,10003,10004", "a client moving to the other process with Last-Event-ID gets exactly what it missed, then live");

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1", [`switchboard-realtime-hub:${procs[1]!.child.pid}:%`]);
    const tKill = performance.now();
    await publish(db, [1, 2, 3].map((n) => presence(staffId, 20_000 + n)));
    await until("events after the kill", () => moved.events().length >= 7, 10_000);
    const recoveryMs = Number((performance.now() - tKill).toFixed(0));
    await admin.end();
    check(killed.rowCount === 1 && ats(moved).slice(4).join() === "20001,20002,20003", `web-1's LISTEN backend killed: the open stream got what was published meanwhile, once (${recoveryMs} ms)`);

    const c0 = await connect(0);
    const tStop = performance.now();
    await stopAll(procs, 15_000);
    const stopMs = Number((performance.now() - tStop).toFixed(0));
    check(c0.ended() && moved.ended() && stopMs < 3_000, `SIGTERM with streams open: both web processes exit in ${stopMs} ms (streams ended, not the 10 s force)`);

    const summary = {
      events: EVENTS,
      latency_ms: PORTS.map((_, i) => ({ process: `web-${i}`, median: q(lat[i]!, 0.5), p95: q(lat[i]!, 0.95), max: q(lat[i]!, 1) })),
      listen_recovery_ms: recoveryMs,
      stop_ms: stopMs,
    };
    console.log(JSON.stringify(summary));
  } finally {
    for (const c of clients) c.close();
    await stopAll(procs, 5_000);
    await db.$disconnect();
    await dropDatabase(server.serverUrl, dbName).catch(() => {});
    await server.embedded?.stop();
  }
}

await main();
