import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * `prisma generate`, offline. The CLI wants a schema engine path even though
 * generate never runs it; any existing file satisfies it. Skips the work when
 * the schema has not changed since the last generate.
 */
const root = path.resolve(import.meta.dirname, "..");
const schema = readFileSync(path.join(root, "prisma/schema.prisma"));
const stamp = path.join(root, "lib/db/generated/.schema-hash");
const hash = createHash("sha256").update(schema).digest("hex");
if (!process.argv.includes("--force") && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) process.exit(0);
execFileSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
writeFileSync(stamp, hash);
