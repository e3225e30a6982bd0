import { describe, expect, it } from "vitest";
import { useIdentityTestDb } from "@/tests/support/identity-db";
import { inTransaction, type Sql } from "../sql";
import { withIndexesRebuilt } from "./bulk-rebuild";

/** The bulk path of a full sync's writes: indexes and keys dropped, the work done, all of it rebuilt. */
describe("withIndexesRebuilt", () => {
  const t = useIdentityTestDb();

  const shape = async (sql: Sql, table: string) => {
    const indexes = await sql.query<{ def: string }>("SELECT indexdef AS def FROM pg_indexes WHERE tablename = $1 ORDER BY indexname", [table]);
    const constraints = await sql.query<{ def: string }>(
      "SELECT contype::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY conname",
      [table],
    );
    return [...indexes.rows, ...constraints.rows].map((r) => r.def);
  };

  it.each(["source_records", "contact_points", "merge_audits"])("puts back exactly the indexes and keys of %s", async (table) => {
    const before = await shape(t.pool as unknown as Sql, table);
    expect(before.length).toBeGreaterThan(1);
    const during = await inTransaction(t.pool, (tx) => withIndexesRebuilt(tx, table, () => shape(tx, table)));
    // while the work runs: no index, no primary, unique or foreign key (check and not-null constraints stay)
    expect(during.filter((d) => /^(CREATE|p |u |f )/.test(d))).toEqual([]);
    expect(await shape(t.pool as unknown as Sql, table)).toEqual(before);
  });

  it("re-checks the keys: a duplicate written meanwhile fails the rebuild and nothing is kept", async () => {
    const person = (await t.pool.query<{ id: string }>("INSERT INTO persons (first_name, origin) VALUES ('Kay', 'identity') RETURNING id")).rows[0]!.id;
    const id = "7d3c0e1a-0000-4000-8000-000000000001";
    const insert = (tx: Sql) => tx.query("INSERT INTO contact_points (id, kind, value, person_id, valid_from, first_seen_at, last_seen_at, origin) VALUES ($1, 'email', 'kay@example.com', $2, now(), now(), now(), 'identity')", [id, person]);
    await expect(inTransaction(t.pool, (tx) => withIndexesRebuilt(tx, "contact_points", async () => {
      await insert(tx);
      await insert(tx);
    }))).rejects.toThrow(/contact_points_pkey|duplicate/);
    expect((await t.pool.query("SELECT 1 FROM contact_points WHERE id = $1", [id])).rowCount).toBe(0);
    // and a dangling person is refused by the foreign key put back
    await expect(inTransaction(t.pool, (tx) => withIndexesRebuilt(tx, "contact_points", async () => {
      await tx.query("INSERT INTO contact_points (kind, value, person_id, valid_from, first_seen_at, last_seen_at, origin) VALUES ('email', 'nobody@example.com', '7d3c0e1a-0000-4000-8000-0000000000ff', now(), now(), now(), 'identity')");
    }))).rejects.toThrow(/foreign key|violates/);
  });
});
