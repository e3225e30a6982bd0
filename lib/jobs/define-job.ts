import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log/logger";

/**
 * A job is data: a name, a zod payload, an optional cron schedule and a handler.
 * pg-boss runs it; several workers may run at once and each job is taken by one.
 * A scheduled job runs once per tick across all workers (pg-boss's singleton cron).
 */
export type JobContext = { db: Db; log: Logger; send: (name: string, data: object) => Promise<void> };

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  /** cron expression (UTC) */
  schedule?: string;
  handler: (data: z.infer<S>, ctx: JobContext) => Promise<void>;
};

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
