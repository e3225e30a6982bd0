import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { COLUMNS_SQL, ENUMS_SQL, compareSchema, loadSchema, type DbColumn, type DbEnum } from "@/lib/db/schema-drift";
import { createTestDatabase, type TestDatabase } from "./support/test-db";

async function problemsOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cols = (await client.query<DbColumn>(COLUMNS_SQL)).rows;
    const enums = (await client.query<DbEnum>(ENUMS_SQL)).rows;
    return compareSchema(loadSchema(), cols, enums, ["schema_migrations"]);
  } finally {
    await client.end();
  }
}

describe("schema.prisma and the migrated database", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("agree", async () => {
    expect(await problemsOf(t.url)).toEqual([]);
  });

  it("disagree when a column goes missing, changes type or a table vanishes", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    await client.query("ALTER TABLE persons DROP COLUMN phone");
    await client.query("ALTER TABLE staff ALTER COLUMN display_name TYPE varchar(40)");
    await client.query("DROP TABLE sync_cursors");
    await client.end();
    const problems = await problemsOf(t.url);
    expect(problems).toContain("column persons.phone (Person.phone) is missing");
    expect(problems).toContain("column staff.display_name is character varying, schema says text");
    expect(problems).toContain("table sync_cursors (model SyncCursor) is missing");
  });
});
