/** Did every call end the way its scenario says, with nothing lost, stuck or dialled twice? */
import { interactionIdFor } from "@/lib/calls/call-interaction";
import type { Db } from "@/lib/db/client";
import type { TwilioSimulator } from "@/lib/vendors/twilio/simulator";
import { EXPECTED, type Scenario } from "./scenarios";

export interface Started {
  callerSid: string;
  scenario: Scenario;
}

export interface Verdict {
  completed_correctly: number;
  lost: number;
  stuck: number;
  duplicate_legs: number;
  live_legs_left: number;
  staff_left_busy: number;
  wrong: { callerSid: string; scenario: Scenario; why: string }[];
}

const LIVE = new Set(["queued", "initiated", "ringing", "in-progress"]);

export async function judge(db: Db, sim: TwilioSimulator, started: Started[], legOf: Map<string, { callId: string; leg: string }>): Promise<Verdict> {
  const v: Verdict = { completed_correctly: 0, lost: 0, stuck: 0, duplicate_legs: 0, live_legs_left: 0, staff_left_busy: 0, wrong: [] };
  const simCalls = sim.state().calls;
  v.live_legs_left = simCalls.filter((c) => LIVE.has(c.status)).length;
  // legs per (call, leg key), as the simulator saw them created
  const perKey = new Map<string, Set<string>>();
  for (const [sid, { callId, leg }] of legOf) perKey.set(`${callId}|${leg}`, (perKey.get(`${callId}|${leg}`) ?? new Set()).add(sid));
  for (const sids of perKey.values()) v.duplicate_legs += sids.size - 1;
  v.duplicate_legs += simCalls.filter((c) => c.to.startsWith("client:") && !legOf.has(c.sid)).length; // legs nobody can account for
  v.staff_left_busy = await db.staff.count({ where: { OR: [{ presence: { not: "available" } }, { busyCallId: { not: null } }] } });

  for (const s of started) {
    const wrong = (why: string) => v.wrong.push({ callerSid: s.callerSid, scenario: s.scenario, why });
    const call = await db.phoneCall.findUnique({ where: { callSid: s.callerSid } });
    if (!call) {
      v.lost += 1;
      wrong("no PhoneCall");
      continue;
    }
    const pending = await db.phoneCallEffect.count({ where: { phoneCallId: call.id, doneAt: null } });
    if ((call.state !== "completed" && call.state !== "failed") || pending > 0) {
      v.stuck += 1;
      wrong(`stuck in ${call.state} with ${pending} effect(s) pending`);
      continue;
    }
    const interaction = await db.interactionEvent.findUnique({ where: { id: interactionIdFor(call.id) }, include: { call: true } });
    if (!interaction) {
      v.lost += 1;
      wrong("completed without its interaction");
      continue;
    }
    const want = EXPECTED[s.scenario];
    if (!call.endReason || !want.endReasons.includes(call.endReason)) {
      wrong(`ended ${call.endReason}`);
      continue;
    }
    if (interaction.call?.outcome !== want.outcome) {
      wrong(`interaction outcome ${interaction.call?.outcome}`);
      continue;
    }
    if (want.answeredLeg !== null) {
      // the n-th leg that was dialled (a staff member another call had just taken is never dialled)
      const legs = (await db.phoneCallLeg.findMany({ where: { phoneCallId: call.id } })).sort(
        (a, b) => Number(a.legKey.split(":").at(-1)) - Number(b.legKey.split(":").at(-1)),
      );
      const answered = legs.findIndex((l) => l.staffId === call.staffId) + 1;
      if (answered !== want.answeredLeg) {
        wrong(`answered on dialled leg ${answered} of ${legs.length}, not ${want.answeredLeg}`);
        continue;
      }
    }
    if (s.scenario === "voicemail" && !interaction.call?.recordingUrl) {
      wrong("voicemail without a recording");
      continue;
    }
    const mine = simCalls.filter((c) => c.sid === call.callSid || legOf.get(c.sid)?.callId === call.id);
    if (mine.some((c) => LIVE.has(c.status))) {
      wrong("a leg is still live");
      continue;
    }
    v.completed_correctly += 1;
  }
  return v;
}
