import { describe, expect, it } from "vitest";
import { canAccess, isRole, navFor } from "./roles";

describe("roles", () => {
  it("gives each role its own navigation, cumulatively", () => {
    expect(navFor("staff").map((n) => n.label)).toEqual(["Softphone"]);
    expect(navFor("ops").map((n) => n.label)).toEqual(["Softphone", "Unidentified", "Merge review"]);
    expect(navFor("manager").map((n) => n.label)).toEqual(["Softphone", "Unidentified", "Merge review", "People", "Analytics"]);
    expect(navFor("admin").map((n) => n.label)).toEqual(["Softphone", "Unidentified", "Merge review", "People", "Analytics", "Users", "Vendor syncs", "Staff accounts"]);
  });

  it("refuses areas above a role", () => {
    expect(canAccess("staff", "unidentified")).toBe(false);
    expect(canAccess("staff", "review")).toBe(false);
    expect(canAccess("ops", "review")).toBe(true);
    expect(canAccess("manager", "review")).toBe(true);
    expect(canAccess("ops", "people")).toBe(false);
    expect(canAccess("manager", "users")).toBe(false);
    expect(canAccess("admin", "users")).toBe(true);
    expect(canAccess("manager", "syncs")).toBe(false);
  });

  it("recognises only known roles", () => {
    expect(isRole("ops")).toBe(true);
    expect(isRole("root")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
