import { describe, expect, it } from "vitest";
import type { SourceRecordInput } from "@/lib/identity";
import { store, useIdentityTestDb } from "@/tests/support/identity-db";
import { DEFAULT_CONFIG } from "../config";
import { loadCandidates, MATCH_COLUMNS, type StoredRecord } from "./candidates";
import { runFullSync } from "./full-sync/full-sync";
import { normalisedFromRow } from "./match-fields";
import { withClient } from "./sql";

/** Counts of crowded values (identity_crowded_values) between full syncs, and how a resolve uses them. */
describe("crowded contact values", () => {
  const t = useIdentityTestDb({ truncate: true });

  const INBOX = "orders@internal.example.com";
  const LINE = "+61299990000";
  const internal = (k: number, first = "Ring", last = "Prep"): SourceRecordInput => ({ source: "order", id: `int${k}`, first_name: first, last_name: last, email: INBOX, phone: "02 9999 0000" });
  const counts = async () => {
    const r = await t.pool.query<{ kind: string; records: number }>("SELECT kind, records FROM identity_crowded_values ORDER BY kind");
    return Object.fromEntries(r.rows.map((x) => [x.kind, x.records]));
  };
  const actual = async () => {
    const r = await t.pool.query<{ email: number; phone: number }>(
      "SELECT count(*) FILTER (WHERE match_email = $1)::int AS email, count(*) FILTER (WHERE match_phone = $2)::int AS phone FROM source_records WHERE match_status = 'full'",
      [INBOX, LINE],
    );
    return r.rows[0]!;
  };

  it("follows every write of a record carrying a crowded value, without counting the value again", async () => {
    await store(t, Array.from({ length: 100 }, (_, k) => internal(k)));
    await runFullSync(t.pool);
    expect(await counts()).toEqual({ email: 100, phone: 100 });

    // a new record carrying both values
    await store(t, [internal(100, "Alice", "Smith")]);
    expect(await counts()).toEqual({ email: 101, phone: 101 });
    // the same record again, unchanged: nothing moves
    await store(t, [internal(100, "Alice", "Smith")]);
    expect(await counts()).toEqual({ email: 101, phone: 101 });
    // a record moves its email elsewhere and keeps the line
    await store(t, [{ ...internal(1), email: "ring.prep@example.com" }]);
    expect(await counts()).toEqual({ email: 100, phone: 101 });
    // a record loses its phone and its name: a bare email is weak, and weak records are not counted
    await store(t, [{ source: "order", id: "int2", email: INBOX }]);
    expect(await counts()).toEqual({ email: 99, phone: 100 });
    // two writes of the same batch: the latest wins, counted once
    await store(t, [
      { ...internal(3), phone: "0412 000 111", updated_at: "2026-01-01T00:00:00Z" },
      { ...internal(3), phone: "0412 000 222", updated_at: "2026-01-02T00:00:00Z" },
    ]);
    expect(await counts()).toEqual({ email: 99, phone: 99 });
    expect(await counts()).toEqual(await actual());
  });

  it("reads only the same-name sub-block of a value counted as crowded, and probes a value whose count fell", async () => {
    await store(t, [...Array.from({ length: 3 }, (_, k) => internal(k)), internal(3, "Alice", "Smith")]);
    await runFullSync(t.pool);
    const [id] = await store(t, [internal(10)]);
    const candidatesOf = async () =>
      withClient(t.pool, async (sql) => {
        const row = (await sql.query<StoredRecord>(`SELECT ${MATCH_COLUMNS} FROM source_records WHERE id = $1`, [id])).rows[0]!;
        const set = await loadCandidates(sql, normalisedFromRow(row), id!, DEFAULT_CONFIG);
        return { names: set.candidates.map((c) => c.record.firstName).sort(), weight: set.context.emailCount?.(INBOX) };
      });

    // four records: not crowded, every record sharing a value is a candidate
    expect(await candidatesOf()).toEqual({ names: ["alice", "ring", "ring", "ring"], weight: 5 });
    // the stored count says the value is crowded: only the same name, weighed by that count
    await t.pool.query("INSERT INTO identity_crowded_values (kind, value, records) VALUES ('email', $1, 5000), ('phone', $2, 5000)", [INBOX, LINE]);
    expect(await candidatesOf()).toEqual({ names: ["ring", "ring", "ring"], weight: 5000 });
    // its count fell below the bound: probed again
    await t.pool.query("UPDATE identity_crowded_values SET records = 10");
    expect(await candidatesOf()).toEqual({ names: ["alice", "ring", "ring", "ring"], weight: 5 });
  });
});
