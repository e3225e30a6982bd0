import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

/**
 * A recording that arrived before its call is found by CallSid when the call is
 * recorded (process-events.ts attachWaitingRecordings). That lookup must use an
 * index, not read every incoming event: with sequential scans priced out, the plan
 * of the same join names the partial index.
 */
describe("waiting recordings by CallSid", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("are looked up through incoming_events_twilio_recording_call_sid_idx", async () => {
    const plan = await t.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`
        EXPLAIN UPDATE call_details c SET recording_url = e.payload->>'RecordingUrl'
          FROM incoming_events e
         WHERE e.vendor = 'twilio' AND e.event_type = 'call.recording' AND e.payload->>'RecordingStatus' = 'completed'
           AND e.payload->>'CallSid' = c.vendor_call_id AND c.vendor_call_id = ANY(ARRAY['CA1','CA2']::text[])`);
    });
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("incoming_events_twilio_recording_call_sid_idx");
    expect(text).not.toMatch(/Seq Scan on incoming_events/);
  });
});
