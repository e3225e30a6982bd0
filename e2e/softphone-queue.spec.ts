import { expect, test, type Page } from "@playwright/test";
import { callPanel, customerCalls, endShift, hangUpCaller, shot, staffBrowser, startShift } from "./softphone-support";

/**
 * A small busy team: both staff on calls, a third caller waits in the queue instead of
 * going to voicemail, and rings the first of them to be free again, once they have
 * finished their wrap-up (not before).
 */
const answerWhoRings = async (pages: Page[]): Promise<Page> => {
  let rung: Page | null = null;
  await expect(async () => {
    for (const p of pages) if ((await callPanel(p).getAttribute("data-state").catch(() => null)) === "ringing") rung = p;
    expect(rung).not.toBeNull();
  }).toPass({ timeout: 10_000 });
  const page = rung as unknown as Page;
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(callPanel(page)).toHaveAttribute("data-state", "in_call");
  return page;
};

test("both staff busy: the caller queues, and rings the one who hangs up once their wrap-up is done", async ({ browser }) => {
  test.setTimeout(90_000);
  const sam = await staffBrowser(browser, "staff");
  const tess = await staffBrowser(browser, "tess");
  const calls: string[] = [];
  try {
    await startShift(sam);
    await startShift(tess);
    calls.push(await customerCalls("+61499100001"));
    const first = await answerWhoRings([sam, tess]);
    calls.push(await customerCalls("+61499100002"));
    const second = await answerWhoRings([sam, tess].filter((p) => p !== first));

    // the third caller: nobody is free, so they wait (no ring anywhere, no voicemail)
    calls.push(await customerCalls("+61499100003"));
    await first.waitForTimeout(2_000);
    for (const p of [first, second]) await expect(callPanel(p)).toHaveAttribute("data-state", "in_call");
    await shot(first, "queue-01-both-busy");

    // the first staff member finishes their call: wrap-up first, and still no ring meanwhile
    await first.getByRole("button", { name: "Hang up" }).click();
    await expect(first.getByRole("form", { name: "Wrap-up" })).toBeVisible();
    await first.waitForTimeout(1_500);
    await expect(callPanel(first)).toHaveCount(0);
    await first.getByLabel("Note (saved with the call on the timeline)").fill("Sorted the invoice");
    await first.getByRole("button", { name: "Save and take calls" }).click();

    // now the queued caller rings them
    await expect(callPanel(first)).toHaveAttribute("data-state", "ringing", { timeout: 10_000 });
    await expect(first.getByRole("heading", { name: "Incoming call from +61499100003" })).toBeVisible();
    await shot(first, "queue-02-queued-caller-rings");
    await first.getByRole("button", { name: "Accept" }).click();
    await expect(callPanel(first)).toHaveAttribute("data-state", "in_call");
  } finally {
    for (const sid of calls) await hangUpCaller(sid);
    for (const p of [sam, tess]) {
      await endShift(p).catch(() => {});
      await p.context().close();
    }
  }
});
