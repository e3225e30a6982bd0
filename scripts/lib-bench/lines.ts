/**
 * The lines of a byte range of a file, split as node:readline splits them (`crlfDelay:
 * Infinity`: "\r\n", "\n" and a lone "\r" each end a line; a last line without an ending
 * counts), read with plain fs reads into one buffer: readline costs about a second a
 * million lines, this a fraction. lines.test.ts checks both agree.
 */
import { closeSync, openSync, readSync } from "node:fs";

const CHUNK = 1 << 23;
const NEWLINE = 10;
const LINE_END = /\r\n|\n|\r/g;

/** Calls `onLine` for each line of `text` (numbered after `lineNo`); returns the last number. */
function splitLines(text: string, lineNo: number, onLine: (line: string, lineNo: number) => void): number {
  let n = lineNo;
  let from = 0;
  if (text.indexOf("\r") < 0) {
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      onLine(text.slice(from, nl), ++n);
      from = nl + 1;
    }
  } else {
    LINE_END.lastIndex = 0;
    for (let m = LINE_END.exec(text); m !== null; m = LINE_END.exec(text)) {
      onLine(text.slice(from, m.index), ++n);
      from = m.index + m[0].length;
    }
  }
  if (from < text.length) onLine(text.slice(from), ++n);
  return n;
}

/**
 * Reads bytes [start, end) of a file line by line, numbering lines from 1; returns how
 * many there were. A range that ends inside a line ends that line there: split files at
 * line ends (splitAtLines). `chunkBytes`: how much is read at a time (tests make it small).
 */
export function readLines(path: string, start: number, end: number, onLine: (line: string, lineNo: number) => void, chunkBytes = CHUNK): number {
  const fd = openSync(path, "r");
  try {
    let buf = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(1, end - start)));
    let held = 0; // bytes at the head of buf: a line not yet ended
    let pos = start;
    let lineNo = 0;
    for (;;) {
      if (held === buf.length) {
        // one line longer than the buffer
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, held);
        buf = bigger;
      }
      const got = pos < end ? readSync(fd, buf, held, Math.min(buf.length - held, end - pos), pos) : 0;
      pos += got;
      const filled = held + got;
      const done = got === 0 || pos >= end;
      // decode whole lines only: a '\n' byte is never inside a multi-byte character
      const cut = done ? filled : buf.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (cut > 0) lineNo = splitLines(buf.toString("utf8", 0, cut), lineNo, onLine);
      if (done) return lineNo;
      buf.copy(buf, 0, cut, filled);
      held = filled - cut;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Cuts a file of `size` bytes into one range per weight, of about those shares of the
 * bytes, each ending just after a '\n' (the last at the end of the file); ranges may be
 * empty in a small file.
 */
export function splitAtLines(path: string, size: number, weights: readonly number[]): { start: number; end: number }[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const cuts = [0];
  const fd = openSync(path, "r");
  try {
    const probe = Buffer.allocUnsafe(1 << 16);
    let share = 0;
    for (let k = 1; k < weights.length; k++) {
      share += weights[k - 1]!;
      let at = Math.max(cuts[k - 1]!, Math.floor((size * share) / total) - 1);
      let cut = size;
      while (at < size) {
        const got = readSync(fd, probe, 0, probe.length, at);
        if (got === 0) break;
        const nl = probe.subarray(0, got).indexOf(NEWLINE);
        if (nl >= 0) {
          cut = at + nl + 1;
          break;
        }
        at += got;
      }
      cuts.push(Math.max(cut, cuts[k - 1]!));
    }
  } finally {
    closeSync(fd);
  }
  cuts.push(size);
  return cuts.slice(0, -1).map((start, k) => ({ start, end: cuts[k + 1]! }));
}
