import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./a11y";
import { e2eDb } from "./db";
import { loginAs } from "./support";

/**
 * A manager opens the funnel: the charts' numbers (tooltips and figure tables) and the CSV
 * download match the funnel computed here, in SQL written for this test, on the e2e database.
 */
type Expected = { cohort: string; people: number; median: number; buckets: number[] };

async function expectedFunnel(): Promise<Expected[]> {
  const c = await e2eDb();
  try {
    // per person: earliest first reply in the last 12 months, the first application after it,
    // and every interaction after the reply up to the application
    const r = await c.query<{ cohort: string; n: number }>(`
      WITH reply AS (
        SELECT person_id, min(occurred_at) AS f FROM person_milestones
         WHERE kind = 'first_reply' AND occurred_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '11 months'
         GROUP BY person_id
      ), journey AS (
        SELECT r.person_id, r.f, (SELECT min(occurred_at) FROM person_milestones a WHERE a.person_id = r.person_id AND a.kind = 'application_submitted' AND a.occurred_at >= r.f) AS t
          FROM reply r
      )
      SELECT to_char(j.f AT TIME ZONE 'UTC', 'YYYY-MM') AS cohort,
             (SELECT count(*) FROM interaction_events i WHERE i.person_id = j.person_id AND i.occurred_at > j.f AND i.occurred_at <= j.t)::int AS n
        FROM journey j WHERE j.t IS NOT NULL`);
    const by = new Map<string, number[]>();
    for (const row of r.rows) by.set(row.cohort, [...(by.get(row.cohort) ?? []), row.n]);
    return [...by.entries()].map(([cohort, xs]) => {
      const s = xs.sort((a, b) => a - b);
      const m = s.length / 2;
      const median = s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
      const buckets = [[0, 0], [1, 1], [2, 2], [3, 4], [5, 9], [10, Infinity]].map(([lo, hi]) => s.filter((x) => x >= lo! && x <= hi!).length);
      return { cohort, people: s.length, median, buckets };
    });
  } finally {
    await c.end();
  }
}

async function tooltipAt(page: Page, chart: string, index: number, of: number): Promise<string> {
  const plot = page.getByTestId(chart).locator(".recharts-cartesian-grid");
  const box = await plot.boundingBox();
  if (!box) throw new Error("no plot area");
  await page.mouse.move(box.x + ((index + 0.5) / of) * box.width, box.y + box.height / 2);
  const tip = page.getByTestId(chart).locator(".recharts-tooltip-wrapper");
  await expect(tip).toBeVisible();
  return (await tip.textContent()) ?? "";
}

test("a manager sees the funnel's charts, their numbers match SQL, and downloads the CSV", async ({ page }) => {
  const expected = await expectedFunnel();
  expect(expected.length, "the demo seed has journeys in the last 12 months").toBeGreaterThan(1);
  await loginAs(page, "manager");
  await page.goto("/analytics");
  await expect(page.getByRole("heading", { name: "Analytics" })).toBeVisible();
  await expect(page.getByLabel("From milestone")).toHaveValue("first_reply");
  await expect(page.getByLabel("To milestone")).toHaveValue("application_submitted");
  const medians = page.getByTestId("chart-medians");
  await expect(medians.locator(".recharts-bar-rectangle").first()).toBeVisible();

  // the figure tables hold every cohort of the window; the ones with people match SQL
  const rows = page.getByTestId("table-medians").locator("tbody tr");
  const cohorts = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-cohort")!));
  expect(cohorts).toHaveLength(12);
  for (const cohort of cohorts) {
    const e = expected.find((x) => x.cohort === cohort);
    const row = page.getByTestId("table-medians").locator(`tr[data-cohort="${cohort}"]`);
    await expect(row.locator('[data-series="people"]')).toHaveText(String(e?.people ?? 0), { useInnerText: false });
    await expect(row.locator('[data-series="all"]')).toHaveText(String(e?.median ?? 0), { useInnerText: false });
    const dist = page.getByTestId("table-distribution").locator(`tr[data-cohort="${cohort}"] td`);
    expect(await dist.allTextContents()).toEqual((e?.buckets ?? [0, 0, 0, 0, 0, 0]).map(String));
  }

  // the bars themselves: the tooltip of the busiest cohort shows SQL's median and bucket counts
  const busiest = [...expected].sort((a, b) => b.people - a.people)[0]!;
  const at = cohorts.indexOf(busiest.cohort);
  expect(await tooltipAt(page, "chart-medians", at, cohorts.length)).toContain(`All channels : ${busiest.median}`);
  const distTip = await tooltipAt(page, "chart-distribution", at, cohorts.length);
  expect(distTip).toContain(busiest.cohort);
  expect(distTip).toContain(`10+ touchpoints : ${busiest.buckets[5]}`);
  expect(distTip).toContain(`0 touchpoints : ${busiest.buckets[0]}`);
  await page.screenshot({ path: "test-results/screens/analytics-funnel.png", fullPage: true });

  await page.getByText("Figures").first().click();
  await page.getByText("Figures").nth(1).click();
  await expectAccessible(page, "the funnel page with its figure tables open");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^funnel_first_reply_to_application_submitted_\d{4}-\d{2}_\d{4}-\d{2}\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
  expect(csv[0]).toBe("chart,cohort,series,value");
  expect(csv).toHaveLength(1 + 12 * 5 + 12 * 6);
  for (const e of expected) {
    expect(csv).toContain(`median_touchpoints,${e.cohort},All channels,${e.median}`);
    expect(csv).toContain(`people_by_touchpoints,${e.cohort},3–4,${e.buckets[3]}`);
  }

  // another pair of milestones, chosen on the page
  await page.getByLabel("From milestone").selectOption("first_contact");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/from=first_contact/);
  await expect(page.getByLabel("From milestone")).toHaveValue("first_contact");
});

