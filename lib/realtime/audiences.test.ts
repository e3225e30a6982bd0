import { describe, expect, it } from "vitest";
import { audiencesFor, hears } from "./audiences";
import { audienceSchema } from "./events";
import { canReplay } from "./store";

const STAFF = "4a1e1a2b-0c1d-4e5f-8a9b-0c1d2e3f4a5b";
const OTHER = "5b2f2b3c-1d2e-4f60-9bac-1d2e3f4a5b6c";

describe("audiencesFor", () => {
  it("gives staff all, themselves, their role and their staff line", () => {
    const a = audiencesFor({ id: "u1", role: "staff" }, STAFF);
    expect([...a].sort()).toEqual(["all", "role:staff", `staff:${STAFF}`, "user:u1"].sort());
    expect(hears(a, `staff:${OTHER}`)).toBe(false);
    expect(hears(a, "user:u2")).toBe(false);
    expect(hears(a, "role:ops")).toBe(false);
  });

  it("makes roles cumulative: a manager hears role:staff and role:ops, not role:admin", () => {
    const a = audiencesFor({ id: "m", role: "manager" }, null);
    expect(hears(a, "role:staff")).toBe(true);
    expect(hears(a, "role:ops")).toBe(true);
    expect(hears(a, "role:manager")).toBe(true);
    expect(hears(a, "role:admin")).toBe(false);
    expect([...a].some((x) => x.startsWith("staff:"))).toBe(false);
  });
});

describe("audienceSchema", () => {
  it("accepts the four forms and nothing else", () => {
    for (const ok of ["all", "user:abc", `staff:${STAFF}`, "role:ops"]) expect(audienceSchema.safeParse(ok).success).toBe(true);
    for (const bad of ["everyone", "role:boss", "staff:nope", "user:", "user:a b"]) expect(audienceSchema.safeParse(bad).success).toBe(false);
  });
});

describe("canReplay", () => {
  const b = { oldest: 101, latest: 500, newest: 502 };
  it("replays from just before the oldest stored row up to the newest handed out", () => {
    expect(canReplay(100, b)).toBe(true);
    expect(canReplay(500, b)).toBe(true);
    expect(canReplay(502, b)).toBe(true);
  });
  it("refuses a cursor whose next rows were pruned, or one from another database", () => {
    expect(canReplay(99, b)).toBe(false);
    expect(canReplay(503, b)).toBe(false);
  });
  it("replays nothing, happily, on a table that never had a row", () => {
    expect(canReplay(0, { oldest: 1, latest: 0, newest: 0 })).toBe(true);
  });
});
