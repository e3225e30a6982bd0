import { expect, test } from "@playwright/test";
import { callPanel, customerCalls, endShift, hangUpCaller, SIM_URL, staffBrowser, startShift } from "./softphone-support";

/**
 * The network drops for 5 s and comes back: the phone re-registers by itself, presence
 * is what it was, and the next call rings exactly once.
 */
test("a 5 s network drop: back by itself, presence unchanged, the next call rings once", async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await staffBrowser(browser, "staff");
  let sid = "";
  try {
    await startShift(page);
    await expect(page.getByTestId("presence")).toHaveText("Available");
    // the browser goes offline, and the connection it had to the voice platform is cut
    await page.context().setOffline(true);
    const devices = (await (await fetch(`${SIM_URL}/_sim/voice/devices`)).json()) as { deviceId: string }[];
    for (const d of devices) await fetch(`${SIM_URL}/_sim/voice/devices/${d.deviceId}`, { method: "DELETE" });
    await expect(page.getByText("phone reconnecting…")).toBeVisible({ timeout: 10_000 });
    await page.waitForTimeout(5_000);
    await page.context().setOffline(false);
    await expect(page.getByText("phone connected")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("presence")).toHaveText("Available");

    sid = await customerCalls("+61499100031");
    await expect(callPanel(page)).toHaveAttribute("data-state", "ringing", { timeout: 15_000 });
    await page.waitForTimeout(1_500);
    const rings = await page.evaluate(() => (window.__softphoneMarks ?? []).filter((m) => m.what === "ring").map((m) => m.callId));
    expect(rings).toHaveLength(1);
    await page.getByRole("button", { name: "Accept" }).click();
    await expect(callPanel(page)).toHaveAttribute("data-state", "in_call");
  } finally {
    if (sid) await hangUpCaller(sid);
    await endShift(page).catch(() => {});
    await page.context().close();
  }
});
