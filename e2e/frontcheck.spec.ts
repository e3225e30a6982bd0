import { expect, test, type Browser } from "@playwright/test";
import { expectAccessible } from "./a11y";
import { endShift, startShift } from "./softphone-support";
import { loginAs } from "./support";

/**
 * FrontCheck end to end: the Front simulator's webhook is switched off silently, messages keep
 * arriving in Front, the worker's sync finds them (grace 2 s in playwright.config.ts) and the
 * banner appears on every signed-in page, live; re-enabled, the next delivered message clears it.
 */
const FRONT_SIM = `http://127.0.0.1:${Number(process.env.E2E_SIM_PORT_BASE ?? 4110) + 10}`;

const webhook = (action: "enable" | "disable") => fetch(`${FRONT_SIM}/_simulator/application-webhook/${action}`, { method: "POST" });
const customerWrites = (n: number) =>
  fetch(`${FRONT_SIM}/_simulator/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from: `frontcheck.e2e.${n}@example.org`, to: "support@switchboard.test", subject: "Still there?", body: `message ${n}` }),
  });

async function signedIn(browser: Browser, role: "staff" | "admin") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, role);
  return { context, page };
}

test("a disabled Front webhook raises the banner for everyone signed in, and it clears when deliveries resume", async ({ browser }) => {
  test.setTimeout(90_000);
  const staff = await signedIn(browser, "staff");
  const admin = await signedIn(browser, "admin");
  try {
    await startShift(staff.page);
    await admin.page.goto("/people");
    for (const { page } of [staff, admin]) await expect(page.getByTestId("frontcheck-banner")).toHaveAttribute("data-state", "none");

    expect((await webhook("disable")).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await customerWrites(i)).status).toBe(201);

    for (const { page } of [staff, admin]) {
      const banner = page.getByTestId("frontcheck-banner");
      await expect(banner).toHaveAttribute("data-state", "open", { timeout: 30_000 });
      await expect(banner).toContainText("Front webhook down since");
    }
    await expectAccessible(staff.page, "the softphone with the FrontCheck banner");

    // the status page: the open incident and what the sync recovered
    await admin.page.goto("/admin/syncs");
    await expect(admin.page.getByTestId("incident-history")).toContainText("open");
    // the demo's on-call staff member (the manager) was texted through the SMS outbox
    await expect(admin.page.getByTestId("incident-history")).toContainText("SMS to on-call");
    await expect(admin.page.locator('[data-sync="front.events"] [data-testid="sync-recovered"]')).not.toHaveText("0");
    await expectAccessible(admin.page, "/admin/syncs with an open incident");

    expect((await webhook("enable")).status).toBe(200);
    expect((await customerWrites(3)).status).toBe(201);
    await expect(staff.page.getByTestId("frontcheck-banner")).toHaveAttribute("data-state", "none", { timeout: 30_000 });
    await admin.page.reload();
    await expect(admin.page.getByTestId("frontcheck-banner")).toHaveAttribute("data-state", "none");
    await expect(admin.page.getByTestId("incident-history")).not.toContainText("open");
  } finally {
    await webhook("enable");
    await endShift(staff.page).catch(() => {});
    await staff.context.close();
    await admin.context.close();
  }
});
