import type { Blocks } from "./block";
import { EMAIL_LEVELS, PHONE_LEVELS } from "./compare";
import { FULL } from "./normalise";
import type { IdentityConfig } from "./config";
import { thresholdWeight } from "./config";
import type { NormalisedBatch } from "./normalise";
import type { PairScorer } from "./pair-scorer";
import { PairLog } from "./pair-log";
import type { BatchRejections } from "./rejections";

const EMAIL_ONE_EDIT = EMAIL_LEVELS.indexOf("one_edit");
const EMAIL_DOMAIN_TYPO = EMAIL_LEVELS.indexOf("domain_typo");
const PHONE_ONE_DIGIT = PHONE_LEVELS.indexOf("one_digit");
const EMAIL_DISAGREE = EMAIL_LEVELS.indexOf("disagree");
const PHONE_DISAGREE = PHONE_LEVELS.indexOf("disagree");

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
 * clustering step, which sub-blocks them. With `nameKeys`, records of one name that share
 * no contact are scored too, and kept only when a contact nearly agrees.
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
  if (config.blocking.nameKeys) {
    const levels = new Uint8Array(4);
    for (const [i, j] of sameNamePairs(batch, config.blocking.maxNameKeyGroup)) {
      if ((batch.email[i]! >= 0 && batch.email[i] === batch.email[j]) || (batch.phone[i]! >= 0 && batch.phone[i] === batch.phone[j])) continue;
      if (rejections.skips(i, j)) {
        skippedByRejection++;
        continue;
      }
      scorer.writeLevels(i, j, levels, 0);
      // weak evidence: a contact must nearly agree, and none may disagree
      if (!(levels[2] === EMAIL_ONE_EDIT || levels[2] === EMAIL_DOMAIN_TYPO || levels[3] === PHONE_ONE_DIGIT)) continue;
      if (levels[2] === EMAIL_DISAGREE || levels[3] === PHONE_DISAGREE) continue;
      compared++;
      const w = scorer.score(i, j);
      if (w > threshold) accepted.push(i, j, w, 0);
      else rejected.push(i, j, w, REASON_BELOW_THRESHOLD);
    }
  }
  return { accepted, rejected, compared, skippedByRejection };
}

/** Pairs of full records with the same first and last name, in groups of at most `max`. */
function* sameNamePairs(batch: NormalisedBatch, max: number): Generator<[number, number]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < batch.size; i++) {
    const f = batch.first[i]!;
    const l = batch.last[i]!;
    if (batch.status[i] !== FULL || f < 0 || l < 0) continue;
    const key = f * 67108864 + l;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  for (const group of groups.values()) {
    if (group.length < 2 || group.length > max) continue;
    for (let x = 0; x < group.length; x++) for (let y = x + 1; y < group.length; y++) yield [group[x]!, group[y]!];
  }
}
