import { titleCase } from "../names";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { resolveIncremental, type IncrementalDecision, type IncrementalRejection } from "../incremental";
import { RejectionSet } from "../rejections";
import type { NormalisedRecord } from "../types";
import { edgeFromExplanation, rejectionEvidence } from "./audit-evidence";
import { loadCandidates, loadOwners, loadPersonFacts, MATCH_COLUMNS, type CandidateSet, type StoredRecord } from "./candidates";
import { closeStaleContacts, openContact } from "./contacts";
import { lockAssignmentsShared } from "./lock";
import { normalisedFromRow } from "./match-fields";
import { splitIfOverMerged } from "./over-merged";
import type { Sql } from "./sql";
import { storeRejections, type StoredRejection } from "./store-rejections";
import { sweepOrphans } from "./sweep";

export type ResolveOutcome =
  | { readonly recordId: string; readonly action: "missing" }
  | { readonly recordId: string; readonly action: IncrementalDecision["action"]; readonly personId: string | null; readonly reason: string | null; readonly follow: readonly string[] };

/** Persons remember this many distinct first names for the never-fuse check (a bound for huge profiles). */
const MAX_FIRST_NAMES = 32;

/**
 * Resolves one new or changed source record against the store, inside the caller's
 * transaction: the engine's incremental decision (join, new, attach, wait, drop) over its
 * candidates, cached rejections and the candidate persons' never-fuse facts, then the
 * writes: the record's person, the person's facts and blanks of its profile, its contact
 * points, the pairs rejected (MergeRejection), the join in MergeAudit with its evidence,
 * and the person it left (contact points closed, swept when emptied). A full sync later
 * recomputes consensus profiles and merges persons the record showed to be one.
 *
 * `follow` lists weak records waiting on the record's contact values: they may now attach.
 */
export async function resolveRecordTx(tx: Sql, recordId: string, config: IdentityConfig = DEFAULT_CONFIG, actor = "identity.incremental"): Promise<ResolveOutcome> {
  await lockAssignmentsShared(tx);
  const found = await tx.query<StoredRecord>(`SELECT ${MATCH_COLUMNS} FROM source_records WHERE id = $1 FOR UPDATE`, [recordId]);
  const row = found.rows[0];
  if (!row) return { recordId, action: "missing" };
  const record = normalisedFromRow(row);

  let set: CandidateSet = { candidates: [], idOfKey: new Map(), context: {} };
  if (record.status === "full") set = await loadCandidates(tx, record, recordId, config);
  else if (record.status === "weak") {
    const owners = await loadOwners(tx, record, recordId);
    set = { candidates: owners, idOfKey: new Map(), context: {} };
  }
  const personIds = [...new Set(set.candidates.map((c) => c.personKey))];
  const [personFacts, rejections] = await Promise.all([loadPersonFacts(tx, personIds), loadRejections(tx, recordId, record, set)]);
  const decision = resolveIncremental({ record, candidates: set.candidates, config, context: set.context, rejections, personFacts });

  const prior = row.person_id;
  let personId: string | null = null;
  if (decision.action === "join" || decision.action === "attach") personId = decision.personKey;
  else if (decision.action === "new") personId = await createPerson(tx, record);
  const reason = decision.action === "wait" || decision.action === "drop" ? decision.reason : null;

  await tx.query("UPDATE source_records SET person_id = $2, dropped_reason = $3 WHERE id = $1", [recordId, personId, reason]);
  if (personId !== null) {
    if (decision.action !== "new") await addToPerson(tx, personId, record);
    const seen = record.updatedAt === null ? null : new Date(record.updatedAt);
    if (record.email) await openContact(tx, personId, "email", record.email, seen, seen);
    if (record.phone) await openContact(tx, personId, "phone", record.phone, seen, seen);
  }
  if (prior !== null) {
    // the record left its person, or its values changed: what nobody carries any more closes
    await closeStaleContacts(tx, prior);
    if (prior !== personId) await sweepOrphans(tx, [prior]);
  }
  if (decision.action === "join" || decision.action === "new") await storeRejections(tx, rejectionRows(recordId, record, set, decision.rejected));
  await audit(tx, recordId, record, prior, personId, decision, set, actor);
  if (personId !== null && record.bookingId !== null) await splitIfOverMerged(tx, personId, config, actor);

  const follow = decision.action === "join" || decision.action === "new" ? await waitingWeak(tx, record) : [];
  return { recordId, action: decision.action, personId, reason, follow };
}

async function createPerson(tx: Sql, r: NormalisedRecord): Promise<string> {
  const created = await tx.query<{ id: string }>(
    `INSERT INTO persons (first_name, last_name, email, phone, origin, first_names, booking_roles)
     VALUES ($1, $2, $3, $4, 'identity', $5::text[], $6::text[]) RETURNING id`,
    [r.firstName && titleCase(r.firstName), r.lastName && titleCase(r.lastName), r.email, r.phone, r.firstName ? [r.firstName] : [], bookingRoles(r)],
  );
  return created.rows[0]!.id;
}

