import type pg from "pg";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { lockAssignmentsShared } from "./lock";
import { mergePersons } from "./merge-persons";
import { inTransaction } from "./sql";

export type UndoUnmergeResult =
  | { readonly ok: true; readonly personId: string; readonly auditId: string }
  | { readonly ok: false; readonly reason: "not_found" | "not_an_unmerge" | "already_undone" | "person_gone" };

/**
 * Undoes an ops un-merge: the person it split off merges back into the one it left (its
 * rejections, cached by the un-merge, are dropped with the merge), audited as a merge that
 * names the un-merge it undoes. Once only.
 */
export async function undoUnmerge(pool: pg.Pool, input: { auditId: string; actor: string; config?: IdentityConfig }): Promise<UndoUnmergeResult> {
  return inTransaction(pool, async (tx) => {
    await lockAssignmentsShared(tx);
    const r = await tx.query<{ action: string; person_id: string | null; other_person_id: string | null }>("SELECT action, person_id, other_person_id FROM merge_audits WHERE id = $1 FOR UPDATE", [input.auditId]);
    const audit = r.rows[0];
    if (!audit) return { ok: false, reason: "not_found" };
    if (audit.action !== "unmerge" || !audit.person_id || !audit.other_person_id) return { ok: false, reason: "not_an_unmerge" };
    const undone = await tx.query("SELECT 1 FROM merge_audits WHERE action = 'merge' AND evidence->>'undoes' = $1 LIMIT 1", [input.auditId]);
    if (undone.rowCount) return { ok: false, reason: "already_undone" };
    const alive = await tx.query("SELECT id FROM persons WHERE id = ANY($1::uuid[]) FOR UPDATE", [[audit.person_id, audit.other_person_id]]);
    if (alive.rowCount !== 2) return { ok: false, reason: "person_gone" };
    const merged = await mergePersons(tx, {
      into: audit.person_id,
      from: audit.other_person_id,
      config: input.config ?? DEFAULT_CONFIG,
      actor: input.actor,
      reason: "undo of an ops un-merge",
      evidence: { undoes: input.auditId },
    });
    return { ok: true, personId: audit.person_id, auditId: merged.auditId };
  });
}
