/**
 * Worker thread of match-writer.ts: holds the records' sources and ids, and when it is sent
 * their persons writes the output file (match-output.ts) while the main thread finishes
 * the engine's last stage.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type PackedStrings, unpackStrings } from "@/lib/identity/batch-part";
import { writeMatchLines } from "./match-output";

export interface WriterJob {
  readonly path: string;
  readonly source: Uint8Array;
  readonly ids: PackedStrings;
}

/**
 * Record i's person is `personKeys[clusterOf[i]]`; one with none (-1) has the reason
 * `reasons[reasonCode[i]]`.
 */
export interface WriterRequest {
  readonly personKeys: PackedStrings;
  readonly clusterOf: Int32Array;
  readonly reasonCode: Uint8Array;
  readonly reasons: readonly (string | null)[];
}

const job = workerData as WriterJob;
const ids = unpackStrings(job.ids);
parentPort!.once("message", (request: WriterRequest) => {
  const keys = unpackStrings(request.personKeys);
  const personOf: (string | null)[] = [];
  const reasonOf: (string | null)[] = [];
  for (let i = 0; i < ids.length; i++) {
    const c = request.clusterOf[i]!;
    personOf.push(c >= 0 ? keys[c]! : null);
    reasonOf.push(c >= 0 ? null : request.reasons[request.reasonCode[i]!]!);
  }
  writeMatchLines(job.path, { source: job.source, ids, personOf, reasonOf });
  parentPort!.postMessage("written");
});
