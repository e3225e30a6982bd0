import { expect, test, type APIRequestContext } from "@playwright/test";
import { signedTwilioRequest } from "@/lib/vendors/twilio/verify";
import { BASE_URL as BASE, E2E_TWILIO_TOKEN, loginAs } from "./support";


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
