import { describe, expect, it } from "vitest";
import type { TwilioClient } from "@/lib/vendors/twilio/client";
import type { CallDeps } from "./deps";
import { PARTICIPANT_JOIN_WAIT_MS, PARTICIPANT_RETRY_MS, runTwilio } from "./effects-twilio";
import type { CallEffect } from "./machine";
import type { LoadedCall } from "./store";

const notFound = () => Object.assign(new Error("not found"), { status: 404, code: 20404 });

/** Twilio as a hold sees it: the caller's leg in the conference or not, live or ended. */
function twilio(o: { joined: boolean; leg: "ringing" | "in-progress" | "completed" | "gone" }): TwilioClient {
  const participant = { update: async () => (o.joined ? {} : Promise.reject(notFound())) };
  const conferences = Object.assign(() => ({ participants: () => participant }), { list: async () => [{ sid: "CF1" }] });
  const calls = () => ({ fetch: async () => (o.leg === "gone" ? Promise.reject(notFound()) : { status: o.leg }) });
  return { conferences, calls } as unknown as TwilioClient;
}

const hold: Extract<CallEffect, { type: "update_participant" }> = { type: "update_participant", key: "CA1:op:1", conferenceName: "call-CA1", callSid: "CA1", hold: true };
const attempt = (o: Parameters<typeof twilio>[0], ageMs: number) =>
  runTwilio({ twilio: twilio(o) } as unknown as CallDeps, {} as LoadedCall, hold, ageMs);

describe("a hold or mute for a leg that may not have joined the conference yet", () => {
  it("is done once the leg is in the conference", async () => {
    expect(await attempt({ joined: true, leg: "in-progress" }, 0)).toEqual({ kind: "done", result: "participant updated", events: [] });
  });

  it("answers 'not yet' while the leg is live and not in it, instead of waiting", async () => {
    expect(await attempt({ joined: false, leg: "in-progress" }, 1_000)).toEqual({
      kind: "not_yet",
      waitingFor: "the leg to join the conference",
      retryInMs: PARTICIPANT_RETRY_MS,
    });
    // never past the deadline
    expect(await attempt({ joined: false, leg: "ringing" }, PARTICIPANT_JOIN_WAIT_MS - 100)).toMatchObject({ kind: "not_yet", retryInMs: 100 });
  });

  it("gives up waiting 15 s after it was asked for", async () => {
    expect(await attempt({ joined: false, leg: "in-progress" }, PARTICIPANT_JOIN_WAIT_MS)).toEqual({
      kind: "done",
      result: "leg never joined the conference",
      events: [],
    });
  });

  it("is done with a leg that has ended", async () => {
    expect(await attempt({ joined: false, leg: "completed" }, 0)).toMatchObject({ kind: "done", result: "leg ended" });
    expect(await attempt({ joined: false, leg: "gone" }, 0)).toMatchObject({ kind: "done", result: "leg ended" });
  });
});
