import type pg from "pg";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { lockAssignmentsShared } from "./lock";
import { mergePersons } from "./merge-persons";
import { inTransaction, type Sql } from "./sql";

export type DecisionResult =
  | { readonly ok: true; readonly status: "confirmed" | "rejected"; readonly personId: string | null; readonly auditId: string | null }
  | { readonly ok: false; readonly reason: "not_found" | "already_decided" | "record_missing" };

type Pending = { id: string; record_a: string; record_b: string; evidence_a: string; evidence_b: string; probability: number; evidence: object; person_a: string | null; person_b: string | null; records_a: number; records_b: number };

/** The pending pair, locked, with each record's person and how many records each person has. */
async function lockPending(tx: Sql, id: string): Promise<Pending | "not_found" | "already_decided" | "record_missing"> {
  const r = await tx.query<Pending & { status: string; a_exists: boolean; b_exists: boolean }>(
    `SELECT m.id, m.record_a, m.record_b, m.evidence_a, m.evidence_b, m.probability, m.evidence, m.status::text AS status,
            a.id IS NOT NULL AS a_exists, b.id IS NOT NULL AS b_exists, a.person_id AS person_a, b.person_id AS person_b,
            (SELECT count(*)::int FROM source_records x WHERE x.person_id = a.person_id) AS records_a,
            (SELECT count(*)::int FROM source_records x WHERE x.person_id = b.person_id) AS records_b
       FROM possible_matches m LEFT JOIN source_records a ON a.id = m.record_a LEFT JOIN source_records b ON b.id = m.record_b
      WHERE m.id = $1 FOR UPDATE OF m`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return "not_found";
  if (row.status !== "pending") return "already_decided";
  if (!row.a_exists || !row.b_exists) return "record_missing";
  return row;
}

async function markDecided(tx: Sql, id: string, status: "confirmed" | "rejected", actor: string, reason: string | undefined): Promise<void> {
  await tx.query("UPDATE possible_matches SET status = $2::\"PossibleMatchStatus\", decided_by = $3, decided_at = now(), decision_reason = $4, updated_at = now() WHERE id = $1", [id, status, actor, reason ?? null]);
}

/**
 * Ops confirm a possible match: the two records' persons become one now (the person with
 * more records keeps its id; a record with no person joins the other's), audited with the
 * pair's evidence, and the row is marked confirmed, which the engine keeps as a must-link.
 */
export async function confirmPossibleMatch(pool: pg.Pool, input: { id: string; actor: string; reason?: string; config?: IdentityConfig }): Promise<DecisionResult> {
  const config = input.config ?? DEFAULT_CONFIG;
  return inTransaction(pool, async (tx) => {
    await lockAssignmentsShared(tx);
    const m = await lockPending(tx, input.id);
    if (typeof m === "string") return { ok: false, reason: m };
    const evidence = { edges: [m.evidence], possibleMatch: m.id, probability: m.probability };
    const reason = input.reason ? `ops confirmed a possible match: ${input.reason}` : "ops confirmed a possible match";
    let personId: string | null = m.person_a ?? m.person_b;
    let auditId: string | null = null;
    if (m.person_a && m.person_b && m.person_a !== m.person_b) {
      const [into, from] = m.records_a >= m.records_b ? [m.person_a, m.person_b] : [m.person_b, m.person_a];
      auditId = (await mergePersons(tx, { into, from, config, actor: input.actor, reason, evidence })).auditId;
      personId = into;
    } else if (personId && (m.person_a === null || m.person_b === null)) {
      const lone = m.person_a === null ? m.record_a : m.record_b;
      await tx.query("UPDATE source_records SET person_id = $1, dropped_reason = NULL WHERE id = $2", [personId, lone]);
      const a = await tx.query<{ id: string }>(
        `INSERT INTO merge_audits (action, person_id, record_ids, evidence, actor, reason) VALUES ('merge', $1, ARRAY[$2::text], $3::jsonb, $4, $5) RETURNING id`,
        [personId, lone, JSON.stringify(evidence), input.actor, reason],
      );
      auditId = a.rows[0]!.id;
    }
    await markDecided(tx, m.id, "confirmed", input.actor, input.reason);
    return { ok: true, status: "confirmed", personId, auditId };
  });
}

/**
 * Ops reject a possible match: the row marked rejected, which its trigger turns into a
 * MergeRejection keyed on the evidence versions the pair was scored with (the engine keeps
 * them apart until either record brings new evidence).
 */
export async function rejectPossibleMatch(pool: pg.Pool, input: { id: string; actor: string; reason?: string }): Promise<DecisionResult> {
  return inTransaction(pool, async (tx) => {
    await lockAssignmentsShared(tx);
    const m = await lockPending(tx, input.id);
    if (typeof m === "string") return { ok: false, reason: m };
    // marking the row rejected writes the MergeRejection (the row's trigger, migration 0070)
    await markDecided(tx, m.id, "rejected", input.actor, input.reason);
    return { ok: true, status: "rejected", personId: null, auditId: null };
  });
}
