import { expect, test } from "@playwright/test";
import { BASE_URL } from "./support";

// Runs last (file order): it spends the login budget of this machine's address for this window.
test("failed logins are rate-limited per client address, whatever X-Forwarded-For claims", async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 22; i++) {
    const res = await request.post("/api/auth/sign-in/email", {
      // a new forged address and a new account every attempt: neither buys another guess
      headers: { origin: BASE_URL, "x-forwarded-for": `203.0.113.${i}` },
      data: { email: `nobody${i}@switchboard.test`, password: "wrong-password" },
    });
    statuses.push(res.status());
  }
  // playwright.config.ts sets the e2e budget to 20 failed attempts a minute per client address.
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(20)).toEqual([429, 429]);
});
