import type { Blocks } from "./block";
import type { IdentityConfig } from "./config";
import { thresholdWeight } from "./config";
import type { NormalisedBatch } from "./normalise";
import type { PairScorer } from "./pair-scorer";
import { PairLog } from "./pair-log";
import type { BatchRejections } from "./rejections";

export const REASON_BELOW_THRESHOLD = 0;
export const REASON_BOOKING = 1;
export const REASON_FIRST_NAME = 2;

export interface ScoredCandidates {
  /** Pairs above the threshold, to be clustered strongest first. */
  readonly accepted: PairLog;
  /** Pairs at or below the threshold (code = REASON_BELOW_THRESHOLD). */
  readonly rejected: PairLog;
  readonly compared: number;
  readonly skippedByRejection: number;
}

/**
 * Scores every pair inside each small bucket (see BlockingConfig). A pair sharing both
 * email and phone is scored once, in its email bucket. Big buckets are left to the
 * clustering step, which sub-blocks them.
 */
export function scoreCandidates(batch: NormalisedBatch, blocks: Blocks, scorer: PairScorer, rejections: BatchRejections, config: IdentityConfig): ScoredCandidates {
  const threshold = thresholdWeight(config);
  const maxBucket = config.blocking.maxPairwiseBucket;
  const accepted = new PairLog(Math.max(1024, batch.size >> 1));
  const rejected = new PairLog(1024);
  let compared = 0;
  let skippedByRejection = 0;
  const email = batch.email;
  const emailOffsets = blocks.email.offsets;

  const scoreBuckets = (offsets: Int32Array, members: Int32Array, skipSharedEmail: boolean) => {
    const values = offsets.length - 1;
    for (let v = 0; v < values; v++) {
      const start = offsets[v]!;
      const end = offsets[v + 1]!;
      const size = end - start;
      if (size < 2 || size > maxBucket) continue;
      for (let x = start; x < end; x++) {
        const i = members[x]!;
        const ei = email[i]!;
        for (let y = x + 1; y < end; y++) {
          const j = members[y]!;
          if (skipSharedEmail && ei >= 0 && ei === email[j]) {
            const emailBucket = emailOffsets[ei + 1]! - emailOffsets[ei]!;
            if (emailBucket <= maxBucket) continue;
          }
          if (rejections.skips(i, j)) {
            skippedByRejection++;
            continue;
          }
          compared++;
          const w = scorer.score(i, j);
          if (w > threshold) accepted.push(i, j, w, 0);
          else rejected.push(i, j, w, REASON_BELOW_THRESHOLD);
        }
      }
    }
  };

  scoreBuckets(blocks.email.offsets, blocks.email.members, false);
  scoreBuckets(blocks.phone.offsets, blocks.phone.members, true);
  return { accepted, rejected, compared, skippedByRejection };
}
