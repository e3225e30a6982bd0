import PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";
import type { JobDefinition } from "./define-job";

export type JobRunner = { boss: PgBoss; stop: () => Promise<void> };

/** Registers every job with pg-boss: a queue each, a worker each, schedules where given. */
export async function startJobRunner(opts: { connectionString: string; db: Db; log: Logger; jobs: JobDefinition[] }): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: opts.connectionString, schema: "pgboss", max: 5 });
  boss.on("error", (e) => opts.log.error({ err: e instanceof Error ? e.message : String(e) }, "pg-boss error"));
  await boss.start();
  const send = async (name: string, data: object) => {
    await boss.send(name, data);
  };
  for (const job of opts.jobs) {
    await boss.createQueue(job.name);
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
    if (job.schedule) await boss.schedule(job.name, job.schedule, {});
  }
  return {
    boss,
    stop: () => boss.stop({ graceful: true, timeout: 10_000, wait: true }),
  };
}
