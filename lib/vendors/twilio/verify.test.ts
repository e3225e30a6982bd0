import { describe, expect, it } from "vitest";
import { publicUrl, signTwilio, signedTwilioRequest, verifyTwilioSignature } from "./verify";
import { parseTwilioForm } from "./webhooks";

const TOKEN = "12345678901234567890123456789012";
const params = {
  MessageSid: "SM0123456789abcdef0123456789abcdef",
  AccountSid: "AC0123456789abcdef0123456789abcdef",
  From: "+61412345678",
  To: "+61280000000",
  Body: "Hi, is my order ready?",
  NumMedia: "0",
};

describe("publicUrl", () => {
  it("uses the first forwarded proto and host, plus path and query", () => {
    const headers = { "x-forwarded-proto": "https, http", "x-forwarded-host": "crm.example.com, internal:3000", host: "internal:3000" };
    expect(publicUrl(headers, "/api/twilio/sms?x=1")).toBe("https://crm.example.com/api/twilio/sms?x=1");
  });
  it("falls back to Host and plain http when no proxy says otherwise", () => {
    expect(publicUrl({ host: "127.0.0.1:3000" }, "/api/twilio/sms")).toBe("http://127.0.0.1:3000/api/twilio/sms");
  });
  it("adds a non-default forwarded port", () => {
    expect(publicUrl({ "x-forwarded-proto": "https", "x-forwarded-host": "crm.example.com", "x-forwarded-port": "8443" }, "/a"))
      .toBe("https://crm.example.com:8443/a");
    expect(publicUrl({ "x-forwarded-proto": "https", "x-forwarded-host": "crm.example.com", "x-forwarded-port": "443" }, "/a"))
      .toBe("https://crm.example.com/a");
  });
  it("prefers a configured base URL", () => {
    expect(publicUrl({ host: "internal:3000" }, "/api/twilio/sms", "https://crm.example.com/")).toBe("https://crm.example.com/api/twilio/sms");
  });
  it("is null without any host", () => {
    expect(publicUrl({}, "/x")).toBeNull();
  });
});

describe("verifyTwilioSignature", () => {
  const url = "https://crm.example.com/api/twilio/sms?tenant=1";
  const request = signedTwilioRequest(TOKEN, url, params);
  const signature = request.headers["x-twilio-signature"];

  it("accepts Twilio's signature over URL and sorted params", () => {
    expect(verifyTwilioSignature({ authToken: TOKEN, signature, url, params: parseTwilioForm(request.rawBody) })).toEqual({ ok: true });
  });
  it("accepts the URL with the default port spelled out (Twilio may sign either)", () => {
    const withPort = signTwilio(TOKEN, "https://crm.example.com:443/api/twilio/sms?tenant=1", params);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: withPort, url, params })).toEqual({ ok: true });
  });
  it("refuses a tampered param", () => {
    const result = verifyTwilioSignature({ authToken: TOKEN, signature, url, params: { ...params, Body: "Refund me" } });
    expect(result).toEqual({ ok: false, status: 403, reason: "bad X-Twilio-Signature" });
  });
  it("refuses an added param", () => {
    expect(verifyTwilioSignature({ authToken: TOKEN, signature, url, params: { ...params, Extra: "1" } }).ok).toBe(false);
  });
  it("refuses the right request at the wrong host", () => {
    const wrongHost = publicUrl({ "x-forwarded-proto": "https", "x-forwarded-host": "evil.example.com" }, "/api/twilio/sms?tenant=1");
    expect(verifyTwilioSignature({ authToken: TOKEN, signature, url: wrongHost, params }).ok).toBe(false);
  });
  it("refuses a changed query string and a different proto", () => {
    expect(verifyTwilioSignature({ authToken: TOKEN, signature, url: url.replace("tenant=1", "tenant=2"), params }).ok).toBe(false);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature, url: url.replace("https", "http"), params }).ok).toBe(false);
  });
  it("refuses another account's token", () => {
    expect(verifyTwilioSignature({ authToken: "x".repeat(32), signature, url, params }).ok).toBe(false);
  });
  it("answers 401 for a missing header, and throws when the token is not configured", () => {
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: undefined, url, params })).toEqual({ ok: false, status: 401, reason: "missing X-Twilio-Signature" });
    expect(() => verifyTwilioSignature({ authToken: "", signature, url, params })).toThrow(/TWILIO_AUTH_TOKEN/);
  });
});

describe("parseTwilioForm", () => {
  it("decodes form params, keeping repeated names as arrays", () => {
    expect(parseTwilioForm("Body=Hi+there%21&From=%2B61412345678&X=1&X=2")).toEqual({ Body: "Hi there!", From: "+61412345678", X: ["1", "2"] });
  });
});
