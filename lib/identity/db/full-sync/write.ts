import { FULL } from "../../normalise";
import type { BatchResolution } from "../../resolve";
import { arrayLiteral, chunked, copyIn, copyLine } from "../pg-copy";
import type { Sql } from "../sql";
import { withIndexesRebuilt } from "./bulk-rebuild";
import type { LoadedRecords } from "./load";
import type { SyncPlan } from "./plan";

/**
 * The write half of a full sync, in the caller's transaction: everything goes through
 * COPY into temporary tables, then set-based statements reconcile the real ones, so the
 * cost is a few passes over each table whatever the number of persons.
 */
export type Step = (name: string, counts?: Record<string, number>) => Promise<void>;

/** Rows written from which a table's indexes are rebuilt rather than maintained row by row (when they are also a quarter of its rows). */
export const BULK_ABOVE = 50_000;

/** The planner's row estimate of a table (kept by autovacuum and ANALYZE): enough to tell a bulk write from a trickle. */
async function tableRows(tx: Sql, table: string): Promise<number> {
  const r = await tx.query<{ n: number }>("SELECT GREATEST(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = $1::regclass", [table]);
  return r.rows[0]?.n ?? 0;
}

const iso = (ms: number) => (Number.isNaN(ms) ? null : new Date(ms).toISOString());

export async function writePersons(tx: Sql, plan: SyncPlan): Promise<{ created: number; updated: number }> {
  await tx.query(`CREATE TEMP TABLE sync_persons (id uuid, is_new boolean, first_name text, last_name text, email text, phone text,
                    first_names text[], booking_roles text[]) ON COMMIT DROP`);
  await copyIn(
    tx,
    "sync_persons",
    chunked(
      (function* () {
        for (const p of plan.persons) yield copyLine([p.id, p.isNew ? "t" : "f", p.firstName, p.lastName, p.email, p.phone, arrayLiteral(p.firstNames), arrayLiteral(p.bookingRoles)]);
      })(),
    ),
  );
  await tx.query("ANALYZE sync_persons");
  // rows in index order: the name index then fills page by page instead of at random (see bulk-rebuild.ts)
  const created = await tx.query(
    `INSERT INTO persons (id, first_name, last_name, email, phone, first_names, booking_roles, origin)
     SELECT id, first_name, last_name, email, phone, first_names, booking_roles, 'identity' FROM sync_persons WHERE is_new
      ORDER BY last_name, first_name`,
  );
  const updated = await tx.query(
    `UPDATE persons p
        SET first_name = s.first_name, last_name = s.last_name, email = s.email, phone = s.phone,
            first_names = s.first_names, booking_roles = s.booking_roles, updated_at = now()
       FROM sync_persons s
      WHERE p.id = s.id AND NOT s.is_new
        AND (p.first_name, p.last_name, p.email, p.phone, p.first_names, p.booking_roles)
            IS DISTINCT FROM (s.first_name, s.last_name, s.email, s.phone, s.first_names, s.booking_roles)`,
  );
  return { created: created.rowCount ?? 0, updated: updated.rowCount ?? 0 };
}

export async function writeAssignments(tx: Sql, plan: SyncPlan, loaded: LoadedRecords, bulkAbove = BULK_ABOVE): Promise<number> {
  if (plan.changed.length === 0) return 0;
  await tx.query("CREATE TEMP TABLE sync_assign (id uuid, person_id uuid, reason text) ON COMMIT DROP");
  await copyIn(
    tx,
    "sync_assign",
    chunked(
      (function* () {
        for (const i of plan.changed) yield copyLine([loaded.rowIds[i]!, plan.assignedPerson(i), plan.assignedReason(i)]);
      })(),
    ),
  );
  await tx.query("ANALYZE sync_assign");
  const update = async () => (await tx.query("UPDATE source_records s SET person_id = a.person_id, dropped_reason = a.reason FROM sync_assign a WHERE s.id = a.id")).rowCount ?? 0;
  // most records moving (a first sync, a changed rule): rebuilding the indexes is cheaper
  return plan.changed.length >= bulkAbove && plan.changed.length * 4 >= loaded.rowIds.length ? withIndexesRebuilt(tx, "source_records", update) : update();
}

