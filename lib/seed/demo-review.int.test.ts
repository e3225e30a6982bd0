import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { createIdentityPool } from "@/lib/identity/db/sql";
import { listPossibleMatches } from "@/lib/identity/db/review-queue";
import { searchPeople } from "@/lib/people/search-people";
import { getTimeline } from "@/lib/people/timeline";
import { seedDemoReview } from "./demo-review";

describe("the demo's merge review and timeline person", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemoReview(t.db, new Date("2026-11-01T10:00:00Z"));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("queues its pairs with the engine's evidence, most probable first", async () => {
    const pool = createIdentityPool(t.url, 1);
    try {
      const { matches } = await listPossibleMatches(pool);
      expect(matches).toHaveLength(3);
      const ps = matches.map((m) => m.probability);
      expect(ps).toEqual([...ps].sort((a, b) => b - a));
      for (const m of matches) {
        expect(m.evidence.fields.length).toBeGreaterThan(0);
        expect(m.evidence.probability).toBe(m.probability);
        expect(m.a.personId).not.toBe(m.b.personId);
      }
    } finally {
      await pool.end();
    }
  });

  it("finds Priya by her phone typed with spaces, with her texts on the timeline", async () => {
    const { people } = await searchPeople(t.db, { q: "0412 555 010" }, { region: "AU" });
    expect(people.map((p) => p.name)).toEqual(["Priya Raman"]);
    const sms = await getTimeline(t.db, people[0]!.id, { kinds: ["sms"] });
    expect(sms.items.map((i) => i.detail)).toEqual([{ kind: "sms", body: "Can I move my appointment to Friday at 3?", delivery: null }]);
  });
});
