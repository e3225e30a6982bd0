import { describe, expect, it } from "vitest";
import { callerWaitTwiml, hangupTwiml, personJoinTwiml, staffJoinTwiml, voicemailTwiml } from "./twiml";

describe("TwiML builders", () => {
  it("caller hears a greeting, then waits in the call's conference", () => {
    const xml = callerWaitTwiml({
      greeting: "Thanks for calling <Switchboard>",
      conferenceName: "call-CA1",
      statusCallbackUrl: "https://app.example/api/twilio/conference?call=1&x=2",
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Thanks for calling &lt;Switchboard&gt;</Say><Dial>' +
        '<Conference startConferenceOnEnter="false" endConferenceOnExit="true" beep="false" participantLabel="caller" ' +
        'statusCallback="https://app.example/api/twilio/conference?call=1&amp;x=2" statusCallbackEvent="start end join leave mute hold" ' +
        'statusCallbackMethod="POST">call-CA1</Conference></Dial></Response>',
    );
  });

  it("staff join the conference without ending it when they leave", () => {
    const xml = staffJoinTwiml({ conferenceName: "call-CA1", statusCallbackUrl: "https://a/cb" });
    expect(xml).toContain('<Conference startConferenceOnEnter="true" endConferenceOnExit="false"');
    expect(xml).toContain(">call-CA1</Conference>");
  });

  it("the outbound person's leg ends the conference on exit", () => {
    expect(personJoinTwiml({ conferenceName: "c", statusCallbackUrl: "https://a/cb" })).toContain('endConferenceOnExit="true"');
  });

  it("voicemail records with a recording status callback, then hangs up", () => {
    const xml = voicemailTwiml({ prompt: "Leave a message", actionUrl: "https://a/vm-done", recordingStatusCallbackUrl: "https://a/rec" });
    expect(xml).toMatch(/<Say>Leave a message<\/Say><Record [^>]*recordingStatusCallback="https:\/\/a\/rec"[^>]*\/><Hangup\/>/);
    expect(xml).toContain('action="https://a/vm-done"');
    expect(xml).toContain('recordingStatusCallbackEvent="completed"');
  });

  it("hangup", () => {
    expect(hangupTwiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
  });
});
