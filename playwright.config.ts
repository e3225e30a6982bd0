import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);

/** Playwright in Debian's Chromium (never a downloaded browser) against `next start`. */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `node node_modules/tsx/dist/cli.mjs scripts/e2e-server.ts`,
    url: `http://127.0.0.1:${PORT}/api/live`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      E2E_PORT: String(PORT),
      LOGIN_RATE_LIMIT_MAX: "20",
      LOGIN_RATE_LIMIT_WINDOW_S: "60",
      // e2e/support.ts signs webhooks with the same token and secret.
      TWILIO_AUTH_TOKEN: "e2e-twilio-auth-token-0000000000",
      SHOPIFY_WEBHOOK_SECRET: "e2e-shopify-webhook-secret",
      // softphone timings short enough for a test to wait them out
      CALL_RING_TIMEOUT_MS: "6000",
      CALL_QUEUE_MAX_WAIT_MS: "8000",
      WRAP_UP_TIMEOUT_S: "30",
      SOFTPHONE_HEARTBEAT_INTERVAL_S: "2",
      // the Front sync and FrontCheck quick enough for e2e/frontcheck.spec.ts
      FRONT_SYNC_INTERVAL_S: "1",
      FRONT_SYNC_GRACE_S: "2",
      FRONT_RATE_LIMIT_PER_MIN: "100",
    },
  },
});