/**
 * ContactPoints as history (see ../contacts.ts for the rules): each profile's emails and
 * phones with first/last seen are the desired open rows; open identity rows no profile
 * wants are closed, wanted ones missing are opened, the rest get their first/last seen.
 */
export async function writeContacts(tx: Sql, res: BatchResolution, plan: SyncPlan): Promise<{ opened: number; closed: number; touched: number }> {
  await tx.query(`CREATE TEMP TABLE sync_contacts (person_id uuid, kind "ContactKind", value text, first_seen timestamptz, last_seen timestamptz) ON COMMIT DROP`);
  const t = res.profiles;
  const { emails, phones } = res.batch;
  await copyIn(
    tx,
    "sync_contacts",
    chunked(
      (function* () {
        for (let c = 0; c < t.count; c++) {
          const person = plan.personIdOf[c]!;
          for (let k = t.contactOffsets[c]!; k < t.contactOffsets[c + 1]!; k++) {
            const email = t.contactKind[k] === 0;
            const value = (email ? emails : phones).values[t.contactValue[k]!]!;
            yield copyLine([person, email ? "email" : "phone", value, iso(t.contactFirstSeen[k]!), iso(t.contactLastSeen[k]!)]);
          }
        }
      })(),
    ),
  );
  await tx.query("CREATE INDEX ON sync_contacts (person_id, kind, value)");
  await tx.query("ANALYZE sync_contacts");
  const closed = await tx.query(
    `UPDATE contact_points c SET valid_to = GREATEST(now(), c.valid_from)
      WHERE c.origin = 'identity' AND c.valid_to IS NULL AND c.person_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sync_contacts d WHERE d.person_id = c.person_id AND d.kind = c.kind AND d.value = c.value)`,
  );
  const touched = await tx.query(
    `UPDATE contact_points c
        SET first_seen_at = COALESCE(d.first_seen, c.first_seen_at), last_seen_at = GREATEST(c.last_seen_at, COALESCE(d.last_seen, c.last_seen_at))
       FROM sync_contacts d
      WHERE c.origin = 'identity' AND c.valid_to IS NULL AND d.person_id = c.person_id AND d.kind = c.kind AND d.value = c.value
        AND (c.first_seen_at, c.last_seen_at) IS DISTINCT FROM (COALESCE(d.first_seen, c.first_seen_at), GREATEST(c.last_seen_at, COALESCE(d.last_seen, c.last_seen_at)))`,
  );
  // a value another person held until recently opens when that hold ended, not before
  await tx.query(
    `CREATE TEMP TABLE sync_open ON COMMIT DROP AS
     WITH ended AS (
       SELECT kind, value, max(valid_to) AS until FROM contact_points WHERE valid_to IS NOT NULL GROUP BY kind, value
     )
     SELECT d.kind, d.value, d.person_id,
            LEAST(now(), GREATEST(COALESCE(d.first_seen, now()), COALESCE(e.until, '-infinity'))) AS valid_from,
            COALESCE(d.first_seen, now()) AS first_seen, COALESCE(d.last_seen, d.first_seen, now()) AS last_seen
       FROM sync_contacts d
       LEFT JOIN ended e ON e.kind = d.kind AND e.value = d.value
      WHERE NOT EXISTS (SELECT 1 FROM contact_points c
                         WHERE c.origin = 'identity' AND c.valid_to IS NULL AND c.person_id = d.person_id AND c.kind = d.kind AND c.value = d.value)`,
  );
  // In (kind, value) order, so the two value indexes fill page by page. Never with the
  // indexes rebuilt (bulk-rebuild.ts): that locks the table exclusively until commit, and
  // the call router and the interaction processor read contact_points all the time; plain
  // inserts take only row locks, so readers keep seeing the previous history until commit.
  const opened =
    (
      await tx.query(`INSERT INTO contact_points (kind, value, person_id, valid_from, first_seen_at, last_seen_at, origin)
                      SELECT kind, value, person_id, valid_from, first_seen, last_seen, 'identity' FROM sync_open ORDER BY kind, value`)
    ).rowCount ?? 0;
  return { opened, closed: closed.rowCount ?? 0, touched: touched.rowCount ?? 0 };
}

