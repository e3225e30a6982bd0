import { availableParallelism } from "node:os";

/**
 * How many web processes `npm start` runs (WEB_PROCESSES): by default one per core the
 * machine offers (os.availableParallelism()), at least 1. They share the port through Node's
 * cluster module; nothing in a request needs the same process twice (sessions, sign-in
 * throttles and realtime all live in Postgres: every process LISTENs for itself). The dev
 * server (`npm run dev`) is always one process.
 */
export function webProcessCount(env: Record<string, string | undefined> = process.env, cores = availableParallelism(), dev = false): number {
  if (dev) return 1;
  const asked = Number(env.WEB_PROCESSES);
  if (env.WEB_PROCESSES && Number.isInteger(asked) && asked >= 1) return asked;
  return Math.max(1, cores);
}
