import type pg from "pg";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { lockAssignmentsShared } from "./lock";
import { overMergedPersons, splitByEngine } from "./over-merged";
import { inTransaction, withClient } from "./sql";
import { sweepOrphans } from "./sweep";

/**
 * Un-merges every person that breaks a never-fuse rule (one transaction each, audited),
 * then sweeps identity persons left with no record and nothing referring to them.
 */
export async function runSafetyNets(pool: pg.Pool, config: IdentityConfig = DEFAULT_CONFIG): Promise<{ split: string[]; swept: string[] }> {
  const broken = await withClient(pool, (c) => overMergedPersons(c));
  const split: string[] = [];
  for (const personId of broken) {
    await inTransaction(pool, async (tx) => {
      await lockAssignmentsShared(tx);
      // re-checked inside the transaction: a concurrent run may have fixed it
      if ((await overMergedPersons(tx, [personId])).length === 0) return;
      await splitByEngine(tx, personId, config, "identity.safety-nets", "never_fuse:booking");
      split.push(personId);
    });
  }
  const swept = await inTransaction(pool, async (tx) => {
    await lockAssignmentsShared(tx);
    return sweepOrphans(tx);
  });
  return { split, swept };
}