function bookingRoles(r: NormalisedRecord): string[] {
  return r.bookingId !== null && (r.source === "aj" || r.source === "aj_partner") ? [`${r.bookingId}:${r.source}`] : [];
}

/** The record's first name and booking role join the person's facts; its values fill the profile's blanks. */
async function addToPerson(tx: Sql, personId: string, r: NormalisedRecord): Promise<void> {
  await tx.query(
    `UPDATE persons p
        SET first_names = CASE WHEN $2::text IS NULL OR $2 = ANY(p.first_names) OR cardinality(p.first_names) >= ${MAX_FIRST_NAMES}
                               THEN p.first_names ELSE p.first_names || $2::text END,
            booking_roles = p.booking_roles || ARRAY(SELECT x FROM unnest($3::text[]) x WHERE x <> ALL(p.booking_roles)),
            first_name = COALESCE(p.first_name, $4), last_name = COALESCE(p.last_name, $5),
            email = COALESCE(p.email, $6), phone = COALESCE(p.phone, $7), updated_at = now()
      WHERE p.id = $1`,
    [personId, r.firstName, bookingRoles(r), r.firstName && titleCase(r.firstName), r.lastName && titleCase(r.lastName), r.email, r.phone],
  );
}

/** This record's cached rejections against its candidates, keyed as the engine keys them. */
async function loadRejections(tx: Sql, recordId: string, record: NormalisedRecord, set: CandidateSet): Promise<RejectionSet> {
  const rejections = new RejectionSet();
  if (set.idOfKey.size === 0) return rejections;
  const keyOfId = new Map([...set.idOfKey].map(([key, id]) => [id, key]));
  const r = await tx.query<{ record_a: string; record_b: string; evidence_a: string; evidence_b: string }>(
    "SELECT record_a, record_b, evidence_a, evidence_b FROM merge_rejections WHERE record_a = $1 OR record_b = $1",
    [recordId],
  );
  for (const row of r.rows) {
    const mineIsA = row.record_a === recordId;
    const other = keyOfId.get(mineIsA ? row.record_b : row.record_a);
    if (other === undefined) continue;
    rejections.add({ a: record.key, b: other, aVersion: mineIsA ? row.evidence_a : row.evidence_b, bVersion: mineIsA ? row.evidence_b : row.evidence_a });
  }
  return rejections;
}

function rejectionRows(recordId: string, record: NormalisedRecord, set: CandidateSet, rejected: readonly IncrementalRejection[]): StoredRejection[] {
  const versionOf = new Map(set.candidates.map((c) => [c.record.key, c.record.evidenceVersion]));
  return rejected.flatMap((r) => {
    const otherId = set.idOfKey.get(r.candidate);
    const otherVersion = versionOf.get(r.candidate);
    return otherId === undefined || otherVersion === undefined ? [] : [{ a: recordId, b: otherId, aVersion: record.evidenceVersion, bVersion: otherVersion, probability: r.probability, reason: r.reason }];
  });
}

/** Joins and attaches are merges; a record leaving its person is a detach. A record staying put writes nothing. */
async function audit(tx: Sql, recordId: string, record: NormalisedRecord, prior: string | null, personId: string | null, d: IncrementalDecision, set: CandidateSet, actor: string): Promise<void> {
  if (prior !== null && prior === personId) return;
  let action: string;
  let evidence: object;
  if (d.action === "join") {
    action = "merge";
    evidence = { edges: [edgeFromExplanation(record.key, d.candidateKey, d.evidence)], candidate: set.idOfKey.get(d.candidateKey) ?? null, alsoMatched: d.alsoMatched, rejected: d.rejected.map(rejectionEvidence) };
  } else if (d.action === "attach") {
    action = "attach";
    evidence = { rule: "weak record: the one person whose full records carry this exact value", value: record.email ?? record.phone };
  } else if (prior !== null) {
    action = "detach";
    evidence = { decision: d.action, reason: "reason" in d ? d.reason : null };
  } else return;
  await tx.query(
    `INSERT INTO merge_audits (action, person_id, other_person_id, record_ids, evidence, actor, reason)
     VALUES ($1, $2, $3, $4::text[], $5::jsonb, $6, $7)`,
    [action, personId ?? prior, personId !== null ? prior : null, [recordId], JSON.stringify(evidence), actor, d.action === "join" ? "incremental match" : d.action],
  );
}

/** Weak records waiting (no person) on one of this record's contact values. */
async function waitingWeak(tx: Sql, r: NormalisedRecord): Promise<string[]> {
  const found = await tx.query<{ id: string }>(
    `(SELECT id FROM source_records WHERE match_status = 'weak' AND person_id IS NULL AND match_email = $1 LIMIT 100)
     UNION
     (SELECT id FROM source_records WHERE match_status = 'weak' AND person_id IS NULL AND match_phone = $2 LIMIT 100)`,
    [r.email, r.phone],
  );
  return found.rows.map((x) => x.id);
}
