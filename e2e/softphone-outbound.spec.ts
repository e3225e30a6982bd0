import { expect, test } from "@playwright/test";
import { callPanel, customerWithOrder, endShift, shot, SIM_URL, staffBrowser, startShift } from "./softphone-support";

/**
 * Staff place a call from the softphone (a person found by name): it lands on the
 * person's record; they text the person from beside the call; then a warm transfer
 * hands the caller to a colleague in another browser.
 */
test("outbound call to a person, an SMS beside it, and a warm transfer to a colleague", async ({ browser, request }) => {
  test.setTimeout(90_000);
  const sam = await staffBrowser(browser, "staff");
  const tess = await staffBrowser(browser, "tess");
  try {
    const person = await customerWithOrder(request, sam, 940_001, { first_name: "Oskar", last_name: "Lindqvist", phone: "0412 555 941" });
    await startShift(sam);
    await startShift(tess);

    // Sam finds Oskar by name and calls him: Sam's own phone answers its leg by itself, then Oskar's rings
    await sam.getByLabel("Person").fill("Lindqvist");
    await sam.getByRole("button", { name: "Call Oskar Lindqvist" }).click();
    await expect(callPanel(sam)).toHaveAttribute("data-state", /connecting|in_call/);
    await expect(callPanel(sam)).toHaveAttribute("data-state", "in_call", { timeout: 15_000 });
    await expect(sam.getByRole("heading", { name: /On a call with \+61412555941/ })).toBeVisible();
    await expect(sam.getByTestId("screen-pop")).toContainText("Oskar Lindqvist");

    // a text beside the call, through the Twilio simulator
    await sam.getByRole("textbox", { name: "Text message" }).fill("Sending the tracking link now");
    await sam.getByRole("button", { name: "Send SMS" }).click();
    await expect(sam.getByTestId("sms-thread")).toContainText("Sending the tracking link now", { timeout: 10_000 });
    await expect(async () => {
      const state = (await (await fetch(`${SIM_URL}/_sim/state`)).json()) as { messages: { to: string; body: string }[] };
      expect(state.messages.filter((m) => m.to === "+61412555941" && m.body === "Sending the tracking link now")).toHaveLength(1);
    }).toPass({ timeout: 10_000 });
    await shot(sam, "outbound-01-in-call-with-sms");

    // warm transfer: Tess rings while Oskar holds; she answers; Sam hands over
    await sam.getByLabel("Transfer to").selectOption({ label: "Tess Staff" });
    await sam.getByRole("button", { name: "Warm transfer", exact: true }).click();
    await expect(callPanel(tess)).toHaveAttribute("data-state", "ringing", { timeout: 10_000 });
    await tess.getByRole("button", { name: "Accept" }).click();
    await expect(callPanel(tess)).toHaveAttribute("data-state", "in_call");
    await sam.getByRole("button", { name: "Hand over to your colleague" }).click();
    await expect(sam.getByRole("form", { name: "Wrap-up" })).toBeVisible({ timeout: 10_000 });
    await expect(callPanel(tess)).toHaveAttribute("data-state", "in_call");
    await shot(tess, "outbound-02-after-handover");
    await sam.getByRole("button", { name: "Skip" }).click();
    await tess.getByRole("button", { name: "Hang up" }).click();
    await tess.getByRole("button", { name: "Save and take calls" }).click();

    // the call is on Oskar's record
    // (the engine writes it when Twilio's final status callback arrives, a moment after the hang-up)
    await expect(async () => {
      await sam.goto(`/people/${person}`);
      await expect(sam.getByRole("list", { name: "Timeline" }).getByRole("listitem").filter({ hasText: "call · outbound" }).first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
  } finally {
    for (const p of [sam, tess]) {
      await endShift(p).catch(() => {});
      await p.context().close();
    }
  }
});
