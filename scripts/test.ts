import { spawnSync } from "node:child_process";
import path from "node:path";
import { assertLocalDatabase } from "@/tests/support/local-only";
import { build, needsBuild } from "./lib/build";
import { provideServer } from "./lib/database";

/**
 * `npm test`: typecheck, lint, unit tests, integration tests against a real
 * Postgres, then Playwright in Debian's Chromium against a production build.
 * Without DATABASE_URL an embedded Postgres (.data/pg-test) is started for the
 * run and stopped after; tests make and drop databases of their own on it.
 */
const root = path.resolve(import.meta.dirname, "..");
const bin = (pkg: string, file: string) => path.join(root, "node_modules", pkg, file);
const say = (s: string) => console.log(`\n\x1b[1m▶ ${s}\x1b[0m`);
const results: { step: string; ok: boolean; seconds: number }[] = [];

type Env = Record<string, string | undefined>;

function step(name: string, args: string[], env: Env): boolean {
  say(name);
  const t = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: env as NodeJS.ProcessEnv });
  const ok = r.status === 0;
  results.push({ step: name, ok, seconds: (Date.now() - t) / 1000 });
  return ok;
}

async function main(): Promise<number> {
  const base: Env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const env: Env = { ...base, NODE_ENV: "test" };
  if (!step("typecheck", [bin("typescript", "bin/tsc"), "--noEmit", "-p", "."], env)) return 1;
  if (!step("lint", [bin("eslint", "bin/eslint.js"), "--max-warnings", "0", "--no-warn-ignored", "."], env)) return 1;
  if (!step("unit tests", [bin("vitest", "vitest.mjs"), "run", "--project", "unit"], env)) return 1;

  const server = await provideServer("pg-test", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), (s) => console.log(s));
  assertLocalDatabase(server.serverUrl);
  try {
    const dbEnv = { ...env, DATABASE_URL: server.serverUrl };
    if (!step("integration tests (real Postgres)", [bin("vitest", "vitest.mjs"), "run", "--project", "integration"], dbEnv)) return 1;
    if (needsBuild(root)) {
      say("production build for the browser tests");
      build(root);
    } else say("production build is current (no source newer than .next/BUILD_ID)");
    if (!step("browser tests (Playwright, Chromium)", [bin("@playwright/test", "cli.js"), "test"], { ...base, DATABASE_URL: server.serverUrl })) return 1;
    return 0;
  } finally {
    await server.embedded?.stop();
  }
}

const code = await main().catch((e) => {
  console.error(e);
  return 1;
});
console.log("\nsummary:");
for (const r of results) console.log(`  ${r.ok ? "✔" : "✘"} ${r.step} (${r.seconds.toFixed(1)} s)`);
process.exit(code);
