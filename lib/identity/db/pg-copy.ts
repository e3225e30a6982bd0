import { StringDecoder } from "node:string_decoder";
import type pg from "pg";

/**
 * COPY FROM STDIN / COPY TO STDOUT on a node-postgres client, in text format.
 *
 * A full sync moves millions of rows each way; COPY is several times faster than
 * multi-row INSERTs or SELECTs of the same rows (one message stream, no per-row protocol
 * or type parsing). node-postgres speaks the copy sub-protocol to any "submittable"
 * query object, which is all this is (pg-copy-streams does the same as streams).
 */
interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

abstract class CopyQuery {
  callback?: (err: Error | null, result?: unknown) => void;
  protected error: Error | null = null;
  protected rows = 0;

  constructor(readonly text: string) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }
  handleCommandComplete(msg: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(msg.text ?? "");
    this.rows = m ? Number(m[1]) : 0;
  }
  handleError(err: Error): void {
    this.error = err;
  }
  handleReadyForQuery(): void {
    this.callback?.(this.error, this.result());
  }
  protected abstract result(): unknown;
  handleCopyInResponse(connection: Connection): void {
    connection.sendCopyFail("unexpected COPY FROM");
  }
  handleCopyData(_msg: { chunk: Buffer }): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

class CopyIn extends CopyQuery {
  constructor(
    text: string,
    private readonly chunks: Iterable<string>,
  ) {
    super(text);
  }
  override handleCopyInResponse(connection: Connection): void {
    try {
      for (const chunk of this.chunks) if (chunk.length > 0) connection.sendCopyFromChunk(Buffer.from(chunk, "utf8"));
      connection.endCopyFrom();
    } catch (e) {
      // the server answers with an error and the query fails with it
      connection.sendCopyFail(e instanceof Error ? e.message : String(e));
    }
  }
  protected result(): number {
    return this.rows;
  }
}

class CopyOut extends CopyQuery {
  // a chunk may end inside a line, or inside a multi-byte character
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";

  constructor(
    text: string,
    private readonly onRow: (fields: (string | null)[]) => void,
  ) {
    super(text);
  }
  override handleCopyData(msg: { chunk: Buffer }): void {
    const text = this.pending + this.decoder.write(msg.chunk);
    const last = text.lastIndexOf("\n");
    if (last < 0) {
      this.pending = text;
      return;
    }
    this.pending = text.slice(last + 1);
    try {
      parseLines(text, last, this.onRow);
    } catch (e) {
      this.error ??= e instanceof Error ? e : new Error(String(e));
    }
  }
  protected result(): number {
    return this.rows;
  }
}

function run<T>(client: pg.ClientBase, query: CopyQuery): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    query.callback = (err, result) => (err ? reject(err) : resolve(result as T));
    void client.query(query as unknown as pg.QueryConfig);
  });
}

/** `COPY <target> FROM STDIN` with rows already encoded as text-format lines (copyLine). Returns the row count. */
export function copyIn(client: pg.ClientBase, target: string, chunks: Iterable<string>): Promise<number> {
  return run<number>(client, new CopyIn(`COPY ${target} FROM STDIN`, chunks));
}

/** `COPY (<select>) TO STDOUT`, each row handed to `onRow` as text fields (null for \\N) as it arrives. */
export function copyOut(client: pg.ClientBase, select: string, onRow: (fields: (string | null)[]) => void): Promise<number> {
  return run<number>(client, new CopyOut(`COPY (${select}) TO STDOUT`, onRow));
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One field in COPY text format: \N for null, backslash escapes for the separators. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const s = String(value);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

export function copyLine(fields: readonly (string | number | boolean | null | undefined)[]): string {
  let line = "";
  for (let k = 0; k < fields.length; k++) line += (k === 0 ? "" : "\t") + copyField(fields[k]);
  return line + "\n";
}

/** A Postgres text[] literal for a COPY field. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

/** Lines → chunks of about `size` characters, so a million rows are not one huge string. */
export function* chunked(lines: Iterable<string>, size = 1 << 20): Generator<string> {
  let buffer = "";
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= size) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}

const UNESCAPE: Record<string, string> = { "\\": "\\", t: "\t", n: "\n", r: "\r", b: "\b", f: "\f", v: "\v" };

/** Parses COPY text-format lines in `text[0 .. end)` (no octal escapes: we read text and uuid columns). */
function parseLines(text: string, end: number, onRow: (fields: (string | null)[]) => void): void {
  let start = 0;
  while (start < end) {
    let stop = text.indexOf("\n", start);
    if (stop < 0 || stop > end) stop = end;
    const fields: (string | null)[] = text.slice(start, stop).split("\t");
    start = stop + 1;
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      if (f === "\\N") fields[k] = null;
      else if (f.includes("\\")) fields[k] = f.replace(/\\(.)/g, (_m, c: string) => UNESCAPE[c] ?? c);
    }
    onRow(fields);
  }
}

/** Parses a whole COPY text-format output (tests). */
export function parseCopyText(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  parseLines(text.endsWith("\n") ? text : text + "\n", text.endsWith("\n") ? text.length - 1 : text.length, (r) => rows.push(r));
  return rows;
}
