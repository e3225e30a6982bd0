import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Makes sure the generated Prisma client (lib/db/generated, not committed) matches
 * prisma/schema.prisma: `prisma generate`, offline, only when the schema changed
 * since the last generate or the client is missing. The CLI wants a schema engine
 * path even though generate never runs it; any existing file satisfies it.
 * Synchronous, so a preload can finish it before anything imports the client.
 */
export function ensurePrismaClient(root: string, opts: { force?: boolean } = {}): "generated" | "current" {
  const schema = readFileSync(path.join(root, "prisma/schema.prisma"));
  const stamp = path.join(root, "lib/db/generated/.schema-hash");
  const client = path.join(root, "lib/db/generated/client.ts");
  const hash = createHash("sha256").update(schema).digest("hex");
  if (!opts.force && existsSync(client) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return "current";
  execFileSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  writeFileSync(stamp, hash);
  return "generated";
}
