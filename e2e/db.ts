import pg from "pg";

/** The e2e server's Postgres (scripts/e2e-server.ts runs it embedded on EMBEDDED_PG_TEST_PORT). */
const SERVER = `postgresql://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_TEST_PORT ?? 54330}`;

/** The e2e run's database by name (the newest sb_e2e_*), for a test to check what it did in SQL of its own. */
export async function e2eDbUrl(): Promise<string> {
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  const name = (await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'sb_e2e_%' ORDER BY oid DESC LIMIT 1")).rows[0]?.datname;
  await admin.end();
  if (!name) throw new Error("no e2e database");
  return `${SERVER}/${name}`;
}

/** A client on the e2e database; the caller ends it. */
export async function e2eDb(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: await e2eDbUrl() });
  await c.connect();
  return c;
}
