import type pg from "pg";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createIdentityPool } from "@/lib/identity/db/sql";
import { draftFromInput, upsertSourceRecords } from "@/lib/identity/db/upsert-records";
import { engineInput } from "@/lib/identity/db/match-fields";
import { runFullSync } from "@/lib/identity/db/full-sync/full-sync";
import type { SourceRecordInput } from "@/lib/identity";
import { createTestDatabase, type TestDatabase } from "./test-db";

export type IdentityTestDb = TestDatabase & { pool: pg.Pool };

/** A fresh migrated database with a node-postgres pool beside the Prisma client. */
export async function createIdentityTestDb(): Promise<IdentityTestDb> {
  const t = await createTestDatabase();
  const pool = createIdentityPool(t.url, 4);
  return {
    ...t,
    pool,
    drop: async () => {
      await pool.end();
      await t.drop();
    },
  };
}

/**
 * A suite's database: made before its tests, dropped after them, and with `truncate` the
 * identity tables emptied before each test. The object returned is filled in by then.
 */
export function useIdentityTestDb(opts: { truncate?: boolean } = {}): IdentityTestDb {
  const t = {} as IdentityTestDb;
  beforeAll(async () => {
    Object.assign(t, await createIdentityTestDb());
  });
  afterAll(async () => {
    await t.drop?.();
  });
  if (opts.truncate) {
    beforeEach(async () => {
      await t.pool.query(`TRUNCATE ${IDENTITY_TABLES} CASCADE`);
    });
  }
  return t;
}

export const IDENTITY_TABLES = "source_records, persons, contact_points, merge_rejections, possible_matches, merge_audits, identity_sync_runs, identity_crowded_values, interaction_events, contact_resolutions";

/** A draft from the engine's input shape (tests write records the way sources would). */
export const draft = draftFromInput;

/** Stores records as ingest would; returns the ids to resolve. */
export async function store(t: IdentityTestDb, records: readonly SourceRecordInput[]): Promise<string[]> {
  const client = await t.pool.connect();
  try {
    const s = await upsertSourceRecords(client, records.map((r) => ({ draft: draft(r), raw: r })));
    return s.toResolve;
  } finally {
    client.release();
  }
}

/** Record key ("source:id") → person id, for every stored record. */
export async function assignments(t: IdentityTestDb): Promise<Map<string, string | null>> {
  const r = await t.pool.query<{ key: string; person_id: string | null }>("SELECT source::text || ':' || external_id AS key, person_id FROM source_records");
  return new Map(r.rows.map((x) => [x.key, x.person_id]));
}

/** The person a record ("source:id") is on now, or null. */
export async function personOf(t: IdentityTestDb, key: string): Promise<string | null> {
  return (await assignments(t)).get(key) ?? null;
}

/** A full sync that must succeed: its result, or the reason it refused, thrown. */
export async function fullSync(t: IdentityTestDb) {
  const r = await runFullSync(t.pool);
  if (!r.ok) throw new Error(r.reason);
  return r;
}

/** Groups of record keys that share a person (records without one left out), sorted, for comparing partitions. */
export function partition(assigned: ReadonlyMap<string, string | null>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [key, person] of assigned) if (person !== null) groups.set(person, [...(groups.get(person) ?? []), key]);
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

export { engineInput };
