#!/usr/bin/env bash
# Measures the inventory goals (see bench/README.md): importing 100,000 AWS
# accounts with ten tags each (`demarc import tenants aws`), and what
# reconciling the synthetic model L's tenants with one account each adds
# to `demarc check` (`--inventory`). Median of several runs; wall time,
# CPU time (user + system) and peak resident memory.
#
#   bench/inventory.sh              # 3 runs each
#   RUNS=5 SIZE=M bench/inventory.sh
#   KEEP=1 bench/inventory.sh       # keep the binary, model and inventories
#
# Exits non-zero only when the measurement itself fails; missed goals are
# printed as FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-L}
RUNS=${RUNS:-3}
ACCOUNTS=${ACCOUNTS:-100000}
KEEP=${KEEP:-}

GOAL_IMPORT_WALL=1     # seconds, importing 100,000 AWS accounts
GOAL_IMPORT_RSS=300    # MB
GOAL_RECONCILE=0.5     # seconds that --inventory adds to check on L

. bench/lib.sh

case $RUNS in
  '' | *[!0-9]* | 0) die "RUNS must be a positive number, got '$RUNS'" ;;
esac
command -v go >/dev/null 2>&1 || die "Go is not installed; install Go 1.26 or newer"
[ -x /usr/bin/time ] || ensure_pkg /usr/bin/time time

tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-bench-inventory.XXXXXX")
cleanup() {
  if [ -n "$KEEP" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building demarc"
go build -o "$tmp/demarc" ./cmd/demarc || die "go build ./cmd/demarc failed"

echo "== generating $ACCOUNTS AWS accounts, the model $SIZE and one account per tenant"
go run ./bench/geninventory -untracked "$ACCOUNTS" -o "$tmp/untracked" || die "generating the accounts failed"
mkdir -p "$tmp/owners"
printf 'parties:\n  - {id: team-untracked, kind: application, name: Untracked}\n' >"$tmp/owners/parties.yaml"
printf 'inventory: {owner_tag: owner}\n' >"$tmp/owners/.demarc.yaml"
go run ./bench/gen -size "$SIZE" -o "$tmp/model" >/dev/null || die "generating the model failed"
go run ./bench/geninventory -model "$tmp/model" -o "$tmp/inv" || die "generating the model's inventories failed"

# run NAME ARGS...: one warm-up, then RUNS measured runs of demarc ARGS.
run() {
  local name=$1 i rc
  shift
  : >"$tmp/$name.times"
  for i in $(seq 0 "$RUNS"); do
    rc=0
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time.out" "$tmp/demarc" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
    if [ "$rc" -ge 2 ]; then
      sed -n 1,20p "$tmp/$name.err" >&2
      die "demarc $* exited with status $rc"
    fi
    echo "$rc" >"$tmp/$name.status"
    [ "$i" -gt 0 ] && tail -n 1 "$tmp/time.out" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$tmp/$name.times"
  done
  printf '   %-10s %s\n' "$name:" "$(tail -n 1 "$tmp/$name.err" "$tmp/$name.out" 2>/dev/null | grep -v '^==>' | grep . | tail -n 1)"
}

echo "== measuring ($RUNS runs each after one warm-up; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
run import import tenants aws "$tmp/untracked/aws.json" -m "$tmp/owners" -o "$tmp/owners/aws.csv"
rm -f "$tmp/owners/aws.csv"
run check check "$tmp/model"
run reconcile check "$tmp/model" --inventory "$tmp/inv/aws.json" --inventory "$tmp/inv/azure.json" --inventory "$tmp/inv/gcp.json"

col() { median "$1" "$tmp/$2.times"; }
mb() { col 2 "$1" | awk '{ printf "%.0f", $1 / 1024 }'; }
added=$(awk -v a="$(col 1 reconcile)" -v b="$(col 1 check)" 'BEGIN { printf "%.2f", a - b }')
added_cpu=$(awk -v a="$(col 3 reconcile)" -v b="$(col 3 check)" 'BEGIN { printf "%.2f", a - b }')
mbytes=$(du -m "$tmp/untracked/aws.json" | cut -f1)

echo
printf '  %-44s %8s %11s %10s\n' "command (median of $RUNS)" "wall" "cpu (u+s)" "peak RSS"
printf '  %-44s %6s s %9s s %7s MB\n' "import tenants aws ($ACCOUNTS accounts, $mbytes MB)" "$(col 1 import)" "$(col 3 import)" "$(mb import)"
printf '  %-44s %6s s %9s s %7s MB\n' "check $SIZE" "$(col 1 check)" "$(col 3 check)" "$(mb check)"
printf '  %-44s %6s s %9s s %7s MB\n' "check $SIZE --inventory (one account per tenant)" "$(col 1 reconcile)" "$(col 3 reconcile)" "$(mb reconcile)"
echo
printf '  %-44s %10s %10s   %s\n' "goal" "target" "measured" "result"
printf '  %-44s %10s %10s   %s\n' "import wall time" "< ${GOAL_IMPORT_WALL} s" "$(col 1 import) s" "$(verdict "$(col 1 import)" '<' "$GOAL_IMPORT_WALL")"
printf '  %-44s %10s %10s   %s\n' "import peak RSS" "< ${GOAL_IMPORT_RSS} MB" "$(mb import) MB" "$(verdict "$(mb import)" '<' "$GOAL_IMPORT_RSS")"
printf '  %-44s %10s %10s   %s\n' "time --inventory adds to check (wall)" "< ${GOAL_RECONCILE} s" "$added s" "$(verdict "$added" '<' "$GOAL_RECONCILE")"
printf '  %-44s %10s %10s   %s\n' "  the same in cpu time" "" "$added_cpu s" ""
printf '  %-44s %10s %10s   %s\n' "reconciled model passes check" "exit 0" "exit $(cat "$tmp/reconcile.status")" "$(verdict "$(cat "$tmp/reconcile.status")" '=' 0)"
