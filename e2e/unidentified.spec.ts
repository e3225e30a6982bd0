import { expect, test, type APIRequestContext } from "@playwright/test";
import { signedTwilioRequest } from "@/lib/vendors/twilio/verify";
import { signedFrontRequest } from "@/lib/vendors/front/simulator";
import { expectAccessible } from "./a11y";
import { BASE_URL as BASE, E2E_FRONT_SECRET, E2E_TWILIO_TOKEN, loginAs } from "./support";


const STRANGER = "+61499555001";
/** The e2e Twilio simulator (scripts/e2e-server.ts starts it on E2E_SIM_PORT_BASE). */
const SIM_URL = `http://127.0.0.1:${process.env.E2E_SIM_PORT_BASE ?? 4110}`;
let n = 0;

async function smsFrom(request: APIRequestContext, from: string, body: string) {
  const sid = `SM${Date.now().toString(16)}${String(++n).padStart(4, "0")}`.padEnd(34, "0");
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: "AC00000000000000000000000000000000", From: from, To: "+61280001000", Body: body, NumMedia: "0", ApiVersion: "2010-04-01" };
  const signed = signedTwilioRequest(E2E_TWILIO_TOKEN, `${BASE}/api/webhooks/twilio/sms`, params);
  const res = await request.post("/api/webhooks/twilio/sms", { headers: signed.headers, data: signed.rawBody });
  expect(res.status()).toBe(200);
}

test("ops links an unmatched SMS to a person; the next SMS lands on the person by itself", async ({ page, request }) => {
  await smsFrom(request, STRANGER, "Is my order ready? (first)");
  await loginAs(page, "ops");
  await page.getByRole("link", { name: "Unidentified" }).click();
  await expect(page).toHaveURL(/\/unidentified$/);
  const row = page.getByRole("region", { name: "Waiting contacts" }).locator("button[data-row]", { hasText: STRANGER });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.press("Enter");
  await expect(page.getByRole("list", { name: "Latest messages" })).toContainText("Is my order ready? (first)");
  await page.getByLabel("Link to a person").fill("example.com");
  const linkButton = page.getByRole("button", { name: /^Link to / }).first();
  await expect(linkButton).toBeVisible();
  const personName = (await linkButton.textContent())!.replace(/^Link to /, "");
  await page.screenshot({ path: "test-results/screens/unidentified.png", fullPage: true });
  await linkButton.click();
  await expect(row).toBeHidden();

  await page.getByRole("link", { name: "View person" }).first().click();
  await expect(page.getByTestId("person-name")).toHaveText(personName);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Is my order ready? (first)");

  await smsFrom(request, STRANGER, "Thanks! (second)");
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Thanks! (second)", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.screenshot({ path: "test-results/screens/timeline.png", fullPage: true });

  // Reply from the page: recorded at once (on the timeline), sent by the worker through the
  // twilio client (the simulator here), and followed through Twilio's status callbacks.
  const reply = "It is ready: see you at 3 (reply)";
  await page.getByLabel("Text message").fill(reply);
  await page.getByRole("button", { name: "Send SMS" }).dblclick();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline).toContainText(reply);
  const sent = timeline.locator("li", { hasText: reply });
  await expect(sent).toHaveCount(1);
  await expect(sent).toContainText("outbound");
  await expect(sent.getByRole("status")).toHaveText(/Delivered/, { timeout: 20_000 });
  await expect(page.getByLabel("Text message")).toHaveValue("");
  await expect(page.getByLabel("Text message")).toBeEnabled();
  const sim = (await (await request.get(`${SIM_URL}/_sim/state`)).json()) as { messages: { body: string; direction: string }[] };
  expect(sim.messages.filter((m) => m.body === reply && m.direction === "outbound-api")).toHaveLength(1);
  await page.screenshot({ path: "test-results/screens/sms-delivered.png", fullPage: true });

  // Nothing from that number waits in the queue any more.
  const api = await page.request.get("/api/unidentified");
  const body = (await api.json()) as { contacts: { value: string }[] };
  expect(body.contacts.map((c) => c.value)).not.toContain(STRANGER);
});

test("a bad Twilio signature is refused and nothing is stored", async ({ request }) => {
  const params = { MessageSid: "SMbad0000000000000000000000000000", From: STRANGER, To: "+61280001000", Body: "forged" };
  const signed = signedTwilioRequest("wrong-token", `${BASE}/api/webhooks/twilio/sms`, params);
  const res = await request.post("/api/webhooks/twilio/sms", { headers: signed.headers, data: signed.rawBody });
  expect(res.status()).toBe(403);
});

test("long handles and previews truncate inside their queue row at every width; the panel shows them in full", async ({ page, request }) => {
  const handle = `visitor-${"80767ce3".repeat(12)}@chat-widget.very-long-subdomain.example.com`.replace("@", "-at-");
  const text = `I would like to ask about ${"a very long question that goes on and on ".repeat(8)}thanks`;
  const now = Date.now() / 1000;
  const body = {
    type: "inbound_received",
    authorization: { id: "cmp_e2e" },
    payload: {
      id: `evt_e2e_${Date.now()}`, type: "inbound", emitted_at: now,
      conversation: { id: "cnv_e2e_long", subject: null, assignee: null },
      source: { _meta: { type: "inboxes" }, data: [] },
      target: { _meta: { type: "message" }, data: { id: `msg_e2e_${Date.now()}`, type: "custom", is_inbound: true, created_at: now, text, body: text, blurb: text,
        recipients: [{ handle, role: "from" }, { handle: "chat-channel", role: "to" }] } },
    },
  };
  const signed = signedFrontRequest(body, E2E_FRONT_SECRET, new Date());
  expect((await request.post("/api/webhooks/front", { headers: signed.headers as Record<string, string>, data: signed.rawBody })).status()).toBe(200);
  await loginAs(page, "ops");
  await page.goto("/unidentified");
  const row = page.getByRole("region", { name: "Waiting contacts" }).locator("button[data-row]", { hasText: handle.slice(0, 20) });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toHaveAttribute("title", new RegExp(handle));
  for (const width of [360, 768, 1024, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    // Nothing in the row reaches past the row (the list never spills into the panel).
    const spill = await row.evaluate((el) => {
      const edge = el.getBoundingClientRect().right + 1;
      return [...el.querySelectorAll("span")].filter((s) => s.getBoundingClientRect().right > edge).map((s) => s.textContent?.slice(0, 30));
    });
    expect(spill, `at ${width}px`).toEqual([]);
    const list = await page.getByRole("region", { name: "Waiting contacts" }).boundingBox();
    expect(list!.x + list!.width, `at ${width}px`).toBeLessThanOrEqual(width);
  }
  await row.click();
  await expect(page.getByRole("region", { name: "Contact" }).getByRole("heading", { name: handle })).toBeVisible();
  await expect(page.getByRole("list", { name: "Latest messages" })).toContainText("thanks");
  await expectAccessible(page, "the queue with a long handle open");
});
