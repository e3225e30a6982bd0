import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { signShopify } from "@/lib/vendors/shopify/verify";
import { BASE_URL, E2E_SHOPIFY_SECRET, USERS, login } from "./support";

/** The e2e Twilio simulator (scripts/e2e-server.ts starts it at E2E_SIM_PORT_BASE). */
export const SIM_URL = `http://127.0.0.1:${process.env.E2E_SIM_PORT_BASE ?? 4110}`;
export const BUSINESS_LINE = "+61299990000";

/** A customer calls the business line through the simulator; resolves with the CallSid. */
export async function customerCalls(from: string, opts: { hangupAfter?: number } = {}): Promise<string> {
  const res = await fetch(`${SIM_URL}/_sim/calls/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from, to: BUSINESS_LINE, ...opts }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { sid: string }).sid;
}

export async function hangUpCaller(callSid: string): Promise<void> {
  await fetch(`${SIM_URL}/_sim/calls/${callSid}/hangup`, { method: "POST" });
}

let delivery = 0;
/** A Shopify order for a customer, signed as Shopify signs it (identity makes the person from it). */
export async function shopifyOrder(
  request: APIRequestContext,
  id: number,
  customer: { first_name: string; last_name: string; email: string; phone: string },
  order: { createdAt: string; item: string; total: string },
) {
  const body = JSON.stringify({
    id,
    name: `#${id}`,
    created_at: order.createdAt,
    updated_at: order.createdAt,
    total_price: order.total,
    currency: "AUD",
    financial_status: "paid",
    line_items: [{ title: order.item, quantity: 1 }],
    customer: { id: 80_000 + id, ...customer },
  });
  const res = await request.post("/api/webhooks/shopify/orders", {
    headers: { "content-type": "application/json", "x-shopify-hmac-sha256": signShopify(E2E_SHOPIFY_SECRET, body), "x-shopify-webhook-id": `e2e-softphone-${Date.now()}-${++delivery}`, "x-shopify-topic": "orders/create" },
    data: body,
  });
  expect(res.status()).toBe(200);
}

/** On shift with the phone connected (a shift a previous test left on resumes by itself: then nothing to click). */
export async function startShift(page: Page) {
  await page.goto("/softphone");
  const view = page.getByTestId("softphone");
  await expect(view).toHaveAttribute("data-ready", "true");
  await expect(view).not.toHaveAttribute("data-view", "starting", { timeout: 15_000 });
  if ((await view.getAttribute("data-view")) === "off") await page.getByRole("button", { name: "Start shift" }).click();
  await expect(page.getByText("phone connected")).toBeVisible({ timeout: 15_000 });
}

/** Off shift, whatever state the page was in, so the next test starts from offline. */
export async function endShift(page: Page) {
  await page.goto("/softphone");
  const view = page.getByTestId("softphone");
  await expect(view).toHaveAttribute("data-ready", "true");
  await expect(view).not.toHaveAttribute("data-view", "starting", { timeout: 15_000 });
  const end = page.getByRole("button", { name: "End shift" });
  if (await end.isVisible()) await end.click();
  await expect(view).toHaveAttribute("data-view", "off");
  await page.request.post("/api/softphone/presence", { data: { presence: "offline" }, headers: { origin: BASE_URL } });
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

export const origin = { origin: BASE_URL };

/** A staff member signed in in a browser context of their own (their own cookies, their own phone). */
export async function staffBrowser(browser: Browser, who: "staff" | "tess"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, who === "staff" ? USERS.staff : "tess@switchboard.test");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  return page;
}

export const callPanel = (page: Page) => page.getByTestId("call-panel");

/** A person the softphone can find, made by identity from a Shopify order; resolves with their id. */
export async function customerWithOrder(request: APIRequestContext, page: Page, id: number, c: { first_name: string; last_name: string; phone: string }): Promise<string> {
  await shopifyOrder(request, id, { ...c, email: `${c.first_name}.${c.last_name}@example.net`.toLowerCase() }, { createdAt: "2026-10-10T10:00:00+11:00", item: "Gift card", total: "50.00" });
  let personId = "";
  await expect(async () => {
    const res = await page.request.get(`/api/softphone/people?q=${encodeURIComponent(c.last_name)}`);
    const { people } = (await res.json()) as { people: { id: string }[] };
    expect(people).toHaveLength(1);
    personId = people[0]?.id ?? "";
  }).toPass({ timeout: 20_000 });
  return personId;
}
