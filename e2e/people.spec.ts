import { expect, test, type APIRequestContext } from "@playwright/test";
import { runFullSync } from "@/lib/identity/db/full-sync/full-sync";
import { createIdentityPool } from "@/lib/identity/db/sql";
import { expectAccessible } from "./a11y";
import { e2eDb, e2eDbUrl } from "./db";
import { customerCalls } from "./softphone-support";
import { BASE_URL, loginAs } from "./support";

const shot = (name: string) => `test-results/screens/${name}.png`;
const post = (request: APIRequestContext, url: string) => request.post(url, { headers: { origin: BASE_URL, "content-type": "application/json" }, data: {} });

test("a manager finds a person by a phone typed with spaces, filters the timeline to SMS, reads a message and plays a voicemail", async ({ page, request }) => {
  test.setTimeout(120_000);
  // Priya calls while nobody is on shift: she leaves a voicemail (the simulator's caller talks for 3 s)
  await customerCalls("+61412555010");
  await loginAs(page, "manager");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
  await page.getByLabel("Search").fill("0412 555 010");
  await page.getByRole("button", { name: "Search" }).click();
  const results = page.getByRole("table", { name: "People" });
  await expect(results.getByRole("row")).toHaveCount(2); // the header and Priya
  await expectAccessible(page, "the people list, searched");
  await page.screenshot({ path: shot("people-search"), fullPage: true });
  await results.getByRole("link", { name: "Priya Raman" }).click();

  await expect(page.getByTestId("person-name")).toHaveText("Priya Raman");
  const timeline = page.getByRole("list", { name: "Timeline" });
  // calls, an email and a text (the demo seed's); the SMS filter leaves the text alone
  await expect(timeline.locator('[data-kind="sms"]')).toHaveCount(1);
  await expect.poll(async () => timeline.getByRole("listitem").count()).toBeGreaterThan(1);
  await page.getByRole("group", { name: "Timeline filters" }).getByLabel("Channel").selectOption({ label: "SMS" });
  await expect(timeline.getByRole("listitem")).toHaveCount(1);
  await expect(timeline.getByRole("listitem").first()).toHaveAttribute("data-kind", "sms");
  const entry = timeline.getByRole("button", { name: /Text about her appointment/ });
  await expect(entry).toHaveAttribute("aria-expanded", "false");
  await entry.click();
  await expect(entry).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId("timeline-detail")).toHaveText("Can I move my appointment to Friday at 3?");
  await expectAccessible(page, "a person's page, timeline filtered and expanded");
  await page.screenshot({ path: shot("person-timeline-sms"), fullPage: true });

  // her voicemail, through the authenticated recording route, loads as audio and plays
  // (call-media.spec leaves an Aircall voicemail of hers on the timeline too)
  const voicemail = timeline.getByRole("listitem").filter({ hasText: "voicemail" }).filter({ hasNotText: "e2e Aircall" });
  await expect(async () => {
    await page.reload();
    await page.getByRole("group", { name: "Timeline filters" }).getByLabel("Channel").selectOption({ label: "Calls" });
    await expect(voicemail).toHaveCount(1, { timeout: 2_000 });
    await voicemail.getByRole("button").first().click();
    await expect(voicemail.getByLabel("Call recording")).toBeAttached({ timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  const audio = voicemail.getByLabel("Call recording");
  const src = (await audio.getAttribute("src"))!;
  const media = await page.request.get(src);
  expect(media.status()).toBe(200);
  expect(media.headers()["content-type"]).toMatch(/^audio\//);
  expect((await media.body()).length).toBeGreaterThan(1_000);
  expect((await request.get(src)).status()).toBe(401); // without a session
  await audio.evaluate((a: HTMLAudioElement) => a.play());
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => ({ ready: a.readyState >= 2, error: a.error?.code ?? null }))).toEqual({ ready: true, error: null });
  const duration = await audio.evaluate((a: HTMLAudioElement) => a.duration);
  expect(duration).toBeGreaterThan(2);
  expect(duration).toBeLessThan(4);
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0);
  await expectAccessible(page, "a person's page, a voicemail expanded");
  await page.screenshot({ path: shot("person-voicemail"), fullPage: true });
});

test("ops confirm one possible match and reject another, by keyboard", async ({ page }) => {
  await loginAs(page, "ops");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Merge review" }).click();
  const queue = page.getByRole("list", { name: "Possible matches" });
  await expect(queue.getByRole("listitem")).toHaveCount(3);
  const before = (await page.request.get("/api/review/matches").then((r) => r.json())) as { matches: { id: string; probability: number; a: { id: string; name: string }; b: { id: string; name: string } }[] };
  const [first, second] = before.matches;
  // most probable first, the selected pair drawn with its waterfall
  expect(before.matches.map((m) => m.probability)).toEqual([...before.matches.map((m) => m.probability)].sort((x, y) => y - x));
  const pair = page.getByRole("region", { name: "Selected pair" });
  await expect(pair.getByTestId("waterfall")).toBeVisible();
  await expect(pair.getByRole("region", { name: "Record A" })).toContainText(first!.a.name);
  await expectAccessible(page, "merge review");
  await page.screenshot({ path: shot("merge-review"), fullPage: true });

  await queue.getByRole("button").first().focus();
  await page.keyboard.press("c");
  await expect(page.getByTestId("review-status")).toHaveText(`Merged: ${first!.a.name} and ${first!.b.name}`);
  await expect(queue.getByRole("listitem")).toHaveCount(2);
  await queue.getByRole("button").first().focus();
  await page.keyboard.press("r");
  await expect(page.getByTestId("review-status")).toHaveText(`Kept apart: ${second!.a.name} and ${second!.b.name}`);
  await expect(queue.getByRole("listitem")).toHaveCount(1);
  await page.screenshot({ path: shot("merge-review-decided"), fullPage: true });

  // the confirmed pair is one person now, its merge one click from the waterfall
  const recent = page.getByRole("table", { name: "Recent merges" });
  await page.getByRole("group", { name: "Merge filters" }).getByLabel("By").selectOption("ops");
  await expect(recent.getByRole("row")).toHaveCount(2);
  await recent.getByRole("link").first().click();
  await expect(page.getByRole("list", { name: "Merge history" }).getByTestId("waterfall").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Source records" }).getByRole("listitem")).toHaveCount(2);
  await expectAccessible(page, "a merged person's page");
  await page.screenshot({ path: shot("merged-person"), fullPage: true });
  // deciding twice is refused
  expect((await post(page.request, `/api/review/matches/${first!.id}/confirm`)).status()).toBe(409);

  // the next full sync keeps the confirmed pair together (a must-link) and the rejected one apart (a merge rejection)
  const pool = createIdentityPool(await e2eDbUrl(), 2);
  try {
    expect(await runFullSync(pool)).toMatchObject({ ok: true });
  } finally {
    await pool.end();
  }
  const c = await e2eDb();
  try {
    const personOf = async (ids: string[]) => (await c.query<{ person_id: string }>("SELECT person_id FROM source_records WHERE id = ANY($1::uuid[])", [ids])).rows.map((r) => r.person_id);
    const together = await personOf([first!.a.id, first!.b.id]);
    expect(together).toHaveLength(2);
    expect(together[0]).toBe(together[1]);
    const apart = await personOf([second!.a.id, second!.b.id]);
    expect(apart).toHaveLength(2);
    expect(apart[0]).not.toBe(apart[1]);
    const statuses = await c.query<{ id: string; status: string }>("SELECT id, status FROM possible_matches WHERE id = ANY($1::uuid[])", [[first!.id, second!.id]]);
    expect(Object.fromEntries(statuses.rows.map((r) => [r.id, r.status]))).toEqual({ [first!.id]: "confirmed", [second!.id]: "rejected" });
  } finally {
    await c.end();
  }
  // and the queue holds neither again
  const after = (await page.request.get("/api/review/matches").then((r) => r.json())) as { matches: { id: string }[] };
  expect(after.matches.map((m) => m.id)).not.toContain(first!.id);
  expect(after.matches.map((m) => m.id)).not.toContain(second!.id);
});

test("roles: staff neither review nor list people; managers read and decide", async ({ browser }) => {
  const staff = await browser.newPage();
  await loginAs(staff, "staff");
  expect((await staff.request.get("/api/review/matches")).status()).toBe(403);
  expect((await staff.request.get("/api/review/merges")).status()).toBe(403);
  expect((await post(staff.request, "/api/review/matches/00000000-0000-4000-8000-000000000000/confirm")).status()).toBe(403);
  expect((await post(staff.request, "/api/review/matches/00000000-0000-4000-8000-000000000000/reject")).status()).toBe(403);
  expect((await post(staff.request, "/api/review/merges/00000000-0000-4000-8000-000000000000/undo")).status()).toBe(403);
  expect((await staff.request.get("/api/people?q=priya")).status()).toBe(403);
  await staff.goto("/review");
  await expect(staff.getByTestId("forbidden")).toBeVisible();

  const manager = await browser.newPage();
  await loginAs(manager, "manager");
  expect((await manager.request.get("/api/review/matches")).status()).toBe(200);
  const people = (await manager.request.get("/api/people?q=priya").then((r) => r.json())) as { people: { id: string }[] };
  expect(people.people).toHaveLength(1);
  // the person's timeline is for whoever may open the person's page (the screen pop opens it for staff)
  expect((await staff.request.get(`/api/people/${people.people[0]!.id}/timeline?kinds=sms`)).status()).toBe(200);
  expect((await post(manager.request, "/api/review/matches/00000000-0000-4000-8000-000000000000/confirm")).status()).toBe(404);
  expect((await manager.request.get("/api/people/not-a-uuid/timeline")).status()).toBe(400);
});
