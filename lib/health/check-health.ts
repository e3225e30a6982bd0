import type { Db } from "@/lib/db/client";
import { pendingMigrations } from "@/lib/db/migrate";

export type Health = {
  ok: boolean;
  db: "up" | "down";
  migrations: "current" | "pending" | "unknown";
  pending_migrations?: string[];
  worker_heartbeat_age_s: number | null;
};

const DB_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

/** Healthy = the database answers and every migration on disk is applied. */
export async function checkHealth(db: Db): Promise<Health> {
  try {
    const query = (sql: string) => withTimeout(db.$queryRawUnsafe<{ name: string }[]>(sql), DB_TIMEOUT_MS);
    await query("SELECT 1 AS name");
    const pending = await pendingMigrations(query);
    const beat = await withTimeout(
      db.$queryRaw<{ age: number | null }[]>`SELECT extract(epoch FROM now() - max(beat_at))::float8 AS age FROM worker_heartbeats`,
      DB_TIMEOUT_MS,
    ).catch(() => [{ age: null }]);
    const age = beat[0]?.age;
    return {
      ok: pending.length === 0,
      db: "up",
      migrations: pending.length === 0 ? "current" : "pending",
      ...(pending.length ? { pending_migrations: pending } : {}),
      worker_heartbeat_age_s: age == null ? null : Math.round(age * 10) / 10,
    };
  } catch {
    return { ok: false, db: "down", migrations: "unknown", worker_heartbeat_age_s: null };
  }
}
