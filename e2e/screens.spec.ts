import { expect, test } from "@playwright/test";
import { expectAccessible } from "./a11y";
import { loginAs } from "./support";

/**
 * The people, person, review and analytics pages at a desktop and a phone's width: screenshots to
 * look at (test-results/screens/*-{desktop,narrow}.png), no page wider than the window (wide
 * tables scroll in their own box), and axe's WCAG 2 A/AA rules at the narrow width too.
 */
const WIDTHS = { desktop: { width: 1280, height: 800 }, narrow: { width: 390, height: 844 } };

test("people, a person, review and analytics at desktop and narrow widths", async ({ page }) => {
  test.setTimeout(120_000);
  await loginAs(page, "admin");
  await page.goto("/people?q=priya");
  const person = await page.getByRole("table", { name: "People" }).getByRole("link", { name: "Priya Raman" }).getAttribute("href");
  const pages = { people: "/people", person: person!, review: "/review", analytics: "/analytics" };
  for (const [size, viewport] of Object.entries(WIDTHS)) {
    await page.setViewportSize(viewport);
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(path);
      await expect(page.getByRole("main")).toBeVisible();
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `test-results/screens/${name}-${size}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${size} is wider than the window`).toBeLessThanOrEqual(0);
      if (size === "narrow") await expectAccessible(page, `${path} at ${viewport.width} px`);
    }
  }
});
