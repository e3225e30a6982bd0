/**
 * The chaos run's call scenarios, and the "staff" who play them: each staff leg
 * rings on the simulator with behaviour "manual", and this controller answers,
 * declines or ignores it as the call's scenario says (it finds the call from the
 * leg's own status callbacks, whose URL names our PhoneCall and leg).
 */
import type { Db } from "@/lib/db/client";
import type { TwilioSimulator } from "@/lib/vendors/twilio/simulator";

export const SCENARIOS = ["answered", "declined_then_answered", "voicemail", "caller_hangs_up"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Timing {
  /** real ms before the staff member picks up / declines */
  pickupMs: number;
  /** real ms staff talk before hanging up */
  talkMs: number;
}

/** End reasons that count as the scenario's right outcome. */
export const EXPECTED: Record<Scenario, { endReasons: string[]; outcome: string; answeredLeg: number | null }> = {
  answered: { endReasons: ["staff_hung_up"], outcome: "answered", answeredLeg: 1 },
  declined_then_answered: { endReasons: ["staff_hung_up"], outcome: "answered", answeredLeg: 2 },
  voicemail: { endReasons: ["voicemail_recorded"], outcome: "voicemail", answeredLeg: null },
  // the hang-up reaches the actor as the caller's callback, or (after a takeover) as Twilio's answer to the probe
  caller_hangs_up: { endReasons: ["caller_hung_up", "caller_gone_on_resume"], outcome: "missed", answeredLeg: null },
};

export class StaffController {
  private seen = 0;
  private readonly decided = new Set<string>();
  private readonly callerSidOf = new Map<string, string>();
  private readonly rings = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private poll: NodeJS.Timeout | null = null;
  private beat: NodeJS.Timeout | null = null;
  /** Twilio leg CallSid → our (PhoneCall id, leg key), from the legs' callbacks */
  readonly legOf = new Map<string, { callId: string; leg: string }>();

  constructor(
    private readonly sim: TwilioSimulator,
    private readonly db: Db,
    private readonly scenarioOf: (callerSid: string) => { scenario: Scenario; timing: Timing } | undefined,
  ) {}

  start(everyMs = 20): void {
    this.poll = setInterval(() => void this.tick().catch(() => {}), everyMs);
    // Every staff member's softphone stays open and heartbeats, as a browser on shift does. At the
    // simulator's speed Twilio's no-answer (our ring timeout + 10 simulated s) can come before our
    // ring timer (real ms), which reads as an unreachable phone: lost until its next heartbeat.
    this.beat = setInterval(() => void this.db.$executeRawUnsafe("UPDATE staff SET softphone_seen_at = now() WHERE softphone_lost_at IS NOT NULL").catch(() => {}), 1_000);
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.beat) clearInterval(this.beat);
    for (const t of this.timers) clearTimeout(t);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private async tick(): Promise<void> {
    const hooks = this.sim.webhooks("call-status");
    const fresh = hooks.slice(this.seen);
    this.seen = hooks.length;
    for (const h of fresh) {
      const q = new URL(h.url).searchParams;
      const callId = q.get("call");
      const leg = q.get("leg");
      const sid = h.params.CallSid;
      if (!callId || !leg || leg === "caller" || !sid) continue;
      this.legOf.set(sid, { callId, leg });
      if (h.params.CallStatus !== "ringing" || this.decided.has(sid)) continue;
      this.decided.add(sid);
      // the n-th leg that rang for this call (a staff member another call had just taken never rings)
      const nth = (this.rings.get(callId) ?? 0) + 1;
      this.rings.set(callId, nth);
      const callerSid = await this.callerSid(callId);
      const plan = callerSid ? this.scenarioOf(callerSid) : undefined;
      if (plan) this.play(plan.scenario, plan.timing, sid, nth);
    }
  }

  private play(scenario: Scenario, timing: Timing, sid: string, nth: number): void {
    const answer = () => {
      this.sim.answer(sid);
      this.later(timing.talkMs, () => this.sim.hangup(sid));
    };
    switch (scenario) {
      case "answered":
        return this.later(timing.pickupMs, answer);
      case "declined_then_answered":
        return this.later(timing.pickupMs, nth === 1 ? () => this.sim.decline(sid, "busy") : answer);
      case "voicemail":
      case "caller_hangs_up":
        return; // nobody picks up: the ring timeout (or Twilio's) moves on
      default: {
        const never: never = scenario;
        return never;
      }
    }
  }

  private async callerSid(callId: string): Promise<string | undefined> {
    const known = this.callerSidOf.get(callId);
    if (known) return known;
    const row = await this.db.phoneCall.findUnique({ where: { id: callId }, select: { callSid: true } });
    if (row) this.callerSidOf.set(callId, row.callSid);
    return row?.callSid;
  }
}
