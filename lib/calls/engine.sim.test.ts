/**
 * The pure machine in the loop with the Twilio simulator: a throwaway in-memory
 * actor (mailbox, effect runner, timers) drives real calls. It shows the events
 * and effects are enough to run a call; the DB-backed actor replaces the Maps
 * below with PhoneCall/CallTransition rows, pg-boss timers and presence rows.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTwilioClient, type TwilioClient } from "@/lib/vendors/twilio/client";
import { SIM_DEFAULT_AUTH_TOKEN } from "@/lib/vendors/twilio/config";
import { createTwilioSimulator, type TwilioSimulator } from "@/lib/vendors/twilio/simulator";
import { startTestApp, type TestApp } from "@/lib/vendors/twilio/simulator/test-app";
import { eventsForCallbacks, newLegTracker, parseStatusCallback, receiveCallback, type LegRole, type LegTracker } from "./callbacks";
import { newCallContext, transition, type CallContext, type CallEffect, type CallEvent, type CallState } from "./machine";
import { timerEvent } from "./machine-step";
import { orderStaffForCall, type RoutableStaff } from "./routing";
import { callerWaitTwiml, staffJoinTwiml, voicemailTwiml } from "./twiml";

const OUR_NUMBER = "+15559870000";
let sim: TwilioSimulator;
let app: TestApp;
let client: TwilioClient;
let actor: Actor | null = null;

class Actor {
  state: CallState = "ringing";
  ctx: CallContext;
  readonly log: { from: CallState; event: CallEvent["type"]; to: CallState }[] = [];
  readonly interactions: Extract<CallEffect, { type: "record_interaction" }>[] = [];
  private readonly done = new Set<string>(); // effect keys already run ("check before create")
  private readonly legs = new Map<string, LegTracker>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private chain = Promise.resolve();

  constructor(
    callSid: string,
    readonly staff: RoutableStaff[],
    ringTimeoutMs: number,
  ) {
    this.ctx = newCallContext({ callSid, direction: "inbound", ringTimeoutMs, voicemailWaitMs: 2000 });
  }

  send(event: CallEvent): void {
    this.chain = this.chain.then(() => this.handle(event));
  }

  callback(role: LegRole, params: Record<string, string>): void {
    const parsed = parseStatusCallback(params);
    if (!parsed.ok) throw new Error(parsed.issues.join(", "));
    const key = role.kind === "staff" ? role.legKey : role.kind;
    const r = receiveCallback(this.legs.get(key) ?? newLegTracker(parsed.value.callSid), parsed.value);
    this.legs.set(key, r.tracker);
    for (const e of eventsForCallbacks(role, r.delivered)) this.send(e);
  }

  private async handle(event: CallEvent): Promise<void> {
    const r = transition(this.state, event, this.ctx);
    this.log.push({ from: this.state, event: event.type, to: r.state });
    this.state = r.state; // persisted before the effects run
    this.ctx = r.ctx;
    for (const effect of r.effects) {
      if (this.done.has(effect.key)) continue;
      this.done.add(effect.key);
      await this.run(effect);
    }
  }

  private async run(e: CallEffect): Promise<void> {
    switch (e.type) {
      case "find_staff": {
        const ids = orderStaffForCall({ staff: this.staff, preferredStaffId: e.preferredStaffId, exclude: e.exclude });
        return this.send(ids.length ? { type: "staff_candidates_found", staffIds: ids } : { type: "no_staff_available" });
      }
      case "dial_staff": {
        const leg = await client.calls.create({
          to: `client:${e.staffId}`,
          from: OUR_NUMBER,
          url: `${app.url}/staff?conf=${e.conferenceName}`,
          statusCallback: `${app.url}/status?leg=${encodeURIComponent(e.legKey)}`,
          statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
        });
        return this.send({ type: "staff_leg_created", legKey: e.legKey, callSid: leg.sid });
      }
      case "hangup_leg": {
        const sid = e.callSid ?? [this.ctx.leg, this.ctx.transfer?.leg].find((l) => l?.legKey === e.legKey)?.callSid;
        if (sid) await client.calls(sid).update({ status: "completed" }).catch(() => undefined); // already ended: fine
        return;
      }
      case "start_voicemail":
        await client.calls(e.callSid).update({
          twiml: voicemailTwiml({ prompt: "Please leave a message", actionUrl: `${app.url}/vm-done`, recordingStatusCallbackUrl: `${app.url}/rec` }),
        });
        return;
      case "schedule_timeout": {
        const event = timerEvent(e);
        this.timers.set(e.key, setTimeout(() => this.send(event), e.ms));
        return;
      }
      case "cancel_timeout":
        clearTimeout(this.timers.get(e.timerKey));
        return;
      case "set_presence": {
        const s = this.staff.find((x) => x.id === e.staffId);
        if (s && (e.presence === "busy" || s.presence === "busy")) s.presence = e.presence;
        if (s && e.callEnded) s.lastCallEndedAt = new Date();
        return;
      }
      case "record_interaction":
        this.interactions.push(e);
        return;
      case "dial_person":
      case "update_participant":
        throw new Error(`not used in these scenarios: ${e.type}`);
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
  }
}

function staffList(): RoutableStaff[] {
  return [
    { id: "alice", presence: "available", lastCallEndedAt: new Date("2026-01-01T10:00:00Z") },
    { id: "bob", presence: "available", lastCallEndedAt: new Date("2026-01-01T09:00:00Z") },
  ];
}

beforeAll(async () => {
  app = await startTestApp(SIM_DEFAULT_AUTH_TOKEN);
  // the number's status callback tells the actor when the caller hangs up
  sim = await createTwilioSimulator({ speed: 50, voiceStatusCallback: `${app.url}/status?leg=caller` });
  client = createTwilioClient({ kind: "simulator", accountSid: sim.accountSid, authToken: sim.authToken, simUrl: sim.url });
});
afterEach(async () => {
  actor?.stop();
  actor = null;
  await sim.idle();
  sim.reset();
  app.received.length = 0;
});
afterAll(async () => {
  await sim.stop();
  await app.close();
});

/** Wire the app's webhooks to a fresh actor and ring our number. */
async function callIn(opts: { ringTimeoutMs?: number; hangupAfter?: number } = {}): Promise<Actor> {
  app.routes.set("/voice", (p) => {
    actor = new Actor(p.CallSid ?? "", staffList(), opts.ringTimeoutMs ?? 2000);
    actor.send({ type: "call_started", personId: "p1", preferredStaffId: "alice" });
    return callerWaitTwiml({ greeting: "Hello", conferenceName: actor.ctx.conferenceName, statusCallbackUrl: `${app.url}/conf` });
  });
  app.routes.set("/staff", (_p, q) => staffJoinTwiml({ conferenceName: q.get("conf") ?? "", statusCallbackUrl: `${app.url}/conf` }));
  app.routes.set("/status", (p, q) => {
    const leg = q.get("leg") ?? "";
    actor?.callback(leg === "caller" ? { kind: "caller" } : { kind: "staff", legKey: leg }, p);
    return "";
  });
  app.routes.set("/vm-done", () => {
    actor?.send({ type: "voicemail_finished" });
    return "<Response><Hangup/></Response>";
  });
  app.routes.set("/rec", (p) => {
    actor?.send({ type: "recording_completed", recordingSid: p.RecordingSid ?? "", recordingUrl: p.RecordingUrl ?? "", durationSec: Number(p.RecordingDuration) });
    return "";
  });
  sim.inboundCall({ from: "+15551230000", to: OUR_NUMBER, url: `${app.url}/voice`, ...(opts.hangupAfter ? { hangupAfter: opts.hangupAfter } : {}) });
  return sim.waitFor(() => actor);
}

