import { expect, test } from "@playwright/test";
import { expectAccessible } from "./a11y";
import { callPanel, customerCalls, endShift, hangUpCaller, shot, startShift } from "./softphone-support";
import { loginAs } from "./support";

/** Every page, and the softphone in each state a staff member sees, passes axe-core's WCAG 2 A/AA rules. */
test("the login page", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page, "/login");
});

test("every page a manager and an admin open", async ({ page }) => {
  await loginAs(page, "admin");
  for (const path of ["/softphone", "/unidentified", "/review", "/people", "/analytics", "/admin/users", "/admin/syncs", "/admin/staff-accounts"]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    await expectAccessible(page, path);
  }
  await page.goto("/people");
  await page.getByRole("main").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
  await expectAccessible(page, "a person's page");
});

test("the softphone: off shift, waiting, ringing, in a call, wrapping up", async ({ page }) => {
  await loginAs(page, "staff");
  await page.goto("/softphone");
  await expect(page.getByTestId("softphone")).toHaveAttribute("data-ready", "true");
  await expectAccessible(page, "softphone off shift");
  await startShift(page);
  await expectAccessible(page, "softphone waiting");
  const sid = await customerCalls("+61499100041");
  try {
    await expect(callPanel(page)).toHaveAttribute("data-state", "ringing", { timeout: 10_000 });
    await expect(page.getByTestId("screen-pop")).toBeVisible();
    await expectAccessible(page, "softphone ringing");
    await page.getByRole("button", { name: "Accept" }).click();
    await expect(callPanel(page)).toHaveAttribute("data-state", "in_call");
    await page.getByRole("button", { name: "Keypad" }).click();
    await expectAccessible(page, "softphone in a call");
    // usable at tablet width: nothing wider than the screen
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(page, "softphone-tablet-in-call");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Hang up" }).click();
    await expect(page.getByRole("form", { name: "Wrap-up" })).toBeVisible();
    await expectAccessible(page, "softphone wrap-up");
  } finally {
    await hangUpCaller(sid);
    await endShift(page);
  }
});
