import { expect, test } from "@playwright/test";
import { loginAs } from "./support";

test("a signed-in tab keeps one live connection across pages", async ({ page }) => {
  const streams: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/events") streams.push(r.url());
  });
  await loginAs(page, "manager");
  const status = page.getByTestId("realtime-status");
  await expect(status).toHaveAttribute("data-status", "connected");
  await expect(status).toHaveAttribute("role", "status");
  await expect(status).not.toBeInViewport();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
  await expect(page).toHaveURL(/\/people$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page).toHaveURL(/\/analytics$/);
  await expect(status).toHaveAttribute("data-status", "connected");
  expect(streams).toHaveLength(1);
});

// The browser retries a dropped stream itself; a refused one (503, 401) it gives up on, and the
// tab builds a new one. Either way the page says so, and says when it is back.
test("a tab whose stream is refused, then dropped, says so and comes back by itself", async ({ page }) => {
  let n = 0;
  await page.route("**/api/events*", async (route) => {
    n++;
    if (n === 1) await route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"live updates are unavailable"}' });
    else if (n === 2) await route.abort("connectionreset");
    else await route.continue();
  });
  await loginAs(page, "staff");
  const status = page.getByTestId("realtime-status");
  await expect(status).toHaveAttribute("data-status", "reconnecting");
  await expect(status).toHaveText("Live updates interrupted. Reconnecting…");
  await expect(status).toBeVisible();
  await page.screenshot({ path: "test-results/screens/realtime-reconnecting.png" });
  await expect(status).toHaveAttribute("data-status", "connected", { timeout: 20_000 });
  await expect(status).not.toBeInViewport();
  expect(n).toBeGreaterThanOrEqual(3);
});
