/**
 * `npm run smoke`: what a newcomer does, checked end to end (CI runs it on its
 * clean clone). `npm start` on spare ports, with a Postgres data directory of its
 * own (removed after) → wait for "ready" → /api/health 200 → sign in over HTTP
 * with a demo login printed by `npm start` → a simulated customer calls → the call
 * reaches a terminal state → Ctrl-C → every process of the run is gone.
 * Exits non-zero, saying which step failed, if any of that does not hold.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const DATA = "pg-smoke";
const say = (s: string) => console.log(`smoke │ ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer().once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

async function sparePort(span = 1): Promise<number> {
  for (;;) {
    const p = 20_000 + Math.floor(Math.random() * 20_000);
    const all = await Promise.all(Array.from({ length: span }, (_, i) => portFree(p + i)));
    if (all.every(Boolean)) return p;
  }
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const port = await sparePort();
  const pgPort = await sparePort();
  const simBase = await sparePort(21); // Twilio +0, Front +10, Aircall +20
  const base = `http://127.0.0.1:${port}`;
  rmSync(path.join(root, ".data", DATA), { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_DATA: DATA, SIM_PORT_BASE: String(simBase), PUBLIC_BASE_URL: `http://localhost:${port}` };
  delete env.DATABASE_URL; // a database of its own, as on a fresh machine
  say(`npm start on port ${port} (Postgres ${pgPort}, simulators from ${simBase})`);
  const child = spawn("npm", ["start"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pgid = child.pid ?? 0;
  let out = "";
  const collect = (c: Buffer) => {
    const text = c.toString();
    out += text.replace(/\x1b\[[0-9;]*m/g, "");
    process.stdout.write(text.split("\n").map((l) => (l ? `  │ ${l}` : l)).join("\n"));
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let code: number | null = null;
  void exited.then((c) => (code = c));

  let failure: unknown = null;
  try {
    await until("npm start printed ready", 15 * 60_000, async () => {
      if (code !== null) throw new Error(`npm start exited (${code}) before it was ready`);
      return out.includes("ready: http://localhost:") ? true : null;
    }).catch((e: unknown) => {
      throw new Error(String(e instanceof Error ? e.message : e));
    });
    const logins = [...out.matchAll(/^\S+ │\s+(staff|ops|manager|admin)\s+(\S+@\S+)\s+(\S+)\s*$/gm)].map((m) => ({ role: m[1], email: m[2], password: m[3] }));
    const staff = logins.find((l) => l.role === "staff");
    if (!staff?.email || !staff.password) throw new Error("npm start printed no staff demo login");
    const twilio = /Twilio simulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (!twilio) throw new Error("npm start printed no Twilio simulator address");

    const health = await fetch(`${base}/api/health`);
    if (health.status !== 200) throw new Error(`/api/health answered ${health.status}: ${await health.text()}`);
    say(`/api/health 200 ${JSON.stringify(await health.json())}`);

    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: `http://localhost:${port}` },
      body: JSON.stringify({ email: staff.email, password: staff.password }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    if (signIn.status !== 200 || !cookie.includes("session_token")) throw new Error(`sign-in as ${staff.email} answered ${signIn.status}`);
    say(`signed in as ${staff.email}`);

    const placed = await fetch(`${twilio}/_sim/calls/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "+61499000111", to: "+61280000000", hangupAfter: 6 }),
    });
    if (placed.status !== 201) throw new Error(`the simulator refused the call: ${placed.status} ${await placed.text()}`);
    const { sid } = (await placed.json()) as { sid: string };
    say(`a customer calls (${sid}) and hangs up after 6 s`);
    const call = await until("the call reached a terminal state", 90_000, async () => {
      const res = await fetch(`${base}/api/voice/calls?callSid=${sid}`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`/api/voice/calls answered ${res.status}`);
      const [c] = ((await res.json()) as { calls: { state: string; endReason: string | null }[] }).calls;
      return c && (c.state === "completed" || c.state === "failed") ? c : null;
    });
    say(`the call ended: ${call.state} (${call.endReason})`);
  } catch (e) {
    failure = e;
  }
  // Ctrl-C in a terminal signals the whole process group: do the same, then wait for every member to go.
  say("Ctrl-C");
  if (code === null) process.kill(-pgid, "SIGINT");
  const t0 = Date.now();
  const groupAlive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false; // ESRCH: no process of the group is left
    }
  };
  while (groupAlive() && Date.now() - t0 < 60_000) await sleep(200);
  const left = groupAlive();
  if (left) {
    process.kill(-pgid, "SIGKILL");
    await sleep(500);
  }
  rmSync(path.join(root, ".data", DATA), { recursive: true, force: true });
  if (failure) throw failure;
  if (left) throw new Error("processes of the run were still alive 60 s after Ctrl-C");
  say(`stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s; no process left`);
}

main().then(
  () => say("ok"),
  (e: unknown) => {
    console.error(`smoke │ FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
