import { rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDb } from "@/lib/db/embedded";

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type OwnPostgres = EmbeddedDb & { port: number; name: string; restart: () => Promise<OwnPostgres>; remove: () => Promise<void> };

/**
 * A Postgres server of the test's own (for tests that stop and start it): a
 * free port and a data directory no other run shares, removed afterwards.
 */
export async function startOwnPostgres(label: string): Promise<OwnPostgres> {
  const port = await freePort();
  const name = `${label}-${process.pid}-${port}`;
  const start = async (): Promise<OwnPostgres> => {
    const pg = await startEmbeddedPostgres({ name, port });
    return {
      ...pg,
      port,
      name,
      restart: start,
      remove: async () => {
        await pg.stop().catch(() => {});
        await rm(path.resolve(process.cwd(), ".data", name), { recursive: true, force: true });
      },
    };
  };
  return start();
}
