import type { APIRequestContext, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { signShopify } from "@/lib/vendors/shopify/verify";
import { BASE_URL, E2E_SHOPIFY_SECRET } from "./support";

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

export async function startShift(page: Page) {
  await page.goto("/softphone");
  await page.getByRole("button", { name: "Start shift" }).click();
  await expect(page.getByText("phone connected")).toBeVisible({ timeout: 15_000 });
}

export async function endShift(page: Page) {
  await page.goto("/softphone");
  const end = page.getByRole("button", { name: "End shift" });
  if (await end.isVisible()) await end.click();
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

export const origin = { origin: BASE_URL };
