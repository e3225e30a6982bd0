import { createHash, randomUUID } from "node:crypto";
import { titleCase } from "../names";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { explain, type Explanation } from "../explain";
import { resolveIncremental, type IncrementalDecision, type IncrementalRejection } from "../incremental";
import { RejectionSet } from "../rejections";
import type { NormalisedRecord } from "../types";
import { adoptingPerson } from "./adopt";
import { AMBIGUOUS_REASON } from "../resolve";
import { edgeFromExplanation, rejectionEvidence, type EdgeEvidence } from "./audit-evidence";
import { bridgePersons } from "./bridge-persons";
import { candidateSet, candidatesSql, loadCandidates, loadOwners, MATCH_COLUMNS, noCandidates, type CandidateRow, type CandidateSet, type StoredRecord } from "./candidates";
import { closeStaleSql, openContactsCtes, type SeenContact } from "./contacts";
import { lockAssignmentsShared, lockAssignmentsSharedThen } from "./lock";
import { normalisedFromRow } from "./match-fields";
import { splitIfOverMerged } from "./over-merged";
import { prepared, type Sql } from "./sql";
import { storeRejectionsSql, type StoredRejection } from "./store-rejections";
import { sweepOneSql } from "./sweep";

export type ResolveOutcome =
  | { readonly recordId: string; readonly action: "missing" }
  | { readonly recordId: string; readonly action: IncrementalDecision["action"]; readonly personId: string | null; readonly reason: string | null; readonly follow: readonly string[] };

/** Persons remember this many distinct first names for the never-fuse check (a bound for huge profiles). */
const MAX_FIRST_NAMES = 32;

/**
 * Resolves one new or changed source record against the store, in a transaction of its
 * own on `client` (opened by its first statement, committed at the end, rolled back when
 * anything throws): the engine's incremental decision (join, new, attach, wait, drop) over its
 * candidates, cached rejections and the candidate persons' never-fuse facts, then the
 * writes: the record's person, the person's facts and blanks of its profile, its contact
 * points, the pairs rejected (MergeRejection), the join in MergeAudit with its evidence,
 * and the person it left (contact points closed, swept when emptied). A full sync later
 * recomputes consensus profiles and merges persons the record showed to be one.
 *
 * A few round trips: the transaction's start with the lock and the record, the candidates
 * with their persons' facts and cached rejections, the writes (one statement), the commit,
 * and only when needed the person the record left and the never-fuse check of a booking
 * record. The big statements are prepared once per connection (planning them cost more
 * than running them).
 *
 * `follow` lists weak records waiting on the record's contact values: they may now attach.
 */