/**
 * Pairs the engine scored and rejected are cached with both evidence versions; cached
 * ones it skipped stay. A cached one whose records' evidence has changed since was looked
 * at again this run (and re-cached if rejected again), so the old row goes.
 */
export async function writeRejections(tx: Sql, res: BatchResolution, loaded: LoadedRecords): Promise<{ cached: number; dropped: number }> {
  await tx.query("CREATE TEMP TABLE sync_rejections (record_a uuid, record_b uuid, evidence_a text, evidence_b text, probability float8, reason text) ON COMMIT DROP");
  const rowOf = new Map<string, string>();
  if (res.rejected.length > 0) for (let i = 0; i < res.batch.size; i++) rowOf.set(res.batch.keyOf(i), loaded.rowIds[i]!);
  await copyIn(
    tx,
    "sync_rejections",
    chunked(
      (function* () {
        for (const r of res.rejected) {
          const a = rowOf.get(r.a)!;
          const b = rowOf.get(r.b)!;
          yield a < b ? copyLine([a, b, r.aVersion, r.bVersion, r.probability, r.reason]) : copyLine([b, a, r.bVersion, r.aVersion, r.probability, r.reason]);
        }
      })(),
    ),
  );
  const cached = await tx.query(
    `INSERT INTO merge_rejections (record_a, record_b, evidence_a, evidence_b, probability, reason)
     SELECT DISTINCT ON (record_a, record_b) record_a, record_b, evidence_a, evidence_b, probability, reason FROM sync_rejections
     ON CONFLICT (record_a, record_b) DO UPDATE
        SET evidence_a = EXCLUDED.evidence_a, evidence_b = EXCLUDED.evidence_b, probability = EXCLUDED.probability,
            reason = EXCLUDED.reason, created_at = now()`,
  );
  const dropped = await tx.query(
    `DELETE FROM merge_rejections r
      USING source_records a, source_records b
      WHERE a.id = r.record_a AND b.id = r.record_b AND (a.evidence_version <> r.evidence_a OR b.evidence_version <> r.evidence_b)`,
  );
  return { cached: cached.rowCount ?? 0, dropped: dropped.rowCount ?? 0 };
}

export async function writeAudits(tx: Sql, plan: SyncPlan, actor: string, bulkAbove = BULK_ABOVE): Promise<number> {
  if (plan.audits.length === 0) return 0;
  const copy = () =>
    copyIn(
      tx,
      "merge_audits (action, person_id, other_person_id, record_ids, evidence, actor, reason)",
      chunked(
        (function* () {
          for (const a of plan.audits) yield copyLine([a.action, a.personId, a.otherPersonId, arrayLiteral(a.recordIds), JSON.stringify(a.evidence), actor, a.reason]);
        })(),
      ),
    );
  // a first sync audits a quarter of a million merges: the two uuid indexes are rebuilt rather than filled at random
  const bulk = plan.audits.length >= bulkAbove && plan.audits.length * 4 >= (await tableRows(tx, "merge_audits"));
  return bulk ? withIndexesRebuilt(tx, "merge_audits", copy) : copy();
}

/** Crowded values (identity_crowded_values) as this run counted them: full records per email / phone. */
export async function writeCrowded(tx: Sql, res: BatchResolution, above: number): Promise<number> {
  const { batch } = res;
  const lines: string[] = [];
  for (const [kind, ids, table] of [["email", batch.email, batch.emails], ["phone", batch.phone, batch.phones]] as const) {
    const counts = new Int32Array(table.size);
    for (let i = 0; i < batch.size; i++) if (batch.status[i] === FULL && ids[i]! >= 0) counts[ids[i]!]!++;
    counts.forEach((n, v) => {
      if (n > above) lines.push(copyLine([kind, table.values[v]!, n]));
    });
  }
  await tx.query("DELETE FROM identity_crowded_values");
  return copyIn(tx, "identity_crowded_values (kind, value, records)", lines);
}
