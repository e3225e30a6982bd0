import type { JobDefinition } from "./define-job";
import { pruneHeartbeats } from "./prune-heartbeats";
import { recordingJob } from "@/lib/calls/recording-job";
import { IDENTITY_JOBS } from "@/lib/identity/db/jobs";
import { pruneRealtimeEvents } from "@/lib/realtime/prune-job";
import { signalsRollupJob } from "@/lib/analytics/signals-rollup";

/** Every job the worker runs. */
export const JOBS: JobDefinition[] = [pruneHeartbeats, recordingJob, pruneRealtimeEvents, signalsRollupJob, ...IDENTITY_JOBS];
