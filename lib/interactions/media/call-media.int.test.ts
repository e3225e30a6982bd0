// Issue 13 item 3: Aircall's recording and voicemail links are pre-signed and expire after 600 s.
// The media is fetched into our own store promptly and served from there; once a link has
// expired, the call falls back to Aircall's stable asset link. The simulator's links really expire.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aircallCallEvents } from "@/lib/vendors/aircall/simulator";
import { fakeMp3, serveAircallSimulator, type AircallServer } from "@/lib/vendors/aircall/simulator-server";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { postAircall } from "@/tests/support/vendor-posts";
import { processPendingBatch } from "../process-events";
import { loadSkipRules } from "../skip-rules";
import { fetchDueMedia } from "./fetch-media";
import { readCallMedia } from "./read-media";
import { postgresMediaStore } from "./store";

const opts = { rules: loadSkipRules(undefined), defaultRegion: "AU" as const };
const agent = { id: 456, email: "ann@acme.example" };

describe("Aircall call media", () => {
  let t: TestDatabase;
  let aircall: AircallServer;
  let clock = new Date();

  beforeAll(async () => {
    t = await createTestDatabase();
    aircall = await serveAircallSimulator({ users: [agent], mediaSecret: "media-secret", now: () => clock });
  });
  afterAll(async () => {
    await aircall?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    clock = new Date();
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, interaction_events, call_media, media_objects, contact_points, persons CASCADE");
    const p = await t.db.person.create({ data: { firstName: "Caller" } });
    await t.db.contactPoint.create({ data: { kind: "phone", value: "+61412345678", personId: p.id, validFrom: new Date("2020-01-01"), firstSeenAt: new Date(), lastSeenAt: new Date(), origin: "test" } });
  });

  async function endCall(spec: Parameters<typeof aircallCallEvents>[0]) {
    const ended = aircallCallEvents(spec, aircall.presign).at(-1)!;
    expect((await postAircall(t.db, ended)).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
    return t.db.interactionEvent.findFirstOrThrow({ where: { call: { vendorCallId: String(spec.callId) } }, include: { call: true } });
  }

  it("fetches a recording while its link is valid, keeps it in our store and serves it from there after the link expired", async () => {
    const call = await endCall({ from: "+61412345678", to: agent, at: new Date(), callId: 31001 });
    expect(call.call?.recordingUrl).toBe("https://assets.aircall.io/calls/31001");
    const store = postgresMediaStore(t.db);
    expect(await fetchDueMedia(t.db, store)).toMatchObject({ claimed: 1, stored: 1 });
    clock = new Date(Date.now() + 11 * 60_000); // the pre-signed link is dead now
    const source = (await t.db.callMedia.findFirstOrThrow()).sourceUrl;
    expect((await fetch(source)).status).toBe(403);
    const answer = await readCallMedia(t.db, store, call.id, "recording");
    expect(answer.kind).toBe("media");
    if (answer.kind !== "media") return;
    expect(answer.media.contentType).toBe("audio/mpeg");
    expect(answer.media.body.equals(fakeMp3("/media/calls/31001/recording.mp3"))).toBe(true);
  });

  it("a voicemail whose link expired before it was fetched ends unavailable with the reason, and falls back to the stable asset link", async () => {
    const call = await endCall({ from: "+61412345678", to: agent, at: new Date(), answered: false, voicemail: true, callId: 31002 });
    clock = new Date(Date.now() + 11 * 60_000);
    const store = postgresMediaStore(t.db);
    expect(await fetchDueMedia(t.db, store)).toMatchObject({ claimed: 1, unavailable: 1 });
    expect(await t.db.callMedia.findFirstOrThrow()).toMatchObject({ kind: "voicemail", status: "unavailable", lastError: expect.stringContaining("403") });
    expect(await readCallMedia(t.db, store, call.id, "voicemail")).toEqual({ kind: "redirect", url: "https://assets.aircall.io/calls/31002" });
  });

  it("tries again after a network error, and a second processing of the call queues nothing twice", async () => {
    await endCall({ from: "+61412345678", to: agent, at: new Date(), callId: 31003 });
    const failing = (() => Promise.reject(new Error("ECONNRESET"))) as unknown as typeof fetch;
    const store = postgresMediaStore(t.db);
    expect(await fetchDueMedia(t.db, store, { fetch: failing, retryBaseMs: 0 })).toMatchObject({ claimed: 1, retrying: 1 });
    expect(await fetchDueMedia(t.db, store)).toMatchObject({ claimed: 1, stored: 1 });
    expect(await t.db.callMedia.count()).toBe(1);
  });
});
