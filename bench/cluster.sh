#!/usr/bin/env bash
# bench/cluster.sh: three `demarc serve` replicas on one PostgreSQL behind
# nginx, under load (readers of pages and `who`, signed-in people posting
# acknowledgements), through a rolling restart, a SIGKILL of one replica, a
# model change pushed to every replica, and a PostgreSQL restart. Prints,
# per phase, requests, failures, p50/p99 and acknowledgements confirmed,
# refused (503) and failed, then the times to rejoin, converge and recover,
# and how many confirmed acknowledgements were lost (must be 0).
#
#   bench/cluster.sh            # the full run (about a minute)
#
# The test suite runs the same test with shorter phases
# (go test ./bench/cluster). It needs nginx (installed here when missing)
# and a PostgreSQL server it may restart: DEMARC_TEST_POSTGRES with
# DEMARC_TEST_POSTGRES_STOP/_START, or, when unset, the local Debian
# cluster, started here.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
. scripts/postgres.sh

command -v go >/dev/null 2>&1 || die "Go is not installed; install Go 1.26 or newer"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || ensure_pkg nginx nginx

if [ -z "${DEMARC_TEST_POSTGRES:-}" ]; then
  [ -d /usr/lib/postgresql ] || ensure_pkg pg_ctlcluster postgresql
  start_test_postgres
fi

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
go test -count=1 -timeout 10m -v -run '^TestCluster$' ./bench/cluster -args -cluster.full |
  sed -n 's/^ *cluster_test.go:[0-9]*: //p; /^--- /p; /^FAIL/p; /^ok/p'
