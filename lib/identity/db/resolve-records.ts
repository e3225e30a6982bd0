import type pg from "pg";
import { DEFAULT_CONFIG, type IdentityConfig } from "../config";
import { resolveRecord, type ResolveOutcome } from "./resolve-record";
import { withClient } from "./sql";

/**
 * Resolves records one transaction each (a failure costs one record, not the batch), then
 * the weak records each resolve woke up (they may attach to the person just made), all on
 * one connection of the pool.
 */
export async function resolveRecords(pool: pg.Pool, recordIds: readonly string[], opts: { config?: IdentityConfig; actor?: string } = {}): Promise<ResolveOutcome[]> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const queue = [...new Set(recordIds)];
  const done = new Set<string>();
  const outcomes: ResolveOutcome[] = [];
  if (queue.length === 0) return outcomes;
  await withClient(pool, async (client) => {
    for (let k = 0; k < queue.length; k++) {
      const id = queue[k]!;
      if (done.has(id)) continue;
      done.add(id);
      const outcome = await resolveRecord(client, id, config, opts.actor);
      outcomes.push(outcome);
      if ("follow" in outcome) for (const f of outcome.follow) if (!done.has(f)) queue.push(f);
    }
  });
  return outcomes;
}
