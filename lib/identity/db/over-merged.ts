import type { IdentityConfig } from "../config";
import { resolveIdentities } from "../resolve";
import { loadPersonRecords } from "./refresh-person";
import { moveRecords } from "./move-records";
import type { Sql } from "./sql";

/**
 * Persons that break a never-fuse rule: the AppointJet primary and partner of one booking
 * on one person. The engine never builds one, but a person can still end up so (an
 * incremental join against facts a concurrent change made stale, an ops link, a record
 * whose booking changed), so this is a safety net. `among` limits the check.
 */
export async function overMergedPersons(sql: Sql, among?: readonly string[]): Promise<string[]> {
  const r = await sql.query<{ person_id: string }>(
    `SELECT DISTINCT a.person_id
       FROM source_records a
       JOIN source_records b ON b.booking_id = a.booking_id AND b.person_id = a.person_id AND b.source = 'aj_partner'
      WHERE a.source = 'aj' AND a.booking_id IS NOT NULL AND a.person_id IS NOT NULL
        AND ($1::uuid[] IS NULL OR a.person_id = ANY($1::uuid[]))`,
    [among ?? null],
  );
  return r.rows.map((x) => x.person_id);
}

export interface SplitResult {
  readonly personId: string;
  /** Persons created for the parts that left. */
  readonly created: readonly string[];
}

/**
 * Un-merges an over-merged person by letting the engine re-cluster its records on their
 * own: the constraints put the two people of a booking apart, the part holding most of
 * the records keeps the person's id, every other part becomes a new person. The pairs the
 * engine rejected are cached (so a full sync agrees), and each split is audited with them.
 */
export async function splitByEngine(tx: Sql, personId: string, config: IdentityConfig, actor: string, reason: string): Promise<SplitResult> {
  const records = await loadPersonRecords(tx, personId);
  const result = resolveIdentities(
    records.map((r) => r.input),
    { config, previous: new Map(records.map((r) => [`${r.input.source}:${r.input.id}`, personId])) },
  );
  const groups = new Map<string, number[]>();
  result.personOf.forEach((key, i) => {
    const group = key ?? "";
    groups.set(group, [...(groups.get(group) ?? []), i]);
  });
  const idOfKey = new Map(records.map((r) => [`${r.input.source}:${r.input.id}`, r.id]));
  const versionOf = new Map(records.map((r) => [`${r.input.source}:${r.input.id}`, r.evidence_version]));
  const rejected = result.rejected.flatMap((p) => {
    const a = idOfKey.get(p.a);
    const b = idOfKey.get(p.b);
    return a && b ? [{ a, b, aVersion: versionOf.get(p.a)!, bVersion: versionOf.get(p.b)!, probability: p.probability, reason: p.reason, keys: [p.a, p.b] }] : [];
  });
  const created: string[] = [];
  for (const [key, members] of groups) {
    if (key === personId) continue;
    const ids = members.map((i) => records[i]!.id);
    if (key === "") {
      // weak records no part claims any more: they wait, with the reason
      for (const i of members) await tx.query("UPDATE source_records SET person_id = NULL, dropped_reason = $2 WHERE id = $1", [records[i]!.id, result.reasonOf[i]]);
      continue;
    }
    const moved = await moveRecords(tx, {
      from: personId,
      recordIds: ids,
      rejections: rejected,
      config,
      actor,
      reason,
      evidence: { rule: reason, rejected: rejected.slice(0, 50).map((r) => ({ a: r.keys[0], b: r.keys[1], probability: r.probability, reason: r.reason })) },
    });
    created.push(moved.personId);
  }
  return { personId, created };
}

/** The automatic un-merge, for one person just written. */
export async function splitIfOverMerged(tx: Sql, personId: string, config: IdentityConfig, actor: string): Promise<SplitResult | null> {
  const broken = await overMergedPersons(tx, [personId]);
  return broken.length === 0 ? null : splitByEngine(tx, personId, config, actor, "never_fuse:booking");
}
