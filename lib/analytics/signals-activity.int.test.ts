import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelSignalsOverview, personChannelSignals } from "./channel-signals";
import { staffActivity } from "./staff-activity";
import { readSignalsOverview, refreshSignalsRollup, ROLLUP_MAX_AGE_MS, signalsRollupJob } from "./signals-rollup";
import { logger } from "@/lib/log/logger";
import { asUser, signInAs, TEST_BASE } from "@/tests/support/sessions";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

describe("channel signals and staff activity", () => {
  let t: TestDatabase;
  const now = new Date("2026-06-10T12:00:00Z");
  const at = (iso: string) => new Date(iso);
  let ana: string;
  let ben: string;
  let sam: string;
  let tess: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    ana = (await t.db.person.create({ data: { firstName: "Ana" } })).id;
    ben = (await t.db.person.create({ data: { firstName: "Ben" } })).id;
    const ix = (personId: string, channel: string, direction: string, iso: string) =>
      t.db.interactionEvent.create({ data: { personId, channel: channel as never, direction: direction as never, occurredAt: at(iso), summary: "x" } });
    // Ana: two emails, answered by SMS after 10 min and 30 min; an SMS answered by SMS after 1 min; a call never answered (her next word is 8 days later)
    await ix(ana, "email", "outbound", "2026-06-01T09:00:00Z");
    await ix(ana, "sms", "inbound", "2026-06-01T09:10:00Z");
    await ix(ana, "email", "outbound", "2026-06-02T09:00:00Z");
    await ix(ana, "sms", "inbound", "2026-06-02T09:30:00Z");
    await ix(ana, "sms", "outbound", "2026-06-03T09:00:00Z");
    await ix(ana, "sms", "inbound", "2026-06-03T09:01:00Z");
    await ix(ana, "call", "outbound", "2026-05-20T09:00:00Z");
    await ix(ana, "call", "inbound", "2026-05-28T09:00:01Z");
    // Ben: an SMS answered by a call after an hour
    await ix(ben, "sms", "outbound", "2026-06-05T09:00:00Z");
    await ix(ben, "call", "inbound", "2026-06-05T10:00:00Z");

    [sam, tess] = (await Promise.all(["Sam", "Tess"].map((displayName) => t.db.staff.create({ data: { displayName } })))).map((s) => s.id) as [string, string];
    let n = 0;
    const call = async (started: string, legs: [string, number][], answeredBy: string | null, answerAfterS: number, talkS: number) => {
      const s = at(started).getTime();
      const lastLeg = s + legs[legs.length - 1]![1] * 1000;
      const answeredAt = answeredBy ? new Date(lastLeg + answerAfterS * 1000) : null;
      const c = await t.db.phoneCall.create({
        data: { callSid: `CA${n++}`, direction: "inbound", fromNumber: "+61400000001", toNumber: "+61299990000", state: "completed", staffId: answeredBy, startedAt: new Date(s), answeredAt, endedAt: new Date((answeredAt?.getTime() ?? lastLeg) + talkS * 1000) },
      });
      for (const [k, [staffId, afterS]] of legs.entries()) await t.db.phoneCallLeg.create({ data: { phoneCallId: c.id, legKey: `l${k}`, staffId, toAddress: "client:x", createdAt: new Date(s + afterS * 1000) } });
    };
    // 8 June: Sam answers two (after 4 s and 10 s; 60 s and 120 s talk); rung twice on a third, misses it, Tess answers it after 6 s
    await call("2026-06-08T09:00:00Z", [[sam, 1]], sam, 4, 60);
    await call("2026-06-08T10:00:00Z", [[sam, 1]], sam, 10, 120);
    await call("2026-06-08T11:00:00Z", [[sam, 1], [sam, 20], [tess, 40]], tess, 6, 300);
    // 9 June: nobody answers Tess
    await call("2026-06-09T09:00:00Z", [[tess, 1]], null, 0, 0);
    // long ago: outside the window
    await call("2026-01-01T09:00:00Z", [[tess, 1]], tess, 1, 1);
  });
  afterAll(async () => {
    const { getDb } = await import("@/lib/db/client");
    await getDb().$disconnect().catch(() => {});
    await t.drop();
  });

  it("a person's reply rate and median response per channel, and the channel they answer on", async () => {
    expect(await personChannelSignals(t.db, ana)).toEqual({
      channels: [
        { channel: "call", sent: 1, replied: 0, replyRate: 0, medianResponseS: null },
        { channel: "sms", sent: 1, replied: 1, replyRate: 1, medianResponseS: 60 },
        { channel: "email", sent: 2, replied: 2, replyRate: 1, medianResponseS: 1200 },
      ],
      answersOn: "sms",
    });
    expect((await personChannelSignals(t.db, ben)).answersOn).toBe("call");
  });

  it("everyone's, over a window", async () => {
    const o = await channelSignalsOverview(t.db, 30, now);
    expect(o.channels).toEqual([
      { channel: "call", sent: 1, replied: 0, replyRate: 0, medianResponseS: null },
      { channel: "sms", sent: 2, replied: 2, replyRate: 1, medianResponseS: (60 + 3600) / 2 },
      { channel: "email", sent: 2, replied: 2, replyRate: 1, medianResponseS: 1200 },
    ]);
    expect(o.answersOn).toEqual([
      { channel: "call", people: 1 },
      { channel: "sms", people: 1 },
    ]);
    expect((await channelSignalsOverview(t.db, 6, now)).channels.map((c) => c.channel)).toEqual(["sms"]);
  });

  it("the page reads the worker's rollup while it is fresh, and computes it again once stale", async () => {
    const first = await refreshSignalsRollup(t.db, 30, now);
    expect(first).toEqual({ ...(await channelSignalsOverview(t.db, 30, now)), computedAt: now });
    // a new answer after the rollup: not in what the page reads until the rollup is computed again
    await t.db.interactionEvent.create({ data: { personId: ben, channel: "email", direction: "outbound", occurredAt: at("2026-06-06T09:00:00Z"), summary: "x" } });
    const soon = new Date(now.getTime() + ROLLUP_MAX_AGE_MS);
    expect(await readSignalsOverview(t.db, 30, soon)).toEqual(first);
    const stale = await readSignalsOverview(t.db, 30, new Date(soon.getTime() + 1));
    expect(stale.computedAt).toEqual(new Date(soon.getTime() + 1));
    expect(stale.channels.find((c) => c.channel === "email")).toMatchObject({ sent: 3, replied: 2 });
    expect((await t.db.channelSignalRollup.findUniqueOrThrow({ where: { days: 30 } })).computedAt).toEqual(stale.computedAt);
    // the worker's job stores the page's window as of now
    await signalsRollupJob.handler({}, { db: t.db, log: logger, send: async () => {} });
    const row = await t.db.channelSignalRollup.findUniqueOrThrow({ where: { days: 90 } });
    expect(Date.now() - row.computedAt.getTime()).toBeLessThan(60_000);
    await t.db.interactionEvent.deleteMany({ where: { personId: ben, channel: "email" } });
  });

  it("staff activity per staff member and day", async () => {
    const rows = await staffActivity(t.db, { days: 14, now });
    expect(rows.map(({ staffId: _, ...r }) => r)).toEqual([
      { staff: "Tess", day: "2026-06-09", answered: 0, missed: 1, talkS: 0, medianAnswerS: null },
      { staff: "Sam", day: "2026-06-08", answered: 2, missed: 1, talkS: 180, medianAnswerS: 7 },
      { staff: "Tess", day: "2026-06-08", answered: 1, missed: 0, talkS: 300, medianAnswerS: 6 },
    ]);
  });

  it("the routes: managers and admins only", async () => {
    process.env.DATABASE_URL = t.url;
    process.env.PUBLIC_BASE_URL = TEST_BASE;
    const signals = await import("@/app/api/analytics/signals/route");
    const activity = await import("@/app/api/analytics/staff-activity/route");
    const staff = (await signInAs(t.db, "staff")).cookie;
    const ops = (await signInAs(t.db, "ops")).cookie;
    const manager = (await signInAs(t.db, "manager")).cookie;
    for (const [route, path] of [[signals, "/api/analytics/signals"], [activity, "/api/analytics/staff-activity"]] as const) {
      expect((await route.GET(asUser(null, path))).status).toBe(401);
      expect((await route.GET(asUser(staff, path))).status).toBe(403);
      expect((await route.GET(asUser(ops, path))).status).toBe(403);
      expect((await route.GET(asUser(manager, path))).status).toBe(200);
    }
    const one = await signals.GET(asUser(manager, `/api/analytics/signals?personId=${ben}`));
    expect(((await one.json()) as { answersOn: string }).answersOn).toBe("call");
    expect((await signals.GET(asUser(manager, "/api/analytics/signals?personId=nope"))).status).toBe(400);
  });
});
