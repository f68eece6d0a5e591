#!/usr/bin/env bash
# Measures `demarc check` on the synthetic enterprise model (size L by
# default): wall time and peak memory of a full check and of parsing alone
# (`--stop-after load`), the median of several runs each, against the
# performance goals. See bench/README.md.
#
#   bench/check.sh                 # size L, 5 runs each
#   SIZE=M RUNS=3 bench/check.sh   # another size or number of runs
#   KEEP=1 bench/check.sh          # keep the binary and the model afterwards
#   TENANTS=1000000 bench/check.sh # L with a million tenants, and the memory
#                                  # per tenant against a second model with
#                                  # TENANTS_BASE (default TENANTS / 2)
#
# Exits non-zero only when the measurement itself fails; missed goals are
# printed as FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-L}
RUNS=${RUNS:-5}
KEEP=${KEEP:-}
TENANTS=${TENANTS:-}
TENANTS_BASE=${TENANTS_BASE:-}

# The goals, defined for size L.
GOAL_WALL=1.5   # seconds, median wall time of `demarc check`
GOAL_RSS=500    # MB, median peak resident memory of `demarc check`
GOAL_RATIO=3    # median check time / median parse time

. bench/lib.sh

case $RUNS in
  '' | *[!0-9]* | 0) die "RUNS must be a positive number, got '$RUNS'" ;;
esac
if [ -n "$TENANTS" ]; then
  case $TENANTS in
    *[!0-9]*) die "TENANTS must be a number of tenants, got '$TENANTS'" ;;
  esac
  TENANTS_BASE=${TENANTS_BASE:-$((TENANTS / 2))}
  case $TENANTS_BASE in
    '' | *[!0-9]*) die "TENANTS_BASE must be a number of tenants, got '$TENANTS_BASE'" ;;
  esac
  [ "$TENANTS_BASE" -lt "$TENANTS" ] || die "TENANTS_BASE ($TENANTS_BASE) must be below TENANTS ($TENANTS)"
  # The goals at a million tenants (issue: 1 M tenants in 500 MB).
  if [ "$TENANTS" -ge 1000000 ]; then GOAL_WALL=5; fi
fi
command -v go >/dev/null 2>&1 || die "Go is not installed; install Go 1.26 or newer"

# GNU time reports the peak resident set size; the shell keyword does not.
[ -x /usr/bin/time ] || ensure_pkg /usr/bin/time time

tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-bench.XXXXXX")
cleanup() {
  if [ -n "$KEEP" ]; then
    echo "kept $tmp (binary: $tmp/demarc, model: $tmp/model)"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building demarc"
go build -o "$tmp/demarc" ./cmd/demarc || die "go build ./cmd/demarc failed"

go build -o "$tmp/gen" ./bench/gen || die "go build ./bench/gen failed"
echo "== generating the synthetic model $SIZE${TENANTS:+ with $TENANTS tenants}"
"$tmp/gen" -size "$SIZE" ${TENANTS:+-tenants "$TENANTS"} -o "$tmp/model" >"$tmp/gen.out" || die "generating the model failed"
cat "$tmp/gen.out"

# measure NAME ARGS...: runs `demarc ARGS...` once to warm the page cache,
# then RUNS times, writing one line "wall-seconds peak-KB cpu-seconds" per
# run to $tmp/NAME.times. Exit status 1 (findings) is recorded in
# $tmp/NAME.status; 2 or more is a failure of the run itself.
measure() {
  local name=$1
  shift
  : >"$tmp/$name.times"
  echo 0 >"$tmp/$name.status"
  local i rc
  for i in $(seq 0 "$RUNS"); do
    rc=0
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time.out" "$tmp/demarc" "$@" >"$tmp/$name.out" 2>&1 || rc=$?
    if [ "$rc" -ge 2 ]; then
      sed -n 1,20p "$tmp/$name.out" >&2
      die "demarc $* exited with status $rc"
    fi
    [ "$rc" = 0 ] || echo "$rc" >"$tmp/$name.status"
    if [ "$i" -gt 0 ]; then
      # With a non-zero exit status GNU time writes a notice line first.
      tail -n 1 "$tmp/time.out" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$tmp/$name.times"
    fi
  done
  printf '   %-6s %s\n' "$name:" "$(tail -n 1 "$tmp/$name.out")"
}

echo "== measuring ($RUNS runs each after one warm-up; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
measure check check "$tmp/model"
measure parse check --stop-after load "$tmp/model"
if [ -n "$TENANTS" ]; then
  # The same model with fewer tenants: the difference in peak memory over
  # the difference in tenants is what one more tenant costs.
  echo "== generating the model $SIZE with $TENANTS_BASE tenants"
  "$tmp/gen" -size "$SIZE" -tenants "$TENANTS_BASE" -o "$tmp/model-base" >/dev/null || die "generating the model failed"
  measure base check "$tmp/model-base"
  rm -rf "$tmp/model-base"
fi

check_wall=$(median 1 "$tmp/check.times")
check_rss=$(median 2 "$tmp/check.times" | awk '{ printf "%.0f", $1 / 1024 }')
check_cpu=$(median 3 "$tmp/check.times")
parse_wall=$(median 1 "$tmp/parse.times")
parse_rss=$(median 2 "$tmp/parse.times" | awk '{ printf "%.0f", $1 / 1024 }')
parse_cpu=$(median 3 "$tmp/parse.times")
ratio=$(awk -v c="$check_wall" -v p="$parse_wall" 'BEGIN { if (p > 0) printf "%.2f", c / p; else print "inf" }')
check_status=$(cat "$tmp/check.status")

echo
echo "demarc check on the synthetic model $SIZE: median of $RUNS runs"
# "  parties   200" lines → "200 parties, …"
awk 'NR > 1 && match($0, /[0-9]+/) {
  name = substr($0, 1, RSTART - 1); gsub(/^ +| +$/, "", name)
  printf "%s%s %s", (n++ ? ", " : "  "), substr($0, RSTART, RLENGTH), name
} END { print "" }' "$tmp/gen.out"
echo
printf '  %-34s %10s %12s %10s\n' "command" "wall" "cpu (u+s)" "peak RSS"
printf '  %-34s %8s s %10s s %7s MB\n' "demarc check" "$check_wall" "$check_cpu" "$check_rss"
printf '  %-34s %8s s %10s s %7s MB\n' "demarc check --stop-after load" "$parse_wall" "$parse_cpu" "$parse_rss"
printf '  %-34s %10s\n' "check / parse (wall)" "$ratio"
if [ -n "$TENANTS" ]; then
  base_wall=$(median 1 "$tmp/base.times")
  base_kb=$(median 2 "$tmp/base.times")
  check_kb=$(median 2 "$tmp/check.times")
  base_rss=$(awk -v k="$base_kb" 'BEGIN { printf "%.0f", k / 1024 }')
  per_tenant=$(awk -v a="$check_kb" -v b="$base_kb" -v n="$TENANTS" -v m="$TENANTS_BASE" 'BEGIN { printf "%.0f", (a - b) * 1024 / (n - m) }')
  printf '  %-34s %8s s %10s   %7s MB\n' "demarc check, $TENANTS_BASE tenants" "$base_wall" "" "$base_rss"
  printf '  %-34s %10s\n' "peak RSS per tenant (slope)" "$per_tenant B"
fi
echo
if [ "$SIZE" != L ]; then
  echo "  (the goals are defined for size L; shown for reference)"
fi
if [ -n "$TENANTS" ] && [ "$TENANTS" -lt 1000000 ]; then
  echo "  (the goals are defined for L with 100,000 and with 1,000,000 tenants; shown for reference)"
fi
printf '  %-34s %10s %10s   %s\n' "goal" "target" "measured" "result"
printf '  %-34s %10s %10s   %s\n' "check wall time" "< ${GOAL_WALL} s" "$check_wall s" "$(verdict "$check_wall" '<' "$GOAL_WALL")"
printf '  %-34s %10s %10s   %s\n' "check peak RSS" "< ${GOAL_RSS} MB" "$check_rss MB" "$(verdict "$check_rss" '<' "$GOAL_RSS")"
printf '  %-34s %10s %10s   %s\n' "check / parse ratio" "< ${GOAL_RATIO}" "$ratio" "$(verdict "$ratio" '<' "$GOAL_RATIO")"
printf '  %-34s %10s %10s   %s\n' "model passes check" "exit 0" "exit $check_status" "$(verdict "$check_status" '=' 0)"
if [ "$check_status" != 0 ]; then
  echo
  echo "demarc check found errors in the generated model (first lines):"
  sed -n 1,20p "$tmp/check.out"
fi
