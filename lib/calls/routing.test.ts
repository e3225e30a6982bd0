import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderStaffForCall, type RoutableStaff, type StaffPresence } from "./routing";

const at = (iso: string) => new Date(iso);

const staff: RoutableStaff[] = [
  { id: "recent", presence: "available", lastCallEndedAt: at("2026-01-01T12:00:00Z") },
  { id: "older", presence: "available", lastCallEndedAt: at("2026-01-01T09:00:00Z") },
  { id: "never", presence: "available", lastCallEndedAt: null },
  { id: "pref", presence: "available", lastCallEndedAt: at("2026-01-01T12:30:00Z") },
  { id: "away", presence: "away", lastCallEndedAt: null },
  { id: "busy", presence: "busy", lastCallEndedAt: null },
];

describe("orderStaffForCall", () => {
  it("puts the preferred staff member first, then the rest by longest idle", () => {
    expect(orderStaffForCall({ staff, preferredStaffId: "pref" })).toEqual(["pref", "never", "older", "recent"]);
  });

  it("skips a preferred staff member who is not available", () => {
    expect(orderStaffForCall({ staff, preferredStaffId: "away" })).toEqual(["never", "older", "recent", "pref"]);
  });

  it("leaves out excluded (already tried) staff, preferred or not", () => {
    expect(orderStaffForCall({ staff, preferredStaffId: "pref", exclude: ["pref", "never"] })).toEqual(["older", "recent"]);
  });

  it("returns nobody when nobody is available", () => {
    expect(orderStaffForCall({ staff: staff.filter((s) => s.presence !== "available"), preferredStaffId: null })).toEqual([]);
  });

  it("only ever returns available, non-excluded staff, each once, independent of input order", () => {
    const member = fc.record({
      id: fc.constantFrom<string>("a", "b", "c", "d", "e"),
      presence: fc.constantFrom<StaffPresence>("available", "busy", "away", "offline"),
      lastCallEndedAt: fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
    });
    const input = fc
      .uniqueArray(member, { selector: (m) => m.id })
      .chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })));
    fc.assert(
      fc.property(input, fc.option(fc.constantFrom<string>("a", "b", "z"), { nil: null }), fc.subarray<string>(["a", "c"]), ([list, shuffled], pref, exclude) => {
        const order = orderStaffForCall({ staff: list, preferredStaffId: pref, exclude });
        expect(orderStaffForCall({ staff: shuffled, preferredStaffId: pref, exclude })).toEqual(order);
        expect(new Set(order).size).toBe(order.length);
        const ok = list.filter((s) => s.presence === "available" && !exclude.includes(s.id)).map((s) => s.id);
        expect([...order].sort()).toEqual([...ok].sort());
        if (pref && ok.includes(pref)) expect(order[0]).toBe(pref);
      }),
    );
  });
});
