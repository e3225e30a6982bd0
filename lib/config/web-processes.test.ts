import { describe, expect, it } from "vitest";
import { webProcessCount } from "./web-processes";

describe("web process count", () => {
  it("is one per core by default, WEB_PROCESSES when it is a positive whole number, and 1 for the dev server", () => {
    expect(webProcessCount({}, 2)).toBe(2);
    expect(webProcessCount({}, 0)).toBe(1);
    expect(webProcessCount({ WEB_PROCESSES: "3" }, 2)).toBe(3);
    expect(webProcessCount({ WEB_PROCESSES: "0" }, 4)).toBe(4);
    expect(webProcessCount({ WEB_PROCESSES: "two" }, 4)).toBe(4);
    expect(webProcessCount({ WEB_PROCESSES: "3" }, 2, true)).toBe(1);
  });
});
