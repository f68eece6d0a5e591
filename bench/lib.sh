# Shared helpers of the bench scripts; source it, do not run it.

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# ensure_pkg COMMAND PACKAGE: installs the Debian package that provides
# COMMAND when it is missing.
ensure_pkg() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "== installing $2 (Debian package)"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "$1 is missing and sudo is not available; install the package '$2'"
    sudo=sudo
  fi
  command -v apt-get >/dev/null 2>&1 || die "$1 is missing; install '$2' with your package manager"
  $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
  $sudo apt-get install -y -qq "$2" >/dev/null || die "could not install the package '$2'"
}

# median COLUMN FILE: the median of one column.
median() {
  awk -v c="$1" '{ print $c }' "$2" | sort -g | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "nan"; exit }
      if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
    }'
}

# timed FILE COMMAND...: runs COMMAND under GNU time, appending
# "wall-seconds peak-KB cpu-seconds" to FILE. Returns the command's status.
timed() {
  local out=$1 rc=0
  shift
  /usr/bin/time -f '%e %M %U %S' -o "$out.time" "$@" || rc=$?
  tail -n 1 "$out.time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$out"
  return $rc
}

# verdict VALUE OP LIMIT: PASS or FAIL.
verdict() {
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<") ? (v + 0 < l + 0) : (op == "<=") ? (v + 0 <= l + 0) : (v + 0 == l + 0); print (ok ? "PASS" : "FAIL") }'
}
