import { expect, test } from "@playwright/test";
import { callPanel, customerCalls, endShift, hangUpCaller, shot, SIM_URL, staffBrowser, startShift } from "./softphone-support";

/**
 * One staff member, two tabs: one phone (one registration), one ring; the other tab
 * shows the same call, and answering there answers it and stops the ring.
 */
test("two tabs of one staff member: one registration, one ring; answering in the other tab stops it", async ({ browser }) => {
  const first = await staffBrowser(browser, "staff");
  const second = await first.context().newPage();
  let sid = "";
  try {
    await startShift(first);
    await second.goto("/softphone");
    await expect(second.getByText("This tab mirrors the phone in another tab.")).toBeVisible();
    const devices = (await (await fetch(`${SIM_URL}/_sim/voice/devices`)).json()) as { identity: string }[];
    const identities = devices.map((d) => d.identity);
    expect(new Set(identities).size).toBe(identities.length); // no identity registered twice

    sid = await customerCalls("+61499100021");
    for (const p of [first, second]) await expect(callPanel(p)).toHaveAttribute("data-state", "ringing", { timeout: 10_000 });
    // only the tab that owns the phone plays the ringtone
    await expect(first.locator("html")).toHaveAttribute("data-ringtone", "playing");
    await expect(second.locator("html")).not.toHaveAttribute("data-ringtone", "playing");
    await shot(second, "tabs-01-mirror-ringing");

    await second.getByRole("button", { name: "Accept" }).click();
    for (const p of [first, second]) await expect(callPanel(p)).toHaveAttribute("data-state", "in_call");
    await expect(first.locator("html")).not.toHaveAttribute("data-ringtone", "playing");
    const marks = await first.evaluate(() => (window.__softphoneMarks ?? []).filter((m) => m.what === "ring").length);
    expect(marks).toBe(1);
  } finally {
    if (sid) await hangUpCaller(sid);
    await endShift(first).catch(() => {});
    await first.context().close();
  }
});
