import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatorRequestClient, createTwilioClient, getTwilioClient } from "./client";
import { SIM_DEFAULT_ACCOUNT_SID, SIM_DEFAULT_AUTH_TOKEN, twilioConfig } from "./config";
import { createTwilioSimulator, type TwilioSimulator } from "./simulator";

const REAL_SID = "AC0123456789abcdef0123456789abcdef";

describe("twilioConfig", () => {
  it("TWILIO_SIM_URL selects the simulator, with default credentials when none are set", () => {
    expect(twilioConfig({ TWILIO_SIM_URL: "http://127.0.0.1:4010" })).toEqual({
      ok: true,
      target: { kind: "simulator", accountSid: SIM_DEFAULT_ACCOUNT_SID, authToken: SIM_DEFAULT_AUTH_TOKEN, simUrl: "http://127.0.0.1:4010" },
    });
  });

  it("real credentials without TWILIO_SIM_URL select Twilio", () => {
    expect(twilioConfig({ TWILIO_ACCOUNT_SID: REAL_SID, TWILIO_AUTH_TOKEN: "t", TWILIO_SIM_URL: "" })).toEqual({
      ok: true,
      target: { kind: "twilio", accountSid: REAL_SID, authToken: "t" },
    });
  });

  it("refuses nothing configured and a malformed account SID", () => {
    expect(twilioConfig({}).ok).toBe(false);
    expect(twilioConfig({ TWILIO_ACCOUNT_SID: "SK123", TWILIO_AUTH_TOKEN: "t" }).ok).toBe(false);
  });
});

describe("SimulatorRequestClient", () => {
  const rc = new SimulatorRequestClient("http://127.0.0.1:4010/twilio/");

  it("sends *.twilio.com requests to the simulator, keeping path and query", () => {
    expect(rc.rewrite("https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?PageSize=2")).toBe(
      "http://127.0.0.1:4010/twilio/2010-04-01/Accounts/AC1/Calls.json?PageSize=2",
    );
    expect(rc.rewrite("https://api.dublin.ie1.twilio.com/2010-04-01/x.json")).toBe("http://127.0.0.1:4010/twilio/2010-04-01/x.json");
  });

  it("leaves other hosts alone", () => {
    expect(rc.rewrite("https://example.com/a")).toBe("https://example.com/a");
    expect(rc.rewrite("https://nottwilio.com/a")).toBe("https://nottwilio.com/a");
  });
});

describe("getTwilioClient", () => {
  let sim: TwilioSimulator;
  beforeAll(async () => {
    sim = await createTwilioSimulator({ speed: 100 });
  });
  afterAll(() => sim.stop());

  it("talks to the simulator when TWILIO_SIM_URL is set; app code sees a normal client", async () => {
    const client = getTwilioClient({ TWILIO_SIM_URL: sim.url });
    expect(client.httpClient).toBeInstanceOf(SimulatorRequestClient);
    const m = await client.messages.create({ to: "+15550001111", from: "+15550002222", body: "hi" });
    expect(m.accountSid).toBe(SIM_DEFAULT_ACCOUNT_SID);
    expect(sim.state().messages.map((x) => x.sid)).toEqual([m.sid]);
  });

  it("uses the library's own RequestClient for real Twilio", () => {
    const client = createTwilioClient({ kind: "twilio", accountSid: REAL_SID, authToken: "t" });
    expect(client.httpClient).not.toBeInstanceOf(SimulatorRequestClient);
  });

  it("throws when Twilio is not configured", () => {
    expect(() => getTwilioClient({})).toThrow(/not configured/);
  });
});
