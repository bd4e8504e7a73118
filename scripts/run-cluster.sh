#!/usr/bin/env bash
# make run-cluster: PostgreSQL (data under var/pg, run as the `postgres`
# user), two gateway hosts on one database (:8081, :8082) and HAProxy on
# :8080 in front, health-checking /readyz. Seeds an empty database and prints
# the demo keys. Ctrl-C stops everything it started.
# Environment: BUILD_DIR (build), CONFIG (config/vocalbridge.json),
# CLUSTER_PORT (8080), CLUSTER_PG_PORT (55432).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
[[ $BUILD = /* ]] || BUILD="$ROOT/$BUILD"
BIN="$BUILD/bin"
PORT=${CLUSTER_PORT:-8080}
source "$ROOT/scripts/cluster.sh"

mkdir -p var/cluster
trap 'echo; echo "run-cluster: stopping"; cluster_stop' EXIT
trap 'exit 130' INT TERM

cluster_pg_start "$ROOT/var/pg" "${CLUSTER_PG_PORT:-55432}"
echo "run-cluster: PostgreSQL at ${CLUSTER_URL/:vb@/:***@}"
cluster_config "${CONFIG:-config/vocalbridge.json}" var/cluster/host.json
# The first host seeds an empty database (and prints the keys); the second finds it seeded.
: >var/cluster/host1.log
: >var/cluster/host2.log
cluster_host_start var/cluster/host.json $((PORT + 1)) var/cluster/host1.log --seed-if-empty
cluster_host_start var/cluster/host.json $((PORT + 2)) var/cluster/host2.log
cluster_haproxy_start var/cluster "$PORT" $((PORT + 1)) $((PORT + 2))
# Keys are shown once, when the database is seeded; kept in var/cluster/keys.txt for later starts.
if grep -q '^VB_ADMIN_KEY=' var/cluster/host1.log; then
  grep -v '^{' var/cluster/host1.log | grep -v '^VocalBridge listening' >var/cluster/keys.txt || true
fi
cat var/cluster/keys.txt 2>/dev/null || echo "run-cluster: the database was seeded earlier; its keys are not stored here"
echo "run-cluster: http://127.0.0.1:$PORT → hosts :$((PORT + 1)) :$((PORT + 2)) (logs in var/cluster/). Ctrl-C stops."
wait "${CLUSTER_PIDS[@]}" "$CLUSTER_HAPROXY_PID"
