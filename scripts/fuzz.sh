#!/usr/bin/env bash
# A long fuzz run over every fuzz target, for a machine with time to spare
# (not CI): the total time is shared evenly between the targets, and each
# target's executions and new corpus entries are reported at the end.
#
#   scripts/fuzz.sh            # 30 minutes in all
#   scripts/fuzz.sh 2h         # any Go duration
#
# Go keeps the corpus it grows in its cache (go env GOCACHE)/fuzz; a crasher
# is written to the package's testdata/fuzz/<target>/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

total=${1:-30m}
mapfile -t targets < <(grep -rl --include='*_test.go' '^func Fuzz' . |
  xargs grep -ho '^func Fuzz[A-Za-z0-9_]*' /dev/null |
  sed 's/^func //' | sort -u)
mapfile -t pkgs < <(for t in "${targets[@]}"; do
  grep -rl --include='*_test.go' "^func $t(" . | head -n 1 | xargs dirname
done)
n=${#targets[@]}
if [ "$n" = 0 ]; then
  echo "fuzz.sh: no fuzz targets found" >&2
  exit 2
fi
# seconds turns a duration such as 1h30m, 45m or 90s into seconds.
seconds() {
  local d=$1 s=0
  if ! [[ $d =~ ^([0-9]+h)?([0-9]+m)?([0-9]+s)?$ ]] || [ -z "$d" ]; then
    echo "fuzz.sh: write the time as a duration such as 30m, 2h or 1h30m, not $d" >&2
    exit 2
  fi
  [[ $d =~ ([0-9]+)h ]] && s=$((s + BASH_REMATCH[1] * 3600))
  [[ $d =~ ([0-9]+)m ]] && s=$((s + BASH_REMATCH[1] * 60))
  [[ $d =~ ([0-9]+)s ]] && s=$((s + BASH_REMATCH[1]))
  echo "$s"
}
each=$(($(seconds "$total") / n))
[ "$each" -ge 10 ] || each=10
echo "== $n targets, ${each}s each"

summary=()
status=0
for i in "${!targets[@]}"; do
  t=${targets[$i]} p=${pkgs[$i]}
  echo "== $p $t"
  log=$(mktemp)
  go test "$p" -run '^$' -fuzz "^$t\$" -fuzztime "${each}s" >"$log" 2>&1 || status=1
  grep -v '^fuzz: elapsed' "$log" || true
  last=$(grep '^fuzz: elapsed' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/.*execs: \([0-9]*\).*/\1/p' <<<"$last")
  new=$(sed -n 's/.*new interesting: \([0-9]*\).*/\1/p' <<<"$last")
  summary+=("$(printf '%-22s %-12s %12s execs %6s new corpus entries' "$t" "$p" "${execs:-?}" "${new:-?}")")
  rm -f "$log"
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
