import type { JobDefinition } from "./define-job";
import { pruneHeartbeats } from "./prune-heartbeats";

/** Every job the worker runs. */
export const JOBS: JobDefinition[] = [pruneHeartbeats];
