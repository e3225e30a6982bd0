import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

/**
 * The one Prisma client, shared by web and worker. Created lazily so that
 * importing this module (e.g. during `next build`) never needs a database.
 */
export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { __switchboardDb?: Db };

export function createDb(connectionString: string, opts: { max?: number } = {}): Db {
  const adapter = new PrismaPg({
    connectionString,
    max: opts.max ?? 10,
    // Below the 3 s a webhook may wait for its answer while Postgres is down or restarting
    // (a refused connection fails at once; this bounds one that hangs): a quick 503, and the vendor retries.
    connectionTimeoutMillis: 2_000,
    // A query that hangs (database gone) must fail rather than hold a webhook open.
    statement_timeout: 30_000,
  });
  return new PrismaClient({
    adapter,
    transactionOptions: { maxWait: 5_000, timeout: 15_000 },
  });
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start and npm test set it for you)");
  return url;
}

export function getDb(): Db {
  globalForDb.__switchboardDb ??= createDb(databaseUrl());
  return globalForDb.__switchboardDb;
}

/** `db.person.findMany()` etc. Resolves the client on first use. */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const real = getDb() as unknown as Record<string | symbol, unknown>;
    const value = real[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});
