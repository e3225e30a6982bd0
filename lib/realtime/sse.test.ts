import { describe, expect, it } from "vitest";
import { resumeCursor, sseComment, sseEvent, sseRetry } from "./sse";

describe("SSE framing", () => {
  it("writes id, event and one JSON data line, ended by a blank line", () => {
    expect(sseEvent({ id: 42, event: "presence.changed", data: { a: 1 } })).toBe('id: 42\nevent: presence.changed\ndata: {"a":1}\n\n');
  });

  it("keeps newlines inside data on one line (JSON escapes them)", () => {
    const frame = sseEvent({ id: 1, event: "x", data: { text: "two\nlines\r\nand a \u2028" } });
    expect(frame.split("\n").filter((l) => l.startsWith("data: "))).toHaveLength(1);
    expect(JSON.parse(frame.split("\n")[2]!.slice(6))).toEqual({ text: "two\nlines\r\nand a \u2028" });
  });

  it("refuses an event name with a newline and flattens comments", () => {
    expect(() => sseEvent({ event: "a\nb", data: 1 })).toThrow();
    expect(sseComment("keep\nalive")).toBe(": keep alive\n\n");
    expect(sseEvent({ event: "ready", data: null })).toBe("event: ready\ndata: null\n\n");
    expect(sseRetry(2500.7)).toBe("retry: 2500\n\n");
  });
});

describe("resumeCursor", () => {
  it("prefers Last-Event-ID (the newest id) over ?after=", () => {
    expect(resumeCursor("17", "3")).toBe(17);
    expect(resumeCursor(null, "3")).toBe(3);
    expect(resumeCursor(null, null)).toBeNull();
  });

  it("ignores values that are not a seq", () => {
    expect(resumeCursor("abc", "5")).toBe(5);
    expect(resumeCursor("-1", null)).toBeNull();
    expect(resumeCursor("1e3", null)).toBeNull();
    expect(resumeCursor("9".repeat(20), null)).toBeNull();
    expect(resumeCursor(" 8 ", null)).toBe(8);
  });
});
