import { describe, expect, it } from "vitest";
import {
  CLIENT_IDENTITY,
  staffClientAddress,
  staffClientIdentity,
  staffDialTo,
  staffIdFromClientIdentity,
  staffLegParams,
} from "./client-identity";

const STAFF = "0F8FAD5B-D9CB-469F-A165-70867728950E";
const LOWER = STAFF.toLowerCase();

describe("staff client identities", () => {
  it("are staff_ and the uuid's 32 hex digits, which Twilio accepts, and map back", () => {
    const identity = staffClientIdentity(STAFF);
    expect(identity).toBe("staff_0f8fad5bd9cb469fa16570867728950e");
    expect(identity).toMatch(CLIENT_IDENTITY);
    expect(identity.length).toBeLessThanOrEqual(121);
    expect(staffIdFromClientIdentity(identity)).toBe(LOWER);
    expect(staffClientAddress(LOWER)).toBe(`client:${identity}`);
  });

  it("the inverse is null for anything else", () => {
    for (const other of ["alice", LOWER, "staff_", "staff_0f8fad5bd9cb469fa16570867728950", `staff_${"g".repeat(32)}`, `x${staffClientIdentity(LOWER)}`]) {
      expect(staffIdFromClientIdentity(other)).toBeNull();
    }
  });

  it("refuses to make an identity from something that is not a uuid", () => {
    expect(() => staffClientIdentity("alice")).toThrow(/not a staff id/);
  });

  it("the dialled To carries the leg's custom parameters as a query string, which the browser reads back", () => {
    const to = staffDialTo(LOWER, { callId: "c0ffee00-0000-4000-8000-000000000001", legKey: "CA1:leg:2", direction: "outbound", autoAnswer: true });
    expect(to).toBe(`${staffClientAddress(LOWER)}?callId=c0ffee00-0000-4000-8000-000000000001&legKey=CA1%3Aleg%3A2&direction=outbound&autoAnswer=true`);
    const query = new URLSearchParams(to.slice(to.indexOf("?") + 1));
    expect(staffLegParams(new Map(query))).toEqual({ callId: "c0ffee00-0000-4000-8000-000000000001", legKey: "CA1:leg:2", direction: "outbound", autoAnswer: true });
    expect(staffLegParams(new Map([["callId", "x"]]))).toBeNull();
    expect(staffLegParams(new Map([["callId", "x"], ["legKey", "y"], ["direction", "sideways"], ["autoAnswer", "true"]]))).toBeNull();
  });
});
