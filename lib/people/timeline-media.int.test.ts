// Issue 13: an Aircall call's voicemail and recording, once fetched into our media store, are what
// the person's timeline offers (a player on app/api/media), not the Twilio-only recordings route.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetchDueMedia } from "@/lib/interactions/media/fetch-media";
import { readCallMedia } from "@/lib/interactions/media/read-media";
import { postgresMediaStore } from "@/lib/interactions/media/store";
import { processPendingBatch } from "@/lib/interactions/process-events";
import { loadSkipRules } from "@/lib/interactions/skip-rules";
import { aircallCallEvents } from "@/lib/vendors/aircall/simulator";
import { serveAircallSimulator, type AircallServer } from "@/lib/vendors/aircall/simulator-server";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { postAircall } from "@/tests/support/vendor-posts";
import { getTimeline } from "./timeline";

const opts = { rules: loadSkipRules(undefined), defaultRegion: "AU" as const };
const agent = { id: 456, email: "ann@acme.example" };

describe("call media on the person timeline", () => {
  let t: TestDatabase;
  let aircall: AircallServer;
  let personId = "";

  beforeAll(async () => {
    t = await createTestDatabase();
    aircall = await serveAircallSimulator({ users: [agent], mediaSecret: "media-secret" });
  });
  afterAll(async () => {
    await aircall?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE incoming_events, interaction_events, call_media, media_objects, contact_points, persons CASCADE");
    const p = await t.db.person.create({ data: { firstName: "Caller" } });
    personId = p.id;
    await t.db.contactPoint.create({ data: { kind: "phone", value: "+61412345678", personId, validFrom: new Date("2020-01-01"), firstSeenAt: new Date(), lastSeenAt: new Date(), origin: "test" } });
  });

  async function aircallCall(spec: Omit<Parameters<typeof aircallCallEvents>[0], "from" | "to" | "at">) {
    const ended = aircallCallEvents({ from: "+61412345678", to: agent, at: new Date(), ...spec }, aircall.presign).at(-1)!;
    expect((await postAircall(t.db, ended)).status).toBe(200);
    await processPendingBatch(t.db, 100, opts);
  }
  const callDetail = async () => {
    const { items } = await getTimeline(t.db, personId, { kinds: ["call"] });
    expect(items).toHaveLength(1);
    const d = items[0]!.detail;
    if (d.kind !== "call") throw new Error(`not a call: ${d.kind}`);
    return { id: items[0]!.id, ...d };
  };

  it("offers an Aircall voicemail from our store once fetched, and a link to the vendor's page before", async () => {
    await aircallCall({ answered: false, voicemail: true, callId: 32001 });
    expect((await callDetail()).media).toEqual([{ kind: "voicemail", from: "vendor" }]);
    const store = postgresMediaStore(t.db);
    expect(await fetchDueMedia(t.db, store)).toMatchObject({ stored: 1 });
    const call = await callDetail();
    expect(call.media).toEqual([{ kind: "voicemail", from: "ours" }]);
    // what the player's src (app/api/media/calls/:id/voicemail) serves: our audio
    const served = await readCallMedia(t.db, store, call.id, "voicemail");
    expect(served.kind === "media" && served.media.contentType).toBe("audio/mpeg");
  });

  it("offers an answered Aircall call's recording from our store", async () => {
    await aircallCall({ callId: 32002 });
    await fetchDueMedia(t.db, postgresMediaStore(t.db));
    expect((await callDetail()).media).toEqual([{ kind: "recording", from: "ours" }]);
  });

  it("keeps a Twilio recording on its own route, and offers nothing for a call without media", async () => {
    const i = await t.db.interactionEvent.create({
      data: { personId, channel: "call", direction: "inbound", occurredAt: new Date(), summary: "Inbound call", call: { create: { outcome: "answered", recordingUrl: "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1" } } },
    });
    expect((await callDetail()).media).toEqual([{ kind: "recording", from: "twilio" }]);
    await t.db.callDetail.update({ where: { interactionId: i.id }, data: { recordingUrl: null } });
    expect((await callDetail()).media).toEqual([]);
  });
});
