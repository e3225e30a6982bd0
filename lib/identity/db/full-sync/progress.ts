import type pg from "pg";
import type { Logger } from "@/lib/log/logger";

/**
 * A full sync's progress, where ops can see it: a row in identity_sync_runs (stage and
 * counts so far, written outside the sync's transaction so it shows while the sync runs)
 * and a log line per stage.
 */
export class SyncProgress {
  private readonly stats: Record<string, number> = {};
  private readonly started = performance.now();
  private lap = performance.now();
  readonly timings: Record<string, number> = {};

  private constructor(
    private readonly pool: pg.Pool,
    readonly runId: string,
    private readonly log: Logger | null,
  ) {}

  static async start(pool: pg.Pool, kind: string, log: Logger | null): Promise<SyncProgress> {
    const r = await pool.query<{ id: string }>("INSERT INTO identity_sync_runs (kind) VALUES ($1) RETURNING id", [kind]);
    return new SyncProgress(pool, r.rows[0]!.id, log);
  }

  /** Marks the end of a stage: its wall time, its counts, one log line, the row updated. */
  async stage(name: string, counts: Record<string, number> = {}): Promise<void> {
    const now = performance.now();
    this.timings[name] = Math.round(now - this.lap);
    this.lap = now;
    Object.assign(this.stats, counts);
    this.log?.info({ stage: name, ms: this.timings[name], ...counts }, "identity sync stage done");
    await this.pool.query("UPDATE identity_sync_runs SET stage = $2, stats = $3::jsonb, updated_at = now() WHERE id = $1", [this.runId, name, JSON.stringify(this.snapshot())]);
  }

  snapshot(): Record<string, unknown> {
    return { ...this.stats, ms: this.timings, total_ms: Math.round(performance.now() - this.started) };
  }

  async finish(error?: unknown): Promise<void> {
    await this.pool.query(
      "UPDATE identity_sync_runs SET status = $2, error = $3, stats = $4::jsonb, finished_at = now(), updated_at = now() WHERE id = $1",
      [this.runId, error === undefined ? "succeeded" : "failed", error === undefined ? null : String(error instanceof Error ? error.message : error), JSON.stringify(this.snapshot())],
    );
  }
}
