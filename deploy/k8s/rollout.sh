#!/bin/sh
# A rollout in order: settings, then migrations to completion, then the Deployments (each rolls
# one new pod at a time, an old one stopping only once its successor is ready).
#   deploy/k8s/rollout.sh [namespace]     (the Secret switchboard-secrets must exist already)
set -eu
ns="${1:-default}"
dir="$(cd "$(dirname "$0")" && pwd)"
k() { kubectl --namespace "$ns" "$@"; }

k get secret switchboard-secrets >/dev/null || { echo "create the Secret switchboard-secrets first (see secret.example.yaml)" >&2; exit 1; }
k apply -f "$dir/config.yaml"
# a Job's template cannot change in place: the previous run goes, this release's runs
k delete job switchboard-migrate --ignore-not-found --wait=true
k apply -f "$dir/migrate-job.yaml"
if ! k wait --for=condition=complete --timeout=600s job/switchboard-migrate; then
  k logs job/switchboard-migrate --tail=50 >&2 || true
  echo "migrations failed: the running version keeps serving; nothing else was changed" >&2
  exit 1
fi
k apply -f "$dir/web.yaml" -f "$dir/worker.yaml"
k rollout status deployment/switchboard-web --timeout=600s
k rollout status deployment/switchboard-worker --timeout=600s
