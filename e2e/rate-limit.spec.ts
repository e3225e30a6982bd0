import { expect, test } from "@playwright/test";
import { BASE_URL } from "./support";

// Runs last (file order): it spends the login budget for this window.
test("repeated failed logins are rate-limited", async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 22; i++) {
    const res = await request.post("/api/auth/sign-in/email", {
      headers: { origin: BASE_URL, "x-forwarded-for": "203.0.113.9" },
      data: { email: "nobody@switchboard.test", password: "wrong-password" },
    });
    statuses.push(res.status());
  }
  // playwright.config.ts sets the e2e budget to 20 attempts a minute per client address.
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(20)).toEqual([429, 429]);
});
