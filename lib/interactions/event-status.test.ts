import { describe, expect, it } from "vitest";
import { allowedFrom, canMove } from "./event-status";

describe("incoming event statuses", () => {
  it("move forward from pending to any terminal status", () => {
    for (const to of ["success", "unmatchable_person", "unmatchable_staff", "unmatchable_both", "skipped", "ignored"] as const) {
      expect(canMove("pending", to)).toBe(true);
    }
  });
  it("never move back to pending", () => {
    expect(allowedFrom("pending")).toEqual([]);
    expect(allowedFrom("pending", { undo: true })).toEqual([]);
  });
  it("let an unmatchable event be matched or ignored later", () => {
    expect(canMove("unmatchable_person", "success")).toBe(true);
    expect(canMove("unmatchable_both", "ignored")).toBe(true);
  });
  it("keep success, skipped and ignored final except for an explicit undo", () => {
    expect(canMove("success", "unmatchable_person")).toBe(false);
    expect(canMove("success", "unmatchable_person", { undo: true })).toBe(true);
    expect(canMove("skipped", "success")).toBe(false);
    expect(canMove("skipped", "unmatchable_person", { undo: true })).toBe(false);
    expect(canMove("ignored", "success")).toBe(false);
    expect(canMove("unmatchable_staff", "unmatchable_person", { undo: true })).toBe(true);
  });
});
