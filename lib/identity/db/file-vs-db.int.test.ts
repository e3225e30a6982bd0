import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SOURCES } from "@/lib/identity";
import { importFile } from "@/lib/identity/import/import-file";
import { assignments, partition, useIdentityTestDb } from "@/tests/support/identity-db";
import { useTempDir } from "@/tests/support/temp-dir";
import { runFullSync } from "./full-sync/full-sync";

const DATASET = path.resolve(process.cwd(), "../shared/datasets/identity/records.jsonl");
const run = promisify(execFile);

/**
 * The file CLI (`npm run match`) and the database path (import → full sync) run the same
 * engine; the database path must lose nothing on the way (full names, booking ids,
 * timestamps, ids), so both give the same people on the labelled dataset.
 */
describe("the file CLI and the database path", () => {
  const t = useIdentityTestDb();
  const dir = useTempDir("sb-identity-");

  it("give the same clusters on the labelled dataset", async () => {
    const lines = (await readFile(DATASET, "utf8")).split("\n").filter((l) => l.trim() !== "");
    for (const source of SOURCES) {
      const file = path.join(dir.path, `${source}.jsonl`);
      await writeFile(file, lines.filter((l) => (JSON.parse(l) as { source: string }).source === source).join("\n") + "\n");
      const s = await importFile(t.pool, { source, path: file });
      expect(s.bad).toBe(0);
    }
    const sync = await runFullSync(t.pool);
    expect(sync.ok).toBe(true);

    const out = path.join(dir.path, "clusters.jsonl");
    await run(process.execPath, ["--import", "tsx", "scripts/match.ts", "--input", DATASET, "--output", out], { cwd: process.cwd(), maxBuffer: 1 << 26 });
    const fileAssigned = new Map<string, string | null>();
    for (const l of (await readFile(out, "utf8")).split("\n")) {
      if (!l) continue;
      const r = JSON.parse(l) as { source: string; id: string; person: string | null };
      fileAssigned.set(`${r.source}:${r.id}`, r.person);
    }
    const dbAssigned = await assignments(t);
    expect(dbAssigned.size).toBe(lines.length);
    expect(fileAssigned.size).toBe(lines.length);
    const fromDb = partition(dbAssigned);
    const fromFile = partition(fileAssigned);
    expect(fromDb.length).toBeGreaterThan(1000);
    expect(fromDb).toEqual(fromFile);
  }, 180_000);
});
