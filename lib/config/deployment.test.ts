import { describe, expect, it } from "vitest";
import { deploymentMode, productionProblems, startupCheck } from "./deployment";

const FULL = {
  NODE_ENV: "production",
  BETTER_AUTH_SECRET: "x".repeat(40),
  PUBLIC_BASE_URL: "https://switchboard.example.com",
  TWILIO_ACCOUNT_SID: "AC" + "0".repeat(32),
  TWILIO_AUTH_TOKEN: "t",
  TWILIO_API_KEY_SID: "SK" + "0".repeat(32),
  TWILIO_API_KEY_SECRET: "k",
  FRONT_APP_SECRET: "f",
  AIRCALL_WEBHOOK_TOKEN: "a",
  SHOPIFY_WEBHOOK_SECRET: "s",
  SOURCES_WEBHOOK_SECRET: "b",
};

describe("deployment mode", () => {
  it("is demo unless NODE_ENV is production, and SWITCHBOARD_MODE says so explicitly when set", () => {
    expect(deploymentMode({})).toBe("demo");
    expect(deploymentMode({ NODE_ENV: "production" })).toBe("production");
    expect(deploymentMode({ NODE_ENV: "production", SWITCHBOARD_MODE: "demo" })).toBe("demo");
    expect(deploymentMode({ SWITCHBOARD_MODE: "prod" })).toBe("production"); // unknown: the safe side
  });

  it("demo mode starts with nothing set", () => {
    expect(startupCheck("web", {})).toEqual({ ok: true, mode: "demo" });
  });

  it("production with nothing set names every missing variable in one message", () => {
    const check = startupCheck("web", { NODE_ENV: "production" });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    for (const name of ["BETTER_AUTH_SECRET", "PUBLIC_BASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "FRONT_APP_SECRET", "AIRCALL_WEBHOOK_TOKEN", "SHOPIFY_WEBHOOK_SECRET", "SOURCES_WEBHOOK_SECRET"]) {
      expect(check.message).toContain(name);
    }
    expect(check.message).toMatch(/^web: refusing to start in production/);
  });

  it("production with everything set starts; a vendor left out of VENDORS needs nothing", () => {
    expect(startupCheck("worker", FULL)).toEqual({ ok: true, mode: "production" });
    const { AIRCALL_WEBHOOK_TOKEN: _a, FRONT_APP_SECRET: _f, ...rest } = FULL;
    expect(productionProblems(rest)).toEqual(["missing FRONT_APP_SECRET, AIRCALL_WEBHOOK_TOKEN"]);
    expect(productionProblems({ ...rest, VENDORS: "twilio,shopify,sources" })).toEqual([]);
    const { TWILIO_API_KEY_SECRET: _k, ...noKeySecret } = FULL;
    expect(productionProblems(noKeySecret)).toEqual(["missing TWILIO_API_KEY_SECRET"]); // softphone tokens cannot be signed without it
    expect(productionProblems({ ...FULL, VENDORS: "twilio,telegram" })).toEqual(["VENDORS names unknown vendors: telegram (known: twilio, front, aircall, shopify, sources)"]);
  });

  it("production never points at a simulator, and a short auth secret is refused", () => {
    expect(productionProblems({ ...FULL, TWILIO_SIM_URL: "http://127.0.0.1:4010" })).toEqual(["TWILIO_SIM_URL point at a simulator (demo mode only)"]);
    expect(productionProblems({ ...FULL, BETTER_AUTH_SECRET: "short" })).toEqual(["BETTER_AUTH_SECRET must be at least 32 characters"]);
  });
});
