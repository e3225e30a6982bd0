/**
 * Writes the output of `npm run match` on a worker thread (match-output-worker.ts): started
 * once the batch is read, handed the persons when the engine knows them (resolveBatch's
 * onAssigned), it writes while the main thread builds profiles, rejections and possible
 * matches.
 */
import type { Assignment, NormalisedBatch } from "@/lib/identity";
import { packStrings } from "@/lib/identity/batch-part";
import type { WriterJob, WriterRequest } from "./match-output-worker";
import { startTsWorker } from "./ts-worker";

export class MatchWriter {
  private readonly worker;
  private readonly written: Promise<void>;

  constructor(path: string, batch: NormalisedBatch) {
    const job: WriterJob = { path, source: batch.source.slice(), ids: packStrings(batch.ids) };
    this.worker = startTsWorker(new URL("./match-output-worker.ts", import.meta.url), job);
    this.written = new Promise<void>((resolve, reject) => {
      this.worker.once("message", () => resolve());
      this.worker.once("error", reject);
      this.worker.once("exit", (code) => reject(new Error(`output worker exited (${code}) before writing ${path}`)));
    });
    this.written.catch(() => {});
  }

  /** Hands over every record's person (and why not); the worker writes them. */
  write({ clusterOf, personKeys, reasonOf }: Assignment): void {
    const reasons: (string | null)[] = [];
    const reasonCode = new Uint8Array(clusterOf.length);
    for (let i = 0; i < clusterOf.length; i++) {
      if (clusterOf[i]! >= 0) continue;
      const reason = reasonOf[i] ?? null;
      let k = reasons.indexOf(reason);
      if (k < 0) k = reasons.push(reason) - 1;
      reasonCode[i] = k;
    }
    const request: WriterRequest = { personKeys: packStrings(personKeys), clusterOf: clusterOf.slice(), reasonCode, reasons };
    this.worker.postMessage(request, [request.clusterOf.buffer as ArrayBuffer, reasonCode.buffer as ArrayBuffer, request.personKeys.ends.buffer as ArrayBuffer]);
  }

  /** Resolves once the file is written. */
  done(): Promise<void> {
    return this.written;
  }
}
