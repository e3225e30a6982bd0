/**
 * How long each process drains after SIGTERM before it exits regardless. The web process
 * finishes in-flight requests and ends event streams; the worker hands its live calls back
 * (their leases and liveness locks go, so a peer takes them at once) and stops its loops.
 * deploy/k8s sets terminationGracePeriodSeconds above these, plus the web's preStop pause
 * (deploy/k8s/manifests.test.ts checks it), so Kubernetes never SIGKILLs a drain midway.
 */
export const WEB_DRAIN_MS = 10_000;
export const WORKER_DRAIN_MS = 20_000;
