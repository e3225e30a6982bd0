import type { EdgeEvidence } from "@/lib/identity/db/audit-evidence";

export type WaterfallStep = { label: string; level: string | null; weight: number; from: number; to: number; kind: "prior" | "field" | "total" };

/**
 * A merge's evidence as a waterfall: the prior weight (the total less the fields), each
 * field's weight added in turn (a bar from the running total before to after it), and the
 * total, whose probability is 1 / (1 + 2^-total) (lib/identity/config.ts).
 */
export function waterfallSteps(edge: EdgeEvidence): { steps: WaterfallStep[]; min: number; max: number } {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const prior = round(edge.total - edge.fields.reduce((s, f) => s + f.weight, 0));
  const steps: WaterfallStep[] = [{ label: "prior", level: null, weight: prior, from: 0, to: prior, kind: "prior" }];
  let running = prior;
  for (const f of edge.fields) {
    steps.push({ label: f.field.replaceAll("_", " "), level: f.level, weight: f.weight, from: running, to: round(running + f.weight), kind: "field" });
    running = round(running + f.weight);
  }
  steps.push({ label: "total", level: null, weight: edge.total, from: 0, to: edge.total, kind: "total" });
  const ends = steps.flatMap((s) => [s.from, s.to]);
  return { steps, min: Math.min(0, ...ends), max: Math.max(0, ...ends) };
}
