import { describe, expect, it } from "vitest";
import { arrayLiteral, chunked, copyLine, parseCopyText } from "./pg-copy";

describe("COPY text format", () => {
  it("escapes separators and nulls, and reads them back", () => {
    const line = copyLine(["a\tb", null, "back\\slash", "two\nlines", 3, true, "carriage\r"]);
    expect(line).toBe("a\\tb\t\\N\tback\\\\slash\ttwo\\nlines\t3\ttrue\tcarriage\\r\n");
    expect(parseCopyText(line)).toEqual([["a\tb", null, "back\\slash", "two\nlines", "3", "true", "carriage\r"]]);
  });

  it("writes text arrays Postgres reads, quotes and backslashes escaped", () => {
    expect(arrayLiteral([])).toBe("{}");
    expect(arrayLiteral(['o"brien', "a\\b", "plain"])).toBe('{"o\\"brien","a\\\\b","plain"}');
  });

  it("groups lines into chunks of about the given size", () => {
    const chunks = [...chunked(["aaaa\n", "bbbb\n", "cccc\n"], 8)];
    expect(chunks).toEqual(["aaaa\nbbbb\n", "cccc\n"]);
    expect(chunks.join("")).toBe("aaaa\nbbbb\ncccc\n");
  });
});
