/**
 * The call engine end to end: the Twilio simulator rings our voice webhooks, the
 * web handlers store, a worker's call runtime routes, and everything lands in
 * Postgres. One worker; restarts and takeovers are in recovery.int.test.ts.
 */
import PgBoss from "pg-boss";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staffClientAddress } from "./client-identity";
import { useCallHarness } from "@/tests/support/call-harness";
import { callIdBySid, finished, poll, seedPerson, seedStaff, statePath } from "@/tests/support/call-fixtures";
import { linkContact, undoDecision } from "@/lib/interactions/contact-decisions";
import { processPendingBatch } from "@/lib/interactions/process-events";
import { loadSkipRules } from "@/lib/interactions/skip-rules";
import { listUnidentifiedContacts } from "@/lib/interactions/unidentified";
import { interactionIdFor } from "./call-interaction";
import { processRecording, RECORDING_JOB, type RecordingJob } from "./recording-job";
import type { CallRuntime } from "./runtime";
import { createTwilioClient } from "@/lib/vendors/twilio/client";

const CALLER = "+61412000001";

describe("calls through the simulator", () => {
  let worker: CallRuntime;
  let alice: string;
  let bob: string;
  let person: string;

  const { t, h } = useCallHarness();
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls, interaction_events, incoming_events, contact_resolutions, contact_points, persons, staff CASCADE");
    [alice, bob] = (await seedStaff(t.db, ["Alice", "Bob"])) as [string, string];
    person = await seedPerson(t.db, CALLER, { assignedStaffId: alice });
  });
  afterEach(async () => {
    await worker?.stop();
    h.sim.reset();
  });

  const ring = (opts: { hangupAfter?: number } = {}) => {
    const c = h.sim.inboundCall({ from: CALLER, to: "+61299990000", ...opts });
    return callIdBySid(t.db, c.sid);
  };
  const staffLegs = () => h.sim.state().calls.filter((c) => c.to.startsWith("client:"));
  const presence = async () => Object.fromEntries((await t.db.staff.findMany()).map((s) => [s.id, s.presence]));

  it("the preferred staff member answers, talks, hangs up", async () => {
    worker = await h.startWorker();
    h.sim.setBehaviour(staffClientAddress(alice), { answerAfter: 2, hangupAfter: 10 });
    const id = await ring();
    const call = await finished(t.db, id);
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "conference", "completed"]);
    expect(call).toMatchObject({ endReason: "staff_hung_up", personId: person, staffId: alice });
    expect(call.answeredAt).not.toBeNull();
    expect(staffLegs().map((c) => [c.to, c.status])).toEqual([[staffClientAddress(alice), "completed"]]);
    const ie = await t.db.interactionEvent.findUniqueOrThrow({ where: { id: interactionIdFor(id) }, include: { call: true } });
    expect(ie).toMatchObject({ personId: person, staffId: alice, channel: "call", direction: "inbound" });
    expect(ie.call).toMatchObject({ vendorCallId: call.callSid, outcome: "answered" });
    expect(await presence()).toEqual({ [alice]: "available", [bob]: "available" });
    expect((await t.db.staff.findUniqueOrThrow({ where: { id: alice } })).lastCallEndedAt!.getTime()).toBeGreaterThan(Date.UTC(2025, 1));
    // once Twilio has said all it will, every mailbox row is processed and the lease goes back
    await h.sim.idle();
    await poll(async () => {
      const unprocessed = await t.db.phoneCallEvent.count({ where: { phoneCallId: id, processedAt: null } });
      return unprocessed === 0 && (await t.db.phoneCall.findUniqueOrThrow({ where: { id } })).leaseOwner === null;
    });
  });

  it("the first staff member declines, the next answers", async () => {
    worker = await h.startWorker();
    h.sim.setBehaviour(staffClientAddress(alice), { answer: "busy" });
    h.sim.setBehaviour(staffClientAddress(bob), { answerAfter: 1, hangupAfter: 5 });
    const id = await ring();
    const call = await finished(t.db, id);
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "finding_staff", "dialing_staff", "conference", "completed"]);
    expect(call).toMatchObject({ endReason: "staff_hung_up", staffId: bob });
    expect(staffLegs().map((c) => [c.to, c.status])).toEqual([
      [staffClientAddress(alice), "busy"],
      [staffClientAddress(bob), "completed"],
    ]);
    const declined = await t.db.callTransition.findFirstOrThrow({ where: { phoneCallId: id, fromState: "dialing_staff", toState: "finding_staff" } });
    expect(declined.event).toMatchObject({ type: "staff_leg_declined", reason: "busy" });
    expect(await presence()).toEqual({ [alice]: "available", [bob]: "available" });
  });

  it("nobody home: voicemail, and the recording is on the person's timeline", async () => {
    const boss = new PgBoss({ connectionString: t.url, schema: "pgboss" });
    await boss.start();
    await boss.createQueue(RECORDING_JOB);
    const twilio = createTwilioClient({ kind: "simulator", accountSid: h.sim.accountSid, authToken: h.sim.authToken, simUrl: h.sim.url });
    await boss.work<RecordingJob>(RECORDING_JOB, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await processRecording(t.db, twilio, job.data);
    });
    try {
      worker = await h.startWorker({ sendJob: async (name, data, o) => void (await boss.send(name, data, o ?? {})) });
      h.sim.setDefaultBehaviour({ answer: "no-answer" });
      h.sim.setBehaviour(CALLER, { recordFor: 8 });
      const id = await ring();
      const call = await finished(t.db, id);
      expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "finding_staff", "dialing_staff", "finding_staff", "voicemail", "completed"]);
      expect(call.endReason).toBe("voicemail_recorded");
      const recording = h.sim.state().recordings[0];
      expect(recording?.call_sid).toBe(call.callSid);
      const detail = await poll(async () => {
        const d = await t.db.callDetail.findUnique({ where: { interactionId: interactionIdFor(id) } });
        return d?.recordingUrl === recording?.media_url ? d : null;
      });
      expect(detail).toMatchObject({ outcome: "voicemail", durationSeconds: Number(recording?.duration) });
      const timeline = await t.db.interactionEvent.findMany({ where: { personId: person }, include: { call: true } });
      expect(timeline.map((i) => [i.channel, i.call?.outcome])).toEqual([["call", "voicemail"]]);
      expect(staffLegs().every((c) => c.status === "canceled" || c.status === "no-answer")).toBe(true);
      expect(await presence()).toEqual({ [alice]: "available", [bob]: "available" });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it("an unknown caller waits in the Unidentified queue; once ops link the number the call is on the person", async () => {
    worker = await h.startWorker();
    h.sim.setDefaultBehaviour({ answer: "no-answer" });
    const c = h.sim.inboundCall({ from: "+61499888777", to: "+61299990000", hangupAfter: 4 });
    const id = await callIdBySid(t.db, c.sid);
    await finished(t.db, id);
    const opts = { rules: loadSkipRules(undefined), defaultRegion: "AU" as const };
    await processPendingBatch(t.db, 50, opts);
    const page = await listUnidentifiedContacts(t.db);
    expect(page.contacts.map((x) => [x.value, x.channels])).toEqual([["+61499888777", ["call"]]]);
    const stranger = await t.db.person.create({ data: { firstName: "Stranger" } });
    const r = await linkContact(t.db, { contact: { kind: "phone", value: "+61499888777" }, personId: stranger.id, actor: "ops@test" }, opts);
    // Our number is no staff line in this test: the person resolves, the staff side does not.
    expect(r).toMatchObject({ reprocessed: 1, statuses: { unmatchable_staff: 1 } });
    // The very interaction the actor wrote gains the person: nothing duplicated.
    expect(await t.db.interactionEvent.findUniqueOrThrow({ where: { id: interactionIdFor(id) } })).toMatchObject({ personId: stranger.id, channel: "call" });
    expect(await t.db.interactionEvent.count({ where: { channel: "call" } })).toBe(1);
    if ("error" in r) throw new Error(r.error);
    await undoDecision(t.db, { resolutionId: r.resolutionId, actor: "ops@test" }, opts);
    expect(await t.db.interactionEvent.findUniqueOrThrow({ where: { id: interactionIdFor(id) } })).toMatchObject({ personId: null });
    expect((await listUnidentifiedContacts(t.db)).total).toBe(1);
  });

  it("the caller hangs up while staff rings: completed, the ringing leg cancelled", async () => {
    worker = await h.startWorker();
    h.sim.setDefaultBehaviour({ answer: "no-answer" });
    const id = await ring({ hangupAfter: 6 });
    const call = await finished(t.db, id);
    expect(await statePath(t.db, id)).toEqual(["finding_staff", "dialing_staff", "completed"]);
    expect(call.endReason).toBe("caller_hung_up");
    await h.sim.waitFor(() => staffLegs().every((c) => c.status === "canceled"));
    expect(staffLegs()).toHaveLength(1);
    const ie = await t.db.interactionEvent.findUniqueOrThrow({ where: { id: interactionIdFor(id) }, include: { call: true } });
    expect(ie.call?.outcome).toBe("missed");
    expect(ie.staffId).toBeNull();
    expect(await presence()).toEqual({ [alice]: "available", [bob]: "available" });
  });

  it("a retried voice webhook opens nothing new", async () => {
    worker = await h.startWorker();
    h.sim.setDefaultBehaviour({ answerAfter: 1, hangupAfter: 2 });
    const id = await ring();
    await finished(t.db, id);
    const first = h.sim.webhooks("voice")[0];
    expect(first?.status).toBe(200);
    const again = await fetch(first!.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": first!.signature },
      body: new URLSearchParams(first!.params).toString(),
    });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(first!.responseBody);
    expect(await t.db.phoneCall.count()).toBe(1);
    expect(await t.db.phoneCallEvent.count({ where: { phoneCallId: id, dedupeKey: "start" } })).toBe(1);
  });
});
