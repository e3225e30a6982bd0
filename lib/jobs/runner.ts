import pg from "pg";
import PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import type { JobDefinition } from "./define-job";

export type JobRunner = { boss: PgBoss; stop: () => Promise<void> };

/** Registers every job with pg-boss: a queue each, a worker each, schedules where given. */
export async function startJobRunner(opts: { connectionString: string; db: Db; log: Logger; jobs: JobDefinition[] }): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: opts.connectionString, schema: "pgboss", max: 5 });
  boss.on("error", (e) => opts.log.error({ err: e instanceof Error ? e.message : String(e) }, "pg-boss error"));
  // pg-boss's install and createQueue (a row and a partition table each) deadlock when several
  // workers run them at once (4 starting together on a fresh database: 3 failed): one at a time.
  await oneAtATime(opts.connectionString, async () => {
    await boss.start();
    for (const job of opts.jobs) {
      if (!(await boss.getQueue(job.name))) await boss.createQueue(job.name);
      if (job.schedule) await boss.schedule(job.name, job.schedule, {});
    }
  });
  const send = async (name: string, data: object) => {
    await boss.send(name, data);
  };
  for (const job of opts.jobs) {
    await boss.work(job.name, async (batch) => {
      for (const j of batch) {
        const parsed = job.schema.safeParse(j.data);
        if (!parsed.success) {
          opts.log.error({ job: job.name, id: j.id, issues: parsed.error.issues }, "job payload rejected");
          continue;
        }
        await job.handler(parsed.data, { db: opts.db, log: opts.log.child({ job: job.name }), send });
      }
    });
  }
  return {
    boss,
    stop: () => boss.stop({ graceful: true, timeout: 10_000, wait: true }),
  };
}

/** classid, objid of the session advisory lock that job setup runs under */
const SETUP_LOCK = [0x4a42, 1] as const;

/** `fn` while holding a database-wide lock on a connection of its own (a process that dies lets go with its connection). */
async function oneAtATime<T>(connectionString: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: "switchboard job setup" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1, $2)", [...SETUP_LOCK]);
    return await fn();
  } finally {
    await client.end().catch(() => {}); // ending the session releases the lock
  }
}