export async function resolveRecord(client: Sql, recordId: string, config: IdentityConfig = DEFAULT_CONFIG, actor = "identity.incremental"): Promise<ResolveOutcome> {
  try {
    const outcome = await resolveInTransaction(client, recordId, config, actor);
    await client.query("COMMIT");
    return outcome;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

async function resolveInTransaction(tx: Sql, recordId: string, config: IdentityConfig, actor: string): Promise<ResolveOutcome> {
  const first = await beginLockAndRead(tx, recordId, config);
  if (!first.row) return { recordId, action: "missing" };
  const row = first.row;
  const record = normalisedFromRow(row);

  let set: CandidateSet = noCandidates();
  if (record.status === "full") set = first.candidates ? await candidateSet(tx, record, first.candidates, config) : await loadCandidates(tx, record, recordId, config);
  else if (record.status === "weak") set = noCandidates(await loadOwners(tx, record, recordId));
  const rejections = rejectionSet(recordId, record, set);
  const engine = resolveIncremental({ record, candidates: set.candidates, config, context: set.context, rejections, personFacts: set.personFacts });
  const engineDecision = record.status === "full" ? await keepMustLink(tx, recordId, record, engine, config) : engine;
  // A person made by ops or the seed who holds the record's contact takes it (adopt.ts).
  const adopter = await adoptingPerson(tx, record, engineDecision);
  const decision: IncrementalDecision = adopter ? { action: "attach", personKey: adopter } : engineDecision;

  const prior = row.person_id;
  let personId: string | null = null;
  if (decision.action === "join" || decision.action === "attach") personId = decision.personKey;
  else if (decision.action === "new") personId = randomUUID();
  const reason = decision.action === "wait" || decision.action === "drop" ? decision.reason : null;

  let follow = await write(tx, { recordId, record, row, personId, reason, decision, set, actor, adopted: adopter !== null, reviewThreshold: config.reviewThreshold });
  if (prior !== null) await leave(tx, prior, prior !== personId);
  if (decision.action === "join" && decision.alsoMatched.length > 0 && personId !== null) {
    await bridgePersons(tx, { into: personId, others: decision.alsoMatched, facts: set.personFacts, bridge: recordId, config, actor });
  }
  // a split may leave weak records waiting again: look for them after it
  if (personId !== null && record.bookingId !== null && (await splitIfOverMerged(tx, personId, config, actor)) !== null && follow !== null) follow = await waitingWeak(tx, record);
  return { recordId, action: decision.action, personId, reason, follow: follow ?? [] };
}

/**
 * A pair ops confirmed (possible_matches 'confirmed') is a must-link: the record joins the
 * person of the record it was confirmed with, whatever the engine decided, as the full
 * sync does. One indexed read (either side of the pair).
 */
async function keepMustLink(tx: Sql, recordId: string, record: NormalisedRecord, decision: IncrementalDecision, config: IdentityConfig): Promise<IncrementalDecision> {
  const linked = (
    await tx.query<StoredRecord>(
      prepared(
        `SELECT ${MATCH_COLUMNS} FROM source_records
          WHERE person_id IS NOT NULL AND id <> $1 AND id IN (SELECT record_b FROM possible_matches WHERE record_a = $1 AND status = 'confirmed'
                                                                UNION ALL SELECT record_a FROM possible_matches WHERE record_b = $1 AND status = 'confirmed')
          ORDER BY id LIMIT 1`,
        [recordId],
      ),
    )
  ).rows[0];
  if (!linked || linked.person_id === null) return decision;
  if (decision.action === "join" && decision.personKey === linked.person_id) return decision;
  const other = normalisedFromRow(linked);
  return {
    action: "join",
    personKey: linked.person_id,
    evidence: explain(record, other, config),
    candidateKey: other.key,
    alsoMatched: decision.action === "join" ? [decision.personKey] : [],
    rejected: decision.action === "join" || decision.action === "new" ? decision.rejected : [],
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type LockedRow = StoredRecord & { readonly dropped_reason: string | null };

/**
 * Every statement of a resolve is a few LIMITed index lookups or writes by key. The
 * planner prices a LIMIT over a crowded value (an internal account's inbox on 5% of the
 * records, its name sub-block of thousands) as if the matching rows were spread evenly,
 * and picks a sequential scan it expects to stop early, or a bitmap of the whole
 * sub-block; either costs tens of milliseconds at a million records when the rows are not
 * where it hoped. So the resolve's transaction plans by index only (a statement with no
 * index to use still runs, as a scan). Before Postgres 18 a plan with a disabled node
 * looks enormously costly, which would trigger JIT compilation (a second per statement):
 * no JIT either, it never pays off on statements of a millisecond. For the same reason such a
 * plan looked worth parallel workers, and starting two cost 6 ms for 0.05 ms of work (the
 * must-link lookup at a million records, EXPLAIN ANALYZE): no parallel workers.
 */
export const RESOLVE_SETTINGS = ["SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off", "SET LOCAL jit = off", "SET LOCAL max_parallel_workers_per_gather = 0"];

/** The candidates statement, prepared (SQL PREPARE) on each connection that has run it. */
const candidatesPreparedOn = new WeakMap<Sql, Set<string>>();

const candidatesStatements = new Map<number, { name: string; sql: string }>();

/** The candidates statement and its name (a hash of its text), made once per bound. */
function candidatesStatement(max: number): { name: string; sql: string } {
  let statement = candidatesStatements.get(max);
  if (statement === undefined) {
    const sql = candidatesSql(max);
    statement = { name: `sb_candidates_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`, sql };
    candidatesStatements.set(max, statement);
  }
  return statement;
}

/**
 * One round trip: BEGIN, the assignments lock (shared), the planner settings, the record's
 * row (locked) and its candidates (the statement reads the record's values from that row;
 * nothing for a record that is not full), prepared once per connection. `candidates` is
 * null when they were not read (the id is not a uuid).
 */
async function beginLockAndRead(tx: Sql, recordId: string, config: IdentityConfig): Promise<{ row: LockedRow | undefined; candidates: CandidateRow[] | null }> {
  const select = (id: string) => `SELECT ${MATCH_COLUMNS}, dropped_reason FROM source_records WHERE id = ${id} FOR UPDATE`;
  if (!UUID.test(recordId)) {
    // not a uuid (nothing to inline safely): more round trips, and the read fails as it always has
    await tx.query("BEGIN");
    await lockAssignmentsShared(tx);
    return { row: (await tx.query<LockedRow>(select("$1"), [recordId])).rows[0], candidates: null };
  }
  const statement = candidatesStatement(config.blocking.maxPairwiseBucket);
  let known = candidatesPreparedOn.get(tx);
  if (known === undefined) candidatesPreparedOn.set(tx, (known = new Set()));
  const prepare = known.has(statement.name) ? [] : [`PREPARE ${statement.name}(uuid) AS ${statement.sql}`];
  // marked before it runs: a prepared statement outlives the transaction, even one that fails
  known.add(statement.name);
  try {
    const results = await lockAssignmentsSharedThen(tx, [...RESOLVE_SETTINGS, ...prepare, select(`'${recordId}'::uuid`), `EXECUTE ${statement.name}('${recordId}'::uuid)`], { begin: true });
    return { row: results[results.length - 2]!.rows[0] as LockedRow | undefined, candidates: results[results.length - 1]!.rows as CandidateRow[] };
  } catch (e) {
    // the PREPARE itself did not happen (a connection lost mid-way): prepare again next time
    if ((e as { code?: string }).code === "26000") known.delete(statement.name);
    throw e;
  }
}

interface Write {
  readonly recordId: string;
  readonly record: NormalisedRecord;
  readonly row: LockedRow;
  readonly personId: string | null;
  readonly reason: string | null;
  readonly decision: IncrementalDecision;
  readonly set: CandidateSet;
  readonly actor: string;
  /** The record went to a person made by ops or the seed who holds its contact (adopt.ts). */
  readonly adopted?: boolean;
  readonly reviewThreshold: number;
}

/**
 * Everything the decision writes, in one statement: the record's person (skipped when it
 * stays as it was), the person made, or its facts and profile blanks, its contact points,
 * the rejected pairs and the audit (each only when there is one); and, for a join or a new
 * person, the weak records waiting on the record's values (returned; null when not looked
 * for). No part reads what another part writes: the record is full (never one of the
 * waiting), and the contact points opened are the new person's only.
 */
async function write(tx: Sql, w: Write): Promise<string[] | null> {
  const { record: r, personId, decision: d } = w;
  const params: unknown[] = [w.recordId, personId];
  const param = (v: unknown) => `$${params.push(v)}`;
  // $1 and $2 keep their types even in a statement that does not use them
  const ctes: string[] = ["ids AS (SELECT $1::uuid AS record_id, $2::uuid AS person_id)"];
  if (w.row.person_id !== personId || w.row.dropped_reason !== w.reason) {
    ctes.push(`rec AS (UPDATE source_records SET person_id = $2, dropped_reason = ${param(w.reason)} WHERE id = $1)`);
  }
  if (personId !== null) {
    if (d.action === "new") {
      ctes.push(`per AS (INSERT INTO persons (id, first_name, last_name, email, phone, origin, first_names, booking_roles)
        VALUES ($2, ${param(r.firstName && titleCase(r.firstName))}, ${param(r.lastName && titleCase(r.lastName))}, ${param(r.email)}, ${param(r.phone)},
                'identity', ${param(r.firstName ? [r.firstName] : [])}::text[], ${param(bookingRoles(r))}::text[]))`);
    } else ctes.push(`per AS (${addToPersonSql(param, r)})`);
    const seen = r.updatedAt === null ? null : new Date(r.updatedAt);
    const contacts: SeenContact[] = [];
    if (r.email) contacts.push({ kind: "email", value: r.email, firstSeen: seen, lastSeen: seen });
    if (r.phone) contacts.push({ kind: "phone", value: r.phone, firstSeen: seen, lastSeen: seen });
    if (contacts.length > 0) ctes.push(openContactsCtes(param, "$2::uuid", contacts));
  }
  if (d.action === "join" || d.action === "new") {
    const rows = rejectionRows(w.recordId, r, w.set, d.rejected);
    if (rows.length > 0) ctes.push(`rej AS (${storeRejectionsSql(param, rows)})`);
  }
  const possible = possibleRows(w);
  if (possible.length > 0) ctes.push(`pos AS (${possibleMatchesSql(param, possible, r.evidenceVersion)})`);
  const audit = auditRow(w);
  if (audit) {
    ctes.push(`aud AS (INSERT INTO merge_audits (action, person_id, other_person_id, record_ids, evidence, actor, reason)
      VALUES (${param(audit.action)}, ${param(audit.personId)}::uuid, ${param(audit.otherPersonId)}::uuid, ARRAY[$1::text], ${param(JSON.stringify(audit.evidence))}::jsonb,
              ${param(w.actor)}, ${param(audit.reason)}))`);
  }
  const follow = d.action === "join" || d.action === "new" || w.adopted === true;
  if (ctes.length === 1 && !follow) return null;
  // a record that had no person, or stays on its person, takes none of its values away
  // from anyone: a weak record waiting on them as ambiguous (two owners or more) stays so,
  // only one with no owner may attach
  const stays = w.row.person_id === null || w.row.person_id === personId;
  const tail = follow ? waitingWeakSql(param(r.email), param(r.phone), stays) : "SELECT record_id AS id FROM ids WHERE false";
  const found = await tx.query<{ id: string }>(prepared(`WITH ${ctes.join(",\n")}\n${tail}`, params));
  return follow ? found.rows.map((x) => x.id) : null;
}

const CLOSE_STALE = closeStaleSql("$1");
const CLOSE_STALE_AND_SWEEP = `WITH closed AS (${closeStaleSql("$1")})\n${sweepOneSql("$1")}`;

/** The record left its person, or its values changed: what nobody carries any more closes; an emptied person is swept. */
async function leave(tx: Sql, prior: string, left: boolean): Promise<void> {
  if (!left) await tx.query(prepared(CLOSE_STALE, [prior]));
  else await tx.query(prepared(CLOSE_STALE_AND_SWEEP, [prior]));
}

function bookingRoles(r: NormalisedRecord): string[] {
  return r.bookingId !== null && (r.source === "aj" || r.source === "aj_partner") ? [`${r.bookingId}:${r.source}`] : [];
}

/** The record's first name and booking role join the person's ($2) facts; its values fill the profile's blanks. */
function addToPersonSql(param: (value: unknown) => string, r: NormalisedRecord): string {
  const first = param(r.firstName);
  return `UPDATE persons p
        SET first_names = CASE WHEN ${first}::text IS NULL OR ${first}::text = ANY(p.first_names) OR cardinality(p.first_names) >= ${MAX_FIRST_NAMES}
                               THEN p.first_names ELSE p.first_names || ${first}::text END,
            booking_roles = p.booking_roles || ARRAY(SELECT x FROM unnest(${param(bookingRoles(r))}::text[]) x WHERE x <> ALL(p.booking_roles)),
            first_name = COALESCE(p.first_name, ${param(r.firstName && titleCase(r.firstName))}::text),
            last_name = COALESCE(p.last_name, ${param(r.lastName && titleCase(r.lastName))}::text),
            email = COALESCE(p.email, ${param(r.email)}::text), phone = COALESCE(p.phone, ${param(r.phone)}::text), updated_at = now()
      WHERE p.id = $2`;
}

/** This record's cached rejections against its candidates, keyed as the engine keys them. */
function rejectionSet(recordId: string, record: NormalisedRecord, set: CandidateSet): RejectionSet {
  const rejections = new RejectionSet();
  if (set.rejections.length === 0) return rejections;
  const keyOfId = new Map([...set.idOfKey].map(([key, id]) => [id, key]));
  for (const row of set.rejections) {
    const mineIsA = row.recordA === recordId;
    const other = keyOfId.get(mineIsA ? row.recordB : row.recordA);
    if (other === undefined) continue;
    rejections.add({ a: record.key, b: other, aVersion: mineIsA ? row.evidenceA : row.evidenceB, bVersion: mineIsA ? row.evidenceB : row.evidenceA });
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

interface PossibleRow {
  readonly kind: "score" | "ambiguous";
  readonly other: string;
  readonly otherVersion: string;
  readonly evidence: EdgeEvidence;
  readonly reason: string | null;
}

/**
 * Possible matches of this resolve: pairs scored between the review and merge thresholds
 * against another person's record, and an ambiguous record against each person it matched.
 */
function possibleRows({ record, personId, decision: d, set, reviewThreshold }: Write): PossibleRow[] {
  const versionOf = new Map(set.candidates.map((c) => [c.record.key, c.record.evidenceVersion]));
  const out: PossibleRow[] = [];
  const add = (kind: PossibleRow["kind"], candidate: string, e: Explanation, reason: string | null) => {
    const other = set.idOfKey.get(candidate);
    const otherVersion = versionOf.get(candidate);
    if (other !== undefined && otherVersion !== undefined) out.push({ kind, other, otherVersion, evidence: edgeFromExplanation(record.key, candidate, e), reason });
  };
  if (d.action === "wait" && d.matched) for (const m of d.matched) add("ambiguous", m.candidate, m.evidence, AMBIGUOUS_REASON);
  if (d.action === "join" || d.action === "new") {
    for (const r of d.rejected) {
      if (r.reason === "below_threshold" && r.evidence && r.probability > reviewThreshold && r.personKey !== personId) add("score", r.candidate, r.evidence, null);
    }
  }
  return out;
}

/** Upserts possible matches of record $1 (a decided row stays decided unless the evidence changed). */
function possibleMatchesSql(param: (value: unknown) => string, rows: readonly PossibleRow[], version: string): string {
  const cols: unknown[][] = [[], [], [], [], [], []];
  for (const r of rows) [r.kind, r.other, r.otherVersion, r.evidence.probability, JSON.stringify(r.evidence), r.reason].forEach((v, k) => cols[k]!.push(v));
  const [kind, other, otherVersion, probability, evidence, reason] = cols.map(param);
  const mine = param(version);
  return `INSERT INTO possible_matches AS m (kind, record_a, record_b, evidence_a, evidence_b, probability, evidence, reason)
     SELECT DISTINCT ON (a, b) u.kind, a, b, CASE WHEN a = $1::uuid THEN ${mine}::text ELSE u.v END, CASE WHEN a = $1::uuid THEN u.v ELSE ${mine}::text END, u.p, u.e, u.r
       FROM unnest(${kind}::text[], ${other}::uuid[], ${otherVersion}::text[], ${probability}::float8[], ${evidence}::jsonb[], ${reason}::text[]) AS u(kind, o, v, p, e, r)
       CROSS JOIN LATERAL (SELECT LEAST($1::uuid, u.o) AS a, GREATEST($1::uuid, u.o) AS b) k
     ON CONFLICT (record_a, record_b) DO UPDATE
        SET kind = EXCLUDED.kind, evidence_a = EXCLUDED.evidence_a, evidence_b = EXCLUDED.evidence_b, probability = EXCLUDED.probability,
            evidence = EXCLUDED.evidence, reason = EXCLUDED.reason, status = 'pending', decided_by = NULL, decided_at = NULL,
            decision_reason = NULL, updated_at = now()
      WHERE m.status IN ('pending', 'superseded') OR m.evidence_a <> EXCLUDED.evidence_a OR m.evidence_b <> EXCLUDED.evidence_b`;
}

interface AuditRow {
  readonly action: string;
  readonly personId: string | null;
  readonly otherPersonId: string | null;
  readonly evidence: object;
  readonly reason: string;
}

/** Joins and attaches are merges; a record leaving its person is a detach. A record staying put writes nothing. */
function auditRow({ record, row, personId, decision: d, set, adopted }: Write): AuditRow | null {
  const prior = row.person_id;
  if (prior !== null && prior === personId) return null;
  let action: string;
  let evidence: object;
  if (d.action === "join") {
    action = "merge";
    evidence = { edges: [edgeFromExplanation(record.key, d.candidateKey, d.evidence)], candidate: set.idOfKey.get(d.candidateKey) ?? null, alsoMatched: d.alsoMatched, rejected: d.rejected.map(rejectionEvidence) };
  } else if (d.action === "attach") {
    action = "attach";
    evidence = adopted
      ? { rule: "adopted: the one person made by ops or the seed (or linked by ops) who holds this contact", email: record.email, phone: record.phone }
      : { rule: "weak record: the one person whose full records carry this exact value", value: record.email ?? record.phone };
  } else if (prior !== null) {
    action = "detach";
    evidence = { decision: d.action, reason: "reason" in d ? d.reason : null };
  } else return null;
  return { action, personId: personId ?? prior, otherPersonId: personId !== null ? prior : null, evidence, reason: d.action === "join" ? "incremental match" : d.action };
}

/** Weak records waiting (no person) on one of this record's contact values. */
function waitingWeakSql(email: string, phone: string, notAmbiguous = false): string {
  const which = notAmbiguous ? " AND dropped_reason IS DISTINCT FROM 'ambiguous'" : "";
  return `(SELECT id FROM source_records WHERE match_status = 'weak' AND person_id IS NULL AND match_email = ${email}::text${which} LIMIT 100)
     UNION
     (SELECT id FROM source_records WHERE match_status = 'weak' AND person_id IS NULL AND match_phone = ${phone}::text${which} LIMIT 100)`;
}

async function waitingWeak(tx: Sql, r: NormalisedRecord): Promise<string[]> {
  const found = await tx.query<{ id: string }>(waitingWeakSql("$1", "$2"), [r.email, r.phone]);
  return found.rows.map((x) => x.id);
}
