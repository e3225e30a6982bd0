import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, readSearchTerm } from "./search-query";
import { decodeTimelineCursor, encodeTimelineCursor, timelineQuerySchema } from "./timeline-query";

describe("readSearchTerm", () => {
  it("reads a phone typed any way as one E.164 number", () => {
    for (const q of ["0412 345 678", "+61 412-345-678", "(04) 1234 5678", " 0412.345.678 "]) expect(readSearchTerm(q, "AU")).toEqual({ kind: "phone", value: "+61412345678" });
  });
  it("reads emails canonically and anything else as a lower-cased name", () => {
    expect(readSearchTerm(" Jane@Example.COM ", "AU")).toEqual({ kind: "email", value: "jane@example.com" });
    expect(readSearchTerm("Jane   Smith", "AU")).toEqual({ kind: "name", value: "jane smith" });
    expect(readSearchTerm("12 34", "AU")).toEqual({ kind: "name", value: "12 34" }); // too few digits for a phone
    expect(readSearchTerm("   ", "AU")).toBeNull();
    expect(readSearchTerm("Example.com", "AU")).toEqual({ kind: "email_part", value: "example.com" });
    expect(readSearchTerm("jane@", "AU")).toEqual({ kind: "email_part", value: "jane@" });
  });
});

describe("cursors", () => {
  it("round-trip, and a tampered one is ignored", () => {
    expect(decodeCursor(encodeCursor(["smith", "jane", "x"]))).toEqual(["smith", "jane", "x"]);
    expect(decodeCursor("not base64 json")).toBeNull();
    const at = new Date("2026-01-07T10:00:00.000Z");
    const id = "6b0f3c1e-2a4d-4f5e-9a7b-1c2d3e4f5a6b";
    expect(decodeTimelineCursor(encodeTimelineCursor(at, id))).toEqual({ at, id });
    expect(decodeTimelineCursor(Buffer.from("2026-01-07|'; DROP").toString("base64url"))).toBeNull();
  });
  it("timeline kinds are a checked comma list", () => {
    expect(timelineQuerySchema.parse({ kinds: "sms,call" }).kinds).toEqual(["sms", "call"]);
    expect(timelineQuerySchema.safeParse({ kinds: "sms,tweets" }).success).toBe(false);
  });
});
