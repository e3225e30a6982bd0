import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { probePort, startProbeServer } from "./probe-server";

describe("the worker's probe server", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.$queryRaw`SELECT 1`; // a warm pool: health allows each query 2 s, a cold connect on a busy machine may take longer
  });
  afterAll(async () => {
    await t.drop();
  });

  it("answers /api/live at once, and /api/health 200 only once the worker has started", async () => {
    let started = false;
    const probes = await startProbeServer(t.db, 0, { host: "127.0.0.1", ready: () => started });
    const get = (path: string) => fetch(`http://127.0.0.1:${probes.port}${path}`);
    try {
      expect((await get("/api/live")).status).toBe(200);
      const booting = await get("/api/health");
      expect(booting.status).toBe(503);
      expect(await booting.json()).toMatchObject({ db: "up", migrations: "current", started: false });
      started = true;
      const ready = await get("/api/health");
      expect(ready.status).toBe(200);
      expect(ready.headers.get("cache-control")).toBe("no-store");
      expect((await get("/other")).status).toBe(404);
    } finally {
      await probes.stop();
    }
  });

  it("is not ready while a migration is pending", async () => {
    const bare = await createTestDatabase({ migrated: false });
    await bare.db.$queryRaw`SELECT 1`;
    const probes = await startProbeServer(bare.db, 0, { host: "127.0.0.1" });
    try {
      const res = await fetch(`http://127.0.0.1:${probes.port}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ migrations: "pending" });
    } finally {
      await probes.stop();
      await bare.drop();
    }
  });

  it("reads WORKER_PROBE_PORT: unset is off, junk is refused", () => {
    expect(probePort({})).toBeNull();
    expect(probePort({ WORKER_PROBE_PORT: "8081" })).toBe(8081);
    expect(() => probePort({ WORKER_PROBE_PORT: "http" })).toThrow(/WORKER_PROBE_PORT/);
  });
});
