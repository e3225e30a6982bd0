/**
 * The call engine rings a staff member's phone, the way the browser's would be
 * rung: a simulated phone registered with the staff member's access token gets
 * the leg's invite with our call id, leg key, direction and auto-answer, and what
 * it does (answer, reject, hang up) drives the call. No simulator behaviour is
 * set for the staff parties: the phones decide.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SimulatedPhone } from "@/components/softphone/phone/simulated-phone";
import type { PhoneCall } from "@/components/softphone/phone/types";
import { staffClientAddress, staffClientIdentity, staffLegParams } from "@/lib/calls/client-identity";
import { openOutboundCall } from "@/lib/calls/open-call";
import type { CallRuntime } from "@/lib/calls/runtime";
import { mintVoiceAccessToken, voiceTokenSettings } from "@/lib/vendors/twilio/access-token";
import { callIdBySid, finished, inState, seedPerson, seedStaff, statePath } from "./support/call-fixtures";
import { useCallHarness } from "./support/call-harness";

const CALLER = "+61412000021";
const PERSON = "+61412000022";

describe("the engine rings staff phones", () => {
  let worker: CallRuntime;
  let alice: string;
  let bob: string;
  const phones: SimulatedPhone[] = [];
  const { t, h } = useCallHarness({ env: { CALL_RING_TIMEOUT_MS: "5000" } });

  beforeAll(async () => {
    worker = await h.startWorker();
  });
  afterAll(async () => worker.stop());
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, contact_points, persons, staff CASCADE");
    [alice, bob] = (await seedStaff(t.db, ["Alice", "Bob"])) as [string, string];
    await seedPerson(t.db, CALLER, { assignedStaffId: alice });
  });
  afterEach(() => {
    for (const p of phones.splice(0)) p.destroy();
    h.sim.reset();
  });

  /** A registered phone for a staff member, and the calls that ring it. */
  async function phoneFor(staffId: string) {
    const settings = voiceTokenSettings({ TWILIO_SIM_URL: h.sim.url });
    if (!settings.ok) throw new Error(settings.reason);
    const phone = new SimulatedPhone(h.sim.url, mintVoiceAccessToken(settings.settings, staffClientIdentity(staffId)).token);
    phones.push(phone);
    const rung: PhoneCall[] = [];
    phone.on("incoming", (c) => rung.push(c));
    await phone.register();
    return { phone, next: (n = 1) => h.sim.waitFor(() => rung[n - 1], 10_000) };
  }

  it("inbound: the assigned staff member's phone rings with the call's parameters, answers, and hangs up", async () => {
    const a = await phoneFor(alice);
    const caller = h.sim.inboundCall({ from: CALLER, to: "+61299990000" });
    const id = await callIdBySid(t.db, caller.sid);
    const call = await a.next();
    expect(call.parameters).toMatchObject({ From: CALLER, To: staffClientAddress(alice) });
    expect(staffLegParams(call.customParameters)).toEqual({ callId: id, legKey: `${caller.sid}:leg:1`, direction: "inbound", autoAnswer: false });
    call.accept();
    await inState(t.db, id, "conference");
    call.disconnect();
    expect(await finished(t.db, id)).toMatchObject({ endReason: "staff_hung_up", staffId: alice });
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "conference", "completed"]);
  });

  it("a rejecting phone passes the call on; a staff member with no phone registered is skipped at once", async () => {
    const a = await phoneFor(alice);
    const caller = h.sim.inboundCall({ from: CALLER, to: "+61299990000" });
    const id = await callIdBySid(t.db, caller.sid);
    (await a.next()).reject();
    await h.sim.waitFor(() => h.sim.state().calls.some((c) => c.to === staffClientAddress(bob) && c.status === "no-answer"), 10_000);
    h.sim.hangup(caller.sid);
    await finished(t.db, id);
    const legs = h.sim.state().calls.filter((c) => c.to.startsWith("client:")).map((c) => [c.to, c.status]);
    expect(legs.slice(0, 2)).toEqual([
      [staffClientAddress(alice), "busy"],
      [staffClientAddress(bob), "no-answer"],
    ]);
  });

  it("outbound: the caller's own phone gets autoAnswer, answers by itself, and the app's hang-up disconnects it", async () => {
    h.sim.setBehaviour(PERSON, { answerAfter: 1 });
    const a = await phoneFor(alice);
    const r = await openOutboundCall(t.db, { staffId: alice, to: PERSON, personId: null }, h.config);
    if (!r.ok) throw new Error(r.reason);
    const call = await a.next();
    const leg = staffLegParams(call.customParameters);
    expect(leg).toMatchObject({ callId: r.id, direction: "outbound", autoAnswer: true });
    const ended = new Promise<void>((resolve) => call.on("disconnect", resolve));
    if (leg?.autoAnswer) call.accept(); // what the softphone does for its own outbound leg
    await h.sim.waitFor(() => h.sim.state().calls.some((c) => c.to === PERSON && c.status === "in-progress"), 10_000);
    h.sim.hangup(h.sim.state().calls.find((c) => c.to === PERSON)?.sid ?? "");
    await ended;
    expect((await finished(t.db, r.id)).state).toBe("completed");
  });
});