/** terminal, and the last effect (record_interaction) has run */
const finished = (a: Actor) => () => a.interactions.length > 0;
const path = (a: Actor) => a.log.filter((l) => l.from !== l.to).map((l) => l.to);

describe("machine + simulator", () => {
  it("preferred staff answers, talks, hangs up", async () => {
    sim.setBehaviour("client:alice", { answerAfter: 2, hangupAfter: 5 });
    const a = await callIn();
    await sim.waitFor(finished(a), 10_000);
    expect(path(a)).toEqual(["finding_staff", "dialing_staff", "conference", "completed"]);
    expect(a.ctx.endReason).toBe("staff_hung_up");
    expect(a.interactions[0]).toMatchObject({ staffId: "alice", endReason: "staff_hung_up" });
    await sim.waitFor(() => sim.state().calls.every((c) => c.status !== "in-progress" && c.status !== "ringing"));
    expect(a.staff.find((s) => s.id === "alice")?.presence).toBe("available");
  });

  it("preferred staff busy → the next longest-idle answers", async () => {
    sim.setBehaviour("client:alice", { answer: "busy" });
    sim.setBehaviour("client:bob", { answerAfter: 1, hangupAfter: 3 });
    const a = await callIn();
    await sim.waitFor(finished(a), 10_000);
    expect(path(a)).toEqual(["finding_staff", "dialing_staff", "finding_staff", "dialing_staff", "conference", "completed"]);
    expect(a.interactions[0]?.staffId).toBe("bob");
  });

  it("nobody answers before the ring timeout → voicemail with a recording", async () => {
    sim.setDefaultBehaviour({ answer: "no-answer" });
    sim.setBehaviour("+15551230000", { recordFor: 4 });
    const a = await callIn({ ringTimeoutMs: 150 });
    await sim.waitFor(finished(a), 10_000);
    expect(path(a)).toEqual(["finding_staff", "dialing_staff", "finding_staff", "dialing_staff", "finding_staff", "voicemail", "completed"]);
    expect(a.ctx.recording?.sid).toMatch(/^RE/);
    expect(a.interactions[0]).toMatchObject({ endReason: "voicemail_recorded", recordingSid: a.ctx.recording?.sid });
    const staffLegs = sim.state().calls.filter((c) => c.to.startsWith("client:"));
    expect(staffLegs.map((c) => c.status)).toEqual(["canceled", "canceled"]);
  });

  it("caller hangs up while staff rings → completed, the ringing leg cancelled", async () => {
    sim.setDefaultBehaviour({ answer: "no-answer" });
    const a = await callIn({ hangupAfter: 4 });
    await sim.waitFor(finished(a), 10_000);
    expect(path(a)).toEqual(["finding_staff", "dialing_staff", "completed"]);
    expect(a.ctx.endReason).toBe("caller_hung_up");
    const alice = await sim.waitFor(() => sim.state().calls.find((c) => c.to === "client:alice" && c.status === "canceled"));
    expect(alice.start_time).toBeNull();
    expect(a.staff.find((s) => s.id === "alice")?.presence).toBe("available");
  });
});
