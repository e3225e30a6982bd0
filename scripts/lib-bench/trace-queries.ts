import pg from "pg";

/** One statement a traced client ran: its first words and its round trip, in milliseconds. */
export interface TracedQuery {
  readonly sql: string;
  readonly ms: number;
}

/**
 * Times every statement of every node-postgres client in this process (for a benchmark's
 * `--trace`): `take()` returns what ran since the last call. Wraps Client#query once.
 */
export function traceQueries(): { take: () => TracedQuery[] } {
  let ran: TracedQuery[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === "string" ? first : (first?.text ?? "?");
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      return result.then((value: unknown) => {
        ran.push({ sql: text.replace(/\s+/g, " ").slice(0, 70), ms: performance.now() - started });
        return value;
      });
    }
    return result;
  };
  return {
    take: () => {
      const out = ran;
      ran = [];
      return out;
    },
  };
}
