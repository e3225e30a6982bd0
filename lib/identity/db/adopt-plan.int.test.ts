import { describe, expect, it } from "vitest";
import { useIdentityTestDb } from "@/tests/support/identity-db";
import { ADOPTER_SQL } from "./adopt";
import { RESOLVE_SETTINGS } from "./resolve-record";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}

const walk = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(walk)];

/**
 * The adopter lookup runs inside the incremental resolve, whose planner settings forbid
 * sequential and bitmap scans. Written as one OR over both contacts it was planned as a scan of
 * the whole contact_points index (165 ms at a million records, bench:sync's slowest resolves).
 */
describe("the adopter lookup's plan under the resolve's settings", () => {
  const t = useIdentityTestDb({ truncate: true });

  it("reads contact_points only through an index condition on the value", async () => {
    const client = await t.pool.connect();
    try {
      await client.query("BEGIN");
      for (const s of RESOLVE_SETTINGS) await client.query(s);
      const r = await client.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${ADOPTER_SQL}`, ["a@example.com", "+61400000000"]);
      const scans = walk(r.rows[0]!["QUERY PLAN"][0]!.Plan).filter((n) => n["Relation Name"] === "contact_points");
      expect(scans.length).toBe(2);
      for (const scan of scans) expect(scan["Index Cond"] ?? "", JSON.stringify(scan)).toMatch(/value/);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
