#!/usr/bin/env bash
# Measures `demarc diff` on the synthetic enterprise model (size L by
# default) against `demarc check` of the same model: the model compared
# with itself (no change must be reported) and with a copy in which 1 % of
# the rules have another accountable party. CPU time and peak memory, the
# median of several runs each, against the goals: a diff costs less than
# twice a check. See bench/README.md.
#
#   bench/diff.sh                  # size L, 3 runs each
#   SIZE=M RUNS=5 bench/diff.sh
#
# Exits non-zero only when the measurement itself fails; missed goals are
# printed as FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-L}
RUNS=${RUNS:-3}
GOAL_FACTOR=2 # diff / check, for CPU time and for peak RSS

. bench/lib.sh

case $RUNS in
  '' | *[!0-9]* | 0) die "RUNS must be a positive number, got '$RUNS'" ;;
esac
command -v go >/dev/null 2>&1 || die "Go is not installed; install Go 1.26 or newer"
[ -x /usr/bin/time ] || ensure_pkg /usr/bin/time time

tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-bench-diff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "== building demarc"
go build -o "$tmp/demarc" ./cmd/demarc || die "go build ./cmd/demarc failed"
echo "== generating the synthetic model $SIZE"
go run ./bench/gen -size "$SIZE" -o "$tmp/base" >/dev/null || die "generating the model failed"
cp -r "$tmp/base" "$tmp/head"
# Every 100th rule gets the accountable party of the rule before it (a
# party that exists), when the two differ.
changed=0
for f in "$tmp"/head/rules/*.yaml; do
  awk -v start="$changed" '
    /^    accountable: / {
      n++; v = $2
      if ((start + n) % 100 == 0 && prev != "" && prev != v) { sub(/accountable: .*/, "accountable: " prev); c++ }
      prev = v
    }
    { print }
    END { print c + 0 > "/dev/stderr" }' "$f" >"$f.new" 2>"$tmp/count" || die "editing $f failed"
  mv "$f.new" "$f"
  changed=$((changed + $(cat "$tmp/count")))
done
echo "   $changed rules changed"

# run NAME WANT-STATUS ARGS...: one warm-up, then RUNS measured runs.
run() {
  local name=$1 want=$2 i rc
  shift 2
  : >"$tmp/$name.times"
  for i in $(seq 0 "$RUNS"); do
    rc=0
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time.out" "$tmp/demarc" "$@" >"$tmp/$name.out" 2>&1 || rc=$?
    [ "$rc" = "$want" ] || { sed -n 1,20p "$tmp/$name.out" >&2; die "demarc $* exited with status $rc, want $want"; }
    [ "$i" = 0 ] || tail -n 1 "$tmp/time.out" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$tmp/$name.times"
  done
  printf '   %-10s %s\n' "$name:" "$(head -n 1 "$tmp/$name.out")"
}

echo "== measuring ($RUNS runs each after one warm-up; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
run check 0 check "$tmp/base"
run same 0 diff "$tmp/base" "$tmp/base"
run changed 1 diff "$tmp/base" "$tmp/head"

echo
printf '  %-28s %10s %10s %10s\n' "command" "wall" "cpu (u+s)" "peak RSS"
for n in check same changed; do
  printf '  %-28s %8s s %8s s %7s MB\n' "$n" "$(median 1 "$tmp/$n.times")" "$(median 3 "$tmp/$n.times")" \
    "$(median 2 "$tmp/$n.times" | awk '{ printf "%.0f", $1 / 1024 }')"
done
cpu=$(awk -v d="$(median 3 "$tmp/changed.times")" -v c="$(median 3 "$tmp/check.times")" 'BEGIN { printf "%.2f", d / c }')
rss=$(awk -v d="$(median 2 "$tmp/changed.times")" -v c="$(median 2 "$tmp/check.times")" 'BEGIN { printf "%.2f", d / c }')
echo
printf '  %-28s %10s %10s   %s\n' "goal (1 % changed)" "target" "measured" "result"
printf '  %-28s %10s %10s   %s\n' "diff / check, CPU time" "< ${GOAL_FACTOR}" "$cpu" "$(verdict "$cpu" '<' "$GOAL_FACTOR")"
printf '  %-28s %10s %10s   %s\n' "diff / check, peak RSS" "< ${GOAL_FACTOR}" "$rss" "$(verdict "$rss" '<' "$GOAL_FACTOR")"
