import { expect, test } from "@playwright/test";
import { loginAs } from "./support";
import { customerCalls, endShift, origin, shopifyOrder, shot, startShift } from "./softphone-support";

/**
 * The whole call, as a staff member lives it: a customer calls, the softphone rings
 * with their name and last three orders, staff accept, talk (a timer runs), hang up,
 * write a wrap-up note, and the call is on the person's timeline with its duration and note.
 */
const NADIA = { first_name: "Nadia", last_name: "Petrova", email: "nadia.petrova@example.net", phone: "0412 555 801" };
const ORDERS = [
  { id: 920_001, createdAt: "2026-08-01T10:00:00+10:00", item: "Oak side table", total: "120.00" },
  { id: 920_002, createdAt: "2026-09-01T10:00:00+10:00", item: "Blue glass vase", total: "45.50" },
  { id: 920_003, createdAt: "2026-10-01T10:00:00+10:00", item: "Linen throw", total: "89.00" },
  { id: 920_004, createdAt: "2026-11-01T10:00:00+10:00", item: "Brass lamp", total: "210.00" },
];

test.afterEach(async ({ page }) => endShift(page));

test("a customer calls: ring with name and last three orders, accept, talk, hang up, wrap up, on the timeline", async ({ page, request, browser }) => {
  for (const o of ORDERS) await shopifyOrder(request, o.id, NADIA, o);
  // identity has made one person of the four orders (ops can ask it to explain any pair)
  const ops = await browser.newPage();
  await loginAs(ops, "ops");
  await expect(async () => {
    for (const o of ORDERS.slice(1)) {
      const res = await ops.request.post("/api/identity/explain", { data: { a: { source: "order", externalId: String(ORDERS[0]?.id) }, b: { source: "order", externalId: String(o.id) } }, headers: origin });
      const pair = (await res.json()) as { a?: { personId: string | null }; b?: { personId: string | null } };
      expect(pair.a?.personId).toBeTruthy();
      expect(pair.b?.personId).toBe(pair.a?.personId);
    }
  }).toPass({ timeout: 30_000 });
  await ops.close();
  await loginAs(page, "staff");

  await startShift(page);
  await shot(page, "softphone-01-on-shift");
  await customerCalls("+61412555801");

  const panel = page.getByTestId("call-panel");
  await expect(panel).toHaveAttribute("data-state", "ringing", { timeout: 10_000 });
  await expect(page.getByRole("heading", { name: "Incoming call from +61412555801" })).toBeVisible();
  const pop = page.getByTestId("screen-pop");
  await expect(pop.getByRole("heading", { name: "Nadia Petrova" })).toBeVisible();
  const orders = pop.getByRole("region", { name: "Nadia Petrova" }).locator("li", { hasText: "#92000" });
  await expect(orders).toHaveCount(3);
  await expect(orders.nth(0)).toContainText("Brass lamp");
  await expect(orders.nth(2)).toContainText("Blue glass vase"); // the oldest (the side table) is not among the last three
  await expect(page.locator("html")).toHaveAttribute("data-ringtone", "playing");
  await expect(page.getByRole("button", { name: "Accept" })).toBeFocused();
  expect(await page.title()).toMatch(/Call from \+61412555801|Ringing/);
  await shot(page, "softphone-02-ringing");

  await page.getByRole("button", { name: "Accept" }).click();
  await expect(panel).toHaveAttribute("data-state", "in_call");
  await expect(page.locator("html")).not.toHaveAttribute("data-ringtone", "playing");
  await expect(page.getByTestId("call-timer")).toHaveText(/0:0[2-9]/, { timeout: 10_000 });
  await shot(page, "softphone-03-in-call");

  await page.getByRole("button", { name: "Hang up" }).click();
  const wrap = page.getByRole("form", { name: "Wrap-up" });
  await expect(wrap).toBeVisible();
  await expect(page.getByLabel("Note (saved with the call on the timeline)")).toBeFocused();
  await page.getByLabel("Note (saved with the call on the timeline)").fill("Asked about the brass lamp's delivery");
  await page.getByLabel("Outcome").selectOption("follow_up");
  await shot(page, "softphone-04-wrap-up");
  await page.getByRole("button", { name: "Save and take calls" }).click();
  await expect(page.getByText("Waiting for calls.")).toBeVisible();

  // the person's page: the call, its duration and the note
  await pop.waitFor({ state: "detached" });
  const res = await page.request.get("/api/softphone/people?q=Petrova");
  const [nadia] = ((await res.json()) as { people: { id: string }[] }).people;
  await page.goto(`/people/${nadia?.id}`);
  const call = page.getByRole("list", { name: "Timeline" }).getByRole("listitem").filter({ hasText: "answered" }).first();
  await expect(call).toContainText(/Inbound call, answered, \d+s/);
  // expanded: the outcome with its duration, and the wrap-up note
  await call.getByRole("button").first().click();
  await expect(call.getByTestId("timeline-detail")).toContainText(/answered · \d+ min \d+ s/);
  await expect(call.getByTestId("wrap-up-note")).toContainText("Asked about the brass lamp's delivery");
  await expect(call.getByTestId("wrap-up-note")).toContainText("follow up");
  await shot(page, "softphone-05-timeline");
});
