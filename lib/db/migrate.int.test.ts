import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "./migrate";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function tables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema='public' ORDER BY 1");
  await c.end();
  return r.rows.map((x) => x.t);
}

describe("migrate", () => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
  });

  it("applies each file once, in order, and records it", async () => {
    t = await createTestDatabase({ migrated: false });
    const dir = await dirWith({ "0001_a": "CREATE TABLE a (id int);", "0002_b": "CREATE TABLE b (id int);" });
    expect((await migrate(t.url, { dir })).applied).toEqual(["0001_a", "0002_b"]);
    expect((await migrate(t.url, { dir })).applied).toEqual([]);
    expect(await tables(t.url)).toEqual(["a", "b", "schema_migrations"]);
  });

  it("rolls a failing file back whole and stops there", async () => {
    t = await createTestDatabase({ migrated: false });
    const dir = await dirWith({ "0001_ok": "CREATE TABLE ok (id int);", "0002_bad": "CREATE TABLE half (id int); SELECT nonsense FROM nowhere;" });
    await expect(migrate(t.url, { dir })).rejects.toThrow(/0002_bad failed/);
    expect(await tables(t.url)).toEqual(["ok", "schema_migrations"]);
  });

  it("refuses a file edited after it was applied", async () => {
    t = await createTestDatabase({ migrated: false });
    const dir = await dirWith({ "0001_a": "CREATE TABLE a (id int);" });
    await migrate(t.url, { dir });
    await writeFile(path.join(dir, "0001_a", "migration.sql"), "CREATE TABLE a (id bigint);");
    await expect(migrate(t.url, { dir })).rejects.toThrow(/edited after it was applied/);
  });

  it("lets two processes start at once without applying a file twice", async () => {
    t = await createTestDatabase({ migrated: false });
    const dir = await dirWith({ "0001_a": "CREATE TABLE a (id int);" });
    const [x, y] = await Promise.all([migrate(t.url, { dir }), migrate(t.url, { dir })]);
    expect([...x.applied, ...y.applied]).toEqual(["0001_a"]);
  });
});
