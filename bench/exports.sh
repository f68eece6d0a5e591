#!/usr/bin/env bash
# Measures `demarc export oscal` and `demarc export backstage` on the
# synthetic enterprise model (size L by default): wall time, CPU time and
# peak memory (median of RUNS runs each) and the size of every document,
# against the goals: each export under 10 s and under 1 GB peak RSS.
#
#   bench/exports.sh                 # size L, 3 runs each
#   SIZE=M RUNS=5 bench/exports.sh
#
# Wall time suffers when other work shares the CPUs; the CPU seconds are
# printed beside it. Exits non-zero only when the measurement fails;
# missed goals are printed as FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

SIZE=${SIZE:-L}
RUNS=${RUNS:-3}
case $RUNS in
  '' | *[!0-9]* | 0) die "RUNS must be a positive number, got '$RUNS'" ;;
esac
command -v go >/dev/null 2>&1 || die "Go is not installed; install Go 1.26 or newer"
[ -x /usr/bin/time ] || ensure_pkg /usr/bin/time time

GOAL_WALL=10   # seconds per export
GOAL_RSS=1024  # MB peak resident memory per export

tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-exports-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "== building demarc"
go build -o "$tmp/demarc" ./cmd/demarc || die "go build ./cmd/demarc failed"
echo "== generating the synthetic model $SIZE"
go run ./bench/gen -size "$SIZE" -o "$tmp/model" >/dev/null || die "generating the model failed"

echo "== measuring ($RUNS runs each; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
: >"$tmp/oscal.times"
: >"$tmp/backstage.times"
for _ in $(seq 1 "$RUNS"); do
  rm -rf "$tmp/oscal" "$tmp/catalog-info.yaml"
  timed "$tmp/oscal.times" "$tmp/demarc" export oscal "$tmp/model" --force -o "$tmp/oscal" >"$tmp/oscal.out" 2>&1 || { cat "$tmp/oscal.out" >&2; die "export oscal failed"; }
  timed "$tmp/backstage.times" "$tmp/demarc" export backstage "$tmp/model" --force -o "$tmp/catalog-info.yaml" >"$tmp/backstage.out" 2>&1 || { cat "$tmp/backstage.out" >&2; die "export backstage failed"; }
done

echo
echo "Exports of the synthetic model $SIZE: median of $RUNS runs (load, check and export)"
printf '  %-20s %10s %10s %12s   %s\n' "export" "wall" "cpu" "peak RSS" "goal (< ${GOAL_WALL} s, < ${GOAL_RSS} MB)"
for x in oscal backstage; do
  wall=$(median 1 "$tmp/$x.times"); rss=$(median 2 "$tmp/$x.times" | awk '{ printf "%.0f", $1 / 1024 }'); cpu=$(median 3 "$tmp/$x.times")
  printf '  %-20s %8s s %8s s %9s MB   wall %s, cpu %s, memory %s\n' "$x" "$wall" "$cpu" "$rss" \
    "$(verdict "$wall" '<' "$GOAL_WALL")" "$(verdict "$cpu" '<' "$GOAL_WALL")" "$(verdict "$rss" '<' "$GOAL_RSS")"
done
echo
echo "Documents:"
cat "$tmp/oscal.out" "$tmp/backstage.out" | sed 's/^/  /'