test("a person's page shows how they answer: the share of our emails they answered, as SQL counts it", async ({ page }) => {
  const c = await e2eDb();
  const row = (
    await c.query<{ person_id: string; sent: number; answered: number }>(`
      SELECT o.person_id, count(*)::int AS sent,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM interaction_events i WHERE i.person_id = o.person_id AND i.direction = 'inbound'
                                              AND i.occurred_at > o.occurred_at AND i.occurred_at <= o.occurred_at + interval '7 days'))::int AS answered
        FROM interaction_events o WHERE o.direction = 'outbound' AND o.channel = 'email' AND o.person_id IS NOT NULL
       GROUP BY o.person_id ORDER BY count(*) DESC, o.person_id LIMIT 1`)
  ).rows[0];
  await c.end();
  if (!row) throw new Error("the demo seed sends emails");
  await loginAs(page, "manager");
  await page.goto(`/people/${row.person_id}`);
  const box = page.getByTestId("person-channel-signals");
  await expect(box).toContainText("Answers on");
  await expect(box.locator('tr[data-channel="email"]')).toContainText(`Email (${row.sent})${Math.round((row.answered / row.sent) * 100)}%`);
  await page.screenshot({ path: "test-results/screens/person-channel-signals.png", fullPage: true });
});

test("staff cannot open analytics; the admin page manages API keys", async ({ page, browser }) => {
  await loginAs(page, "staff");
  const res = await page.goto("/analytics");
  expect(res?.status()).toBe(403);
  const admin = await (await browser.newContext()).newPage();
  await loginAs(admin, "admin");
  await admin.goto("/admin/users");
  await admin.getByLabel("Key name").fill("e2e portal");
  await admin.getByRole("button", { name: "Create key" }).click();
  const key = (await admin.getByTestId("new-api-key").textContent())!;
  expect(key).toMatch(/^sbk_/);
  const row = admin.getByTestId("api-key-row").filter({ hasText: "e2e portal" });
  await expect(row).toContainText(key.slice(0, 12));
  await expectAccessible(admin, "the admin page with an API key");
  await admin.screenshot({ path: "test-results/screens/admin-api-keys.png", fullPage: true });
  const sent = await admin.request.post("/api/milestones", {
    headers: { authorization: `Bearer ${key}` },
    data: { externalId: "e2e-1", kind: "first_contact", occurredAt: new Date().toISOString(), email: "nobody@example.com" },
  });
  expect(sent.status()).toBe(422);
  await row.getByRole("button", { name: "Revoke e2e portal" }).click();
  await expect(row).toContainText("Revoked");
  const refused = await admin.request.post("/api/milestones", { headers: { authorization: `Bearer ${key}` }, data: { externalId: "e2e-2", kind: "first_contact", occurredAt: new Date().toISOString(), email: "x@example.com" } });
  expect(refused.status()).toBe(401);
});
