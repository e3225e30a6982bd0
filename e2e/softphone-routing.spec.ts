import { expect, test } from "@playwright/test";
import { callPanel, customerCalls, customerWithOrder, endShift, shot, staffBrowser, startShift } from "./softphone-support";

/**
 * Two staff browsers. The staff member the caller last spoke with rings first; a decline
 * rings the next; when nobody answers, the caller waits in the queue, then leaves a
 * voicemail, which is on the person's timeline.
 */
test("preferred first, a decline rings the next, nobody answers: queue, then voicemail on the timeline", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const tess = await staffBrowser(browser, "tess");
  const sam = await staffBrowser(browser, "staff");
  try {
    const person = await customerWithOrder(request, sam, 930_001, { first_name: "Priya", last_name: "Ramanathan", phone: "0412 555 931" });

    // Priya's first call: only Tess is on shift, so she takes it
    await startShift(tess);
    await customerCalls("+61412555931");
    await expect(callPanel(tess)).toHaveAttribute("data-state", "ringing", { timeout: 10_000 });
    await tess.getByRole("button", { name: "Accept" }).click();
    await expect(callPanel(tess)).toHaveAttribute("data-state", "in_call");
    await tess.getByRole("button", { name: "Hang up" }).click();
    await tess.getByRole("button", { name: "Save and take calls" }).click();
    await expect(tess.getByText("Waiting for calls.")).toBeVisible();

    // now both are on shift; Sam has been idle longer, but Priya last spoke with Tess
    await startShift(sam);
    await customerCalls("+61412555931");
    await expect(callPanel(tess)).toHaveAttribute("data-state", "ringing", { timeout: 10_000 });
    await expect(callPanel(sam)).toHaveCount(0);
    await expect(tess.getByTestId("screen-pop")).toContainText("last spoke with Tess Staff");
    await shot(tess, "routing-01-preferred-rings");
    await tess.getByRole("button", { name: "Decline" }).click();

    // the decline rings Sam; he lets it ring out
    await expect(callPanel(sam)).toHaveAttribute("data-state", "ringing", { timeout: 10_000 });
    await expect(callPanel(tess)).toHaveCount(0);
    await shot(sam, "routing-02-next-rings");
    await expect(callPanel(sam)).toHaveCount(0, { timeout: 15_000 });
    await expect(sam.getByTestId("softphone-problem")).toContainText("missed");

    // nobody is rung again; after the queue's wait the caller leaves a voicemail
    const voicemail = sam.getByRole("list", { name: "Timeline" }).getByRole("listitem").filter({ hasText: "voicemail" });
    await expect(async () => {
      await sam.goto(`/people/${person}`);
      await expect(voicemail).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 40_000, intervals: [2_000] });
    await shot(sam, "routing-03-voicemail-on-timeline");
  } finally {
    await endShift(tess);
    await endShift(sam);
    await tess.context().close();
    await sam.context().close();
  }
});
