import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { TwimlParseError, parseTwiml } from "./twiml-parse";

describe("parseTwiml", () => {
  it("reads what the twilio library writes", () => {
    const r = new twilio.twiml.VoiceResponse();
    r.say("Hi & <welcome>");
    r.dial({ action: "/done?a=1&b=2", timeout: 5 }).client("alice");
    r.record({ maxLength: 30, recordingStatusCallbackEvent: ["completed"] });
    const doc = parseTwiml(r.toString());
    expect(doc.name).toBe("Response");
    expect(doc.children.map((c) => c.name)).toEqual(["Say", "Dial", "Record"]);
    expect(doc.children[0]?.text).toBe("Hi & <welcome>");
    expect(doc.children[1]?.attrs).toEqual({ action: "/done?a=1&b=2", timeout: "5" });
    expect(doc.children[1]?.children[0]).toMatchObject({ name: "Client", text: "alice" });
    expect(doc.children[2]?.attrs.recordingStatusCallbackEvent).toBe("completed");
  });

  it("handles comments, single quotes, CDATA and character references", () => {
    const doc = parseTwiml("<?xml version='1.0'?><!-- c --><Response><Say voice='alice'><![CDATA[a < b]]> &#65;&#x42;</Say><Hangup /></Response>");
    expect(doc.children[0]).toMatchObject({ attrs: { voice: "alice" }, text: "a < b AB" });
    expect(doc.children[1]?.name).toBe("Hangup");
  });

  it("refuses broken documents", () => {
    expect(() => parseTwiml("<Response><Say>x</Response>")).toThrow(TwimlParseError);
    expect(() => parseTwiml("")).toThrow(TwimlParseError);
    expect(() => parseTwiml("<Response/><Response/>")).toThrow(TwimlParseError);
  });
});
