import { describe, expect, it } from "vitest";
import { buildBlocks } from "./block";
import { DEFAULT_CONFIG, resolveConfig } from "./config";
import { learnWeights } from "./em";
import { normaliseBatch } from "./batch-builder";
import { PairScorer } from "./pair-scorer";
import { resolveIdentities } from "./resolve";
import { rec } from "./test-fixtures";
import type { SourceRecordInput } from "./types";

const FIRST = ["olivia", "noah", "amelia", "jack", "isla", "oliver", "mia", "leo", "ava", "henry", "grace", "lucas", "zoe", "mason", "ruby", "ethan"];
const LAST = ["nguyen", "smith", "patel", "brown", "wilson", "taylor", "khan", "walker", "white", "martin", "lee", "harris"];

/** People with two or three records each sharing an email, names sometimes misspelt by one letter. */
function people(n: number): SourceRecordInput[] {
  const out: SourceRecordInput[] = [];
  for (let p = 0; p < n; p++) {
    const first = FIRST[p % FIRST.length]!;
    const last = LAST[(p * 7) % LAST.length]!;
    const email = `${first}.${last}${p}@example.com`;
    const copies = 2 + (p % 2);
    for (let c = 0; c < copies; c++) {
      const typo = (p + c) % 41 === 0 ? `${first}h` : first;
      out.push(rec("order", `${p}-${c}`, { first_name: typo, last_name: last, email, phone: c === 0 ? `04${String(10000000 + p).padStart(8, "0")}` : null }));
    }
  }
  return out;
}

describe("EM-learned weights", () => {
  it("learns high m and low u for exact names from blocked and random pairs, and prints each level", () => {
    const config = DEFAULT_CONFIG;
    const batch = normaliseBatch(people(400), config);
    const blocks = buildBlocks(batch);
    const learned = learnWeights(batch, blocks, new PairScorer(batch, blocks, config), config, { randomPairs: 20_000 });
    const level = (field: string, name: string) => learned.levels.find((l) => l.field === field && l.level === name)!;
    expect(learned.blockedPairs).toBeGreaterThan(400);
    expect(level("firstName", "exact").m).toBeGreaterThan(0.6);
    expect(level("firstName", "exact").u).toBeLessThan(0.1);
    expect(level("firstName", "exact").weight).toBeGreaterThan(3);
    expect(level("firstName", "disagree").weight).toBeLessThan(0);
    expect(level("lastName", "exact").weight).toBeGreaterThan(3);
    // product rules hold on learned weights
    expect(learned.weights.phone.one_digit).toBeLessThan(6.63 / 2);
    expect(learned.weights.email.one_edit).toBeLessThanOrEqual(learned.weights.email.agree / 2);
    expect(learned.weights.email.agree).toBe(config.weights.email.agree);
  });

  it("is used when enabled and frozen at the seed when switched off", () => {
    const records = people(200);
    const frozen = resolveIdentities(records);
    expect(frozen.learned).toBeNull();
    const learning = resolveIdentities(records, { config: resolveConfig({ learning: { enabled: true, randomPairs: 10_000 } }) });
    expect(learning.learned).not.toBeNull();
    expect(learning.learned!.weights.firstName.exact).not.toBe(DEFAULT_CONFIG.weights.firstName.exact);
    expect(learning.stats.persons).toBe(200);
    expect(frozen.stats.persons).toBe(200);
  });
});
