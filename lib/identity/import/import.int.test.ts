import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { assignments, useIdentityTestDb } from "@/tests/support/identity-db";
import { useTempDir } from "@/tests/support/temp-dir";
import { importFile, type BadRow } from "./import-file";

const run = promisify(execFile);

const JSONL = [
  '{"id":"o1","first_name":"Ada","last_name":"Byrne","email":"ada@example.com","phone":"0412 222 333","updated_at":"2025-05-01T10:00:00Z"}',
  '{"id":"o2","first_name":"Ada","last_name":"Byrne","email":"ADA@example.com"}',
  "{not json",
  '{"first_name":"No","last_name":"Id","email":"noid@example.com"}',
  "",
  '{"id":"o3","source":"aj","email":"x@example.com"}',
  '{"id":"o4","email":"late@example.com","updated_at":"yesterday"}',
  '{"id":"o1","first_name":"Ada","last_name":"Byrne"}',
  '{"id":"o5","email":"ada@example.com"}',
].join("\n");

const CSV = ['id,full_name,email,phone,updated_at', 's1,"Byrne, Ada (VIP)",ada@example.com,0412 222 333,2025-06-01T10:00:00Z', 's2,"Quoted, with ""quotes""', 'and a line break",q@example.com,,', "s3,too,many,fields,here,now", "s4,Ben Ode,ben@example.com,,"].join("\n");

describe("npm run import", () => {
  const t = useIdentityTestDb({ truncate: true });
  const dir = useTempDir("sb-import-");

  it("reports bad JSONL lines with their numbers, stores every other row, and writes nothing the second time", async () => {
    const file = path.join(dir.path, "orders.jsonl");
    await writeFile(file, JSONL);
    const bad: BadRow[] = [];
    const first = await importFile(t.pool, { source: "order", path: file, onBadRow: (b) => bad.push(b) });
    expect(bad).toEqual([
      { line: 3, error: expect.stringContaining("invalid JSON") },
      { line: 4, error: "id: id is missing" },
      { line: 6, error: "source is aj, importing order" },
      { line: 7, error: "updated_at: updated_at is not a date" },
      { line: 8, error: "duplicate id o1 (first on line 1)" },
    ]);
    expect(first).toMatchObject({ rows: 3, bad: 5, inserted: 3, updated: 0 });
    const again = await importFile(t.pool, { source: "order", path: file });
    expect(again).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3, toResolve: [] });
    expect(await t.db.sourceRecord.count()).toBe(3);
  });

  it("reads CSV with quoted fields across lines, and resolves through the command line", async () => {
    const file = path.join(dir.path, "sbm.csv");
    await writeFile(file, CSV);
    const env = { ...process.env, DATABASE_URL: t.url };
    const cli = () => run(process.execPath, ["--import", "tsx", "scripts/import.ts", "--source", "sbm", file], { cwd: process.cwd(), env });
    const first = await cli();
    expect(first.stderr).toContain(`${file}:5: skipped: 6 fields, the header has 5`);
    expect(first.stderr).toContain("import: 100%");
    const summary = JSON.parse(first.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(summary).toMatchObject({ rows: 3, bad: 1, inserted: 3, to_resolve: 3, resolved: { new: 3 } });
    const quoted = await t.db.sourceRecord.findUniqueOrThrow({ where: { source_externalId: { source: "sbm", externalId: "s2" } } });
    expect(quoted.fullName).toBe('Quoted, with "quotes"\nand a line break');
    const ada = await t.db.sourceRecord.findUniqueOrThrow({ where: { source_externalId: { source: "sbm", externalId: "s1" } } });
    expect([ada.matchFirst, ada.matchLast]).toEqual(["ada", "byrne"]);
    expect((await assignments(t)).get("sbm:s1")).not.toBeNull();

    const second = JSON.parse((await cli()).stdout.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(second).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3, to_resolve: 0 });
  });
});
