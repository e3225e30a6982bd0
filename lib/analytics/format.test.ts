import { describe, expect, it } from "vitest";
import { formatDuration, formatPercent } from "./format";

describe("formatDuration", () => {
  it("picks the unit people read", () => {
    expect([null, 0, 44.6, 60, 719, 3600, 5400, 86_400 * 2.14].map(formatDuration)).toEqual(["–", "0 s", "45 s", "1 min", "12 min", "1.0 h", "1.5 h", "2.1 d"]);
  });
  it("rounds shares to whole percent", () => {
    expect([0, 0.335, 1].map(formatPercent)).toEqual(["0%", "34%", "100%"]);
  });
});
