import { describe, expect, it } from "vitest";
import { weightToProbability } from "@/lib/identity/config";
import { waterfallSteps } from "./waterfall";

describe("waterfallSteps", () => {
  it("starts at the prior, adds each field's weight in turn and ends at the stored total", () => {
    const edge = { a: "order:1", b: "aj:2", fields: [{ field: "last_name", level: "exact", weight: 6 }, { field: "phone", level: "differ", weight: -2.5 }, { field: "email", level: "exact", weight: 9 }], total: 7.5, probability: weightToProbability(7.5) };
    const { steps, min, max } = waterfallSteps(edge);
    expect(steps.map((s) => [s.label, s.from, s.to])).toEqual([
      ["prior", 0, -5],
      ["last name", -5, 1],
      ["phone", 1, -1.5],
      ["email", -1.5, 7.5],
      ["total", 0, 7.5],
    ]);
    // the running total after the last field is the total the probability came from
    expect(steps[steps.length - 2]!.to).toBe(edge.total);
    expect([min, max]).toEqual([-5, 7.5]);
  });
});
