/**
 * The softphone's phone in a real Chromium: signed in as staff, the page gets its
 * token from our server and registers with the Twilio simulator on another origin
 * (CORS, Server-Sent Events read through fetch); a client call rings it with its
 * custom parameters, it answers and hangs up. The simulated path never loads the
 * Voice SDK; the SDK itself (bundled, no install scripts) runs in Chromium and the
 * Twilio phone turns its ringtone off.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { build, type Metafile } from "esbuild";
import { createTwilioClient } from "@/lib/vendors/twilio/client";
import { SIM_DEFAULT_ACCOUNT_SID } from "@/lib/vendors/twilio/config";
import { BASE_URL, E2E_TWILIO_TOKEN, loginAs } from "./support";

const SIM_URL = `http://127.0.0.1:${process.env.E2E_SIM_PORT_BASE ?? 4110}`;
const twilio = createTwilioClient({ kind: "simulator", accountSid: SIM_DEFAULT_ACCOUNT_SID, authToken: E2E_TWILIO_TOKEN, simUrl: SIM_URL });
let outdir = "";
let sdkChunk = "";

test.beforeAll(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), "sb-phone-"));
  const r = await build({
    entryPoints: [path.join(import.meta.dirname, "phone/entry.ts")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir,
    metafile: true,
    logLevel: "silent",
  });
  const outputs = (r.metafile as Metafile).outputs;
  sdkChunk = Object.keys(outputs).find((f) => Object.keys(outputs[f]?.inputs ?? {}).some((i) => i.includes("@twilio/voice-sdk"))) ?? "";
  expect(sdkChunk, "the SDK is in a chunk of its own").not.toMatch(/entry\.js$/);
});
test.afterAll(() => rmSync(outdir, { recursive: true, force: true }));

async function withProbe(page: Page, requested: string[]) {
  await page.route(`${BASE_URL}/__e2e/phone/**`, (route) => {
    const file = path.join(outdir, path.basename(new URL(route.request().url()).pathname));
    requested.push(path.basename(file));
    return route.fulfill({ body: readFileSync(file), contentType: "text/javascript" });
  });
  await page.addScriptTag({ url: "/__e2e/phone/entry.js", type: "module" });
  await page.waitForFunction(() => "phoneProbe" in window);
}

test("a staff member's browser registers with the simulator, rings with the leg's parameters, answers and hangs up", async ({ page }) => {
  await loginAs(page, "staff");
  const requested: string[] = [];
  await withProbe(page, requested);
  const reg = await page.evaluate(() => window.phoneProbe.register());
  expect(reg).toEqual({ state: "registered", identity: expect.stringMatching(/^staff_[0-9a-f]{32}$/) });
  const devices = (await (await fetch(`${SIM_URL}/_sim/voice/devices`)).json()) as { identity: string }[];
  expect(devices.map((d) => d.identity)).toContain(reg.identity);

  const call = await twilio.calls.create({
    to: `client:${reg.identity}?callId=e2e-call&legKey=CAe2e%3Aleg%3A1&direction=inbound&autoAnswer=false`,
    from: "+61299990000",
    twiml: '<Response><Pause length="60"/></Response>',
  });
  await expect.poll(() => page.evaluate(() => window.phoneProbe.log())).toContain(
    `incoming ${JSON.stringify({ callId: "e2e-call", legKey: "CAe2e:leg:1", direction: "inbound", autoAnswer: "false" })}`,
  );
  await page.evaluate(() => window.phoneProbe.accept());
  await expect.poll(async () => (await twilio.calls(call.sid).fetch()).status).toBe("in-progress");
  expect(await page.evaluate(() => window.phoneProbe.status())).toBe("open");
  await page.evaluate(() => window.phoneProbe.disconnect());
  await expect.poll(async () => (await twilio.calls(call.sid).fetch()).status).toBe("completed");
  expect(await page.evaluate(() => window.phoneProbe.log())).toEqual(expect.arrayContaining(["registering", "registered", "accept", "disconnect"]));
  expect(requested, "the simulated path loads no Voice SDK").not.toContain(path.basename(sdkChunk));
});

test("the real Voice SDK runs in Chromium behind the Twilio phone, its own ringtone off", async ({ page }) => {
  await loginAs(page, "staff");
  const requested: string[] = [];
  await withProbe(page, requested);
  const token = await page.evaluate(async () => ((await (await fetch("/api/voice/token", { method: "POST", body: "{}" })).json()) as { token: string }).token);
  const made = await page.evaluate((t) => window.phoneProbe.sdk(t), token);
  expect(made).toEqual({ state: "unregistered", incomingSound: false, after: "destroyed" });
  expect(requested).toContain(path.basename(sdkChunk));
});
