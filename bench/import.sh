#!/usr/bin/env bash
# Measures `demarc import mcsb` on the reference baselines in
# ../shared/data/mcsb-v3 (or DATA=DIR): median wall time and peak memory
# of several runs into a fresh folder, against the goals for 118 workbooks
# (< 2 s, < 300 MB). See bench/README.md.
#
#   bench/import.sh               # 5 runs
#   RUNS=3 DATA=path/to/3.0 bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
DATA=${DATA:-../shared/data/mcsb-v3}
GOAL_WALL=2     # seconds, for 118 workbooks
GOAL_RSS=300    # MB

. bench/lib.sh

[ -d "$DATA" ] || die "no baseline workbooks in $DATA; set DATA to the folder of .xlsx files"
[ -x /usr/bin/time ] || ensure_pkg /usr/bin/time time
tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-import.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/demarc" ./cmd/demarc
n=$(find "$DATA" -maxdepth 1 -name '*.xlsx' | wc -l)

walls=() rsss=()
for i in $(seq "$RUNS"); do
  rm -rf "$tmp/out"
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$tmp/demarc" import mcsb "$DATA" -o "$tmp/out" >/dev/null
  read -r wall rss <"$tmp/time"
  walls+=("$wall") rsss+=("$((rss / 1024))")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall=$(median "${walls[@]}") rss=$(median "${rsss[@]}")
echo "import of $n workbooks: median wall ${wall}s, peak RSS ${rss} MB over $RUNS runs"
# The goals are for 118 workbooks; scale them to the number measured.
awk -v w="$wall" -v r="$rss" -v n="$n" -v gw="$GOAL_WALL" -v gr="$GOAL_RSS" 'BEGIN {
  lw = gw * n / 118
  printf "%s wall %.2fs (goal %.2fs for %d workbooks)\n", (w <= lw ? "ok  " : "FAIL"), w, lw, n
  printf "%s peak RSS %d MB (goal %d MB)\n", (r <= gr ? "ok  " : "FAIL"), r, gr
}'
