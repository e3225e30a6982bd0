import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Production refuses to start unsafe: the launcher (`npm start`), the web process
 * and the worker each exit non-zero with one message naming every missing setting,
 * before touching a database or starting a simulator. Demo mode (the other path)
 * is what `npm start` runs in CI's smoke step and in the browser tests.
 */
const root = path.resolve(import.meta.dirname, "..");
const ENTRIES = {
  launcher: ["scripts/launch.ts", "start"],
  web: ["web/main.ts"],
  worker: ["workers/main.ts"],
} as const;
const REQUIRED = ["BETTER_AUTH_SECRET", "PUBLIC_BASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "FRONT_APP_SECRET", "AIRCALL_WEBHOOK_TOKEN", "SHOPIFY_WEBHOOK_SECRET", "SOURCES_WEBHOOK_SECRET"];

function start(entry: readonly string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", ...entry], {
    cwd: root,
    // nothing from the test's own environment: no DATABASE_URL, no secrets
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env } as Record<string, string> as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("NODE_ENV=production without secrets", () => {
  for (const [name, entry] of Object.entries(ENTRIES)) {
    it(`${name} exits non-zero naming every missing variable`, () => {
      const r = start(entry, { NODE_ENV: "production" });
      expect(r.status).toBe(1);
      const line = r.stderr.split("\n").find((l) => l.includes("refusing to start in production")) ?? "";
      for (const v of REQUIRED) expect(line).toContain(v);
      expect(r.stdout + r.stderr).not.toMatch(/simulator on http|embedded Postgres on|listening on/);
    });
  }

  it("a simulator URL is refused in production even with every secret set", () => {
    const env = Object.fromEntries(REQUIRED.map((v) => [v, v === "PUBLIC_BASE_URL" ? "https://sb.example.com" : v === "TWILIO_ACCOUNT_SID" ? `AC${"0".repeat(32)}` : "x".repeat(40)]));
    const r = start(ENTRIES.worker, { ...env, NODE_ENV: "production", TWILIO_SIM_URL: "http://127.0.0.1:4010" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("TWILIO_SIM_URL point at a simulator (demo mode only)");
  });
});
