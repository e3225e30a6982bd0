/**
 * A worker thread running a TypeScript module: the thread registers tsx's loader
 * (tsx/esm/api) before it imports the module. A worker does not inherit the `--import tsx`
 * of `npm run`, and on Node 20 neither `execArgv: ["--import", "tsx"]` nor importing tsx's
 * loader first has it ready in time for the entry (ERR_UNKNOWN_FILE_EXTENSION).
 */
import { Worker } from "node:worker_threads";

export function startTsWorker(entry: URL, workerData: unknown): Worker {
  const api = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const code = `import(${api}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}
