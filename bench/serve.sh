#!/usr/bin/env bash
# Measures the `who` API of `demarc serve` on the synthetic enterprise model
# (size L by default) with wrk on loopback, and, in the same run, nginx
# serving the same response body as a static file under the same load.
# Prints requests per second, p50 and p99 latency, demarc's peak resident
# memory, and demarc's throughput as a fraction of nginx's; then the same
# for varied questions (CELLS distinct cells in random order, more than the
# server keeps answers for).
# Goals (on a 2-core machine): at least half of nginx's throughput, p99
# under 5 ms, peak RSS under 500 MB.
#
# The servers and wrk run on separate CPUs (the first half of the CPUs for
# the servers, the rest for wrk; PIN=0 lets them share all CPUs), as a
# load generator on its own machine would.
#
#   bench/serve.sh                            # size L, 10 s, 32 connections
#   SIZE=M DURATION=5 CONNECTIONS=64 bench/serve.sh
#   PIN=0 THREADS=2 bench/serve.sh            # wrk shares the CPUs
#   ROUNDS=5 bench/serve.sh                   # median of 5 runs (default 3)
#   TENANTS=1000000 bench/serve.sh            # L with a million tenants
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

SIZE=${SIZE:-L}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
CELLS=${CELLS:-20000}
ROUNDS=${ROUNDS:-3}
PIN=${PIN:-1}
TENANTS=${TENANTS:-}
case $TENANTS in
  *[!0-9]*) die "TENANTS must be a number of tenants, got '$TENANTS'" ;;
esac
# Peak memory goal in MB: 500 for L, 700 for L with a million tenants.
GOAL_RSS=500
if [ -n "$TENANTS" ] && [ "$TENANTS" -ge 1000000 ]; then GOAL_RSS=700; fi

# CPU sets: the servers get the first half, wrk the rest.
ncpu=$(nproc)
server_cpus="" client_cpus=""
if [ "$PIN" = 1 ] && [ "$ncpu" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
  half=$((ncpu / 2))
  server_cpus="0-$((half - 1))"
  client_cpus="$half-$((ncpu - 1))"
  THREADS=${THREADS:-$((ncpu - half))}
  server_workers=$half
else
  [ "$PIN" = 1 ] && echo "note: not pinning (needs 2 CPUs and taskset); wrk shares the CPUs with the servers" >&2
  THREADS=${THREADS:-2}
  server_workers=$ncpu
fi
on_server=() on_client=()
if [ -n "$server_cpus" ]; then
  on_server=(taskset -c "$server_cpus")
  on_client=(taskset -c "$client_cpus")
fi

for v in DURATION THREADS CONNECTIONS CELLS ROUNDS; do
  case ${!v} in
    '' | *[!0-9]* | 0) die "$v must be a positive number, got '${!v}'" ;;
  esac
done
[ "$DURATION" -le 300 ] || die "DURATION is at most 300 seconds"
command -v go >/dev/null 2>&1 || die "Go is not installed; install Go 1.26 or newer"
ensure_pkg curl curl
ensure_pkg wrk wrk
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || ensure_pkg nginx nginx
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-serve-bench.XXXXXX")
demarc_pid=""
nginx_pid=""
cleanup() {
  for pid in $demarc_pid $nginx_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $demarc_pid $nginx_pid; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port: a loopback port nothing listens on.
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  die "no free loopback port found"
}

# wait_http URL SECONDS: waits until URL answers 200.
wait_http() {
  local i
  for i in $(seq 1 $((2 * $2))); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

# load NAME URL [SCRIPT]: runs wrk against URL (with a Lua script, if
# given) and prints "rps p50-ms p99-ms".
load() {
  local out="$tmp/wrk-$1.txt" script=()
  [ -n "${3:-}" ] && script=(-s "$3")
  timeout $((DURATION + 60)) "${on_client[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency "${script[@]}" "$2" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk against $1 failed"; }
  if grep -q 'Non-2xx or 3xx responses' "$out"; then
    cat "$out" >&2
    die "$1 answered with errors under load"
  fi
  if grep -q 'Socket errors' "$out"; then
    echo "note: $1: $(grep 'Socket errors' "$out" | sed 's/^ *//')" >&2
  fi
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END {
      if (rps == "" || p50 == "" || p99 == "") exit 1
      printf "%.0f %.3f %.3f\n", rps, p50, p99
    }' "$out" || { cat "$out" >&2; die "cannot read the figures of wrk for $1"; }
}

echo "== building demarc"
go build -o "$tmp/demarc" ./cmd/demarc || die "go build ./cmd/demarc failed"
echo "== generating the synthetic model $SIZE${TENANTS:+ with $TENANTS tenants}"
go run ./bench/gen -size "$SIZE" ${TENANTS:+-tenants "$TENANTS"} -o "$tmp/model" >/dev/null || die "generating the model failed"

dport=$(free_port)
base="http://127.0.0.1:$dport"
echo "== starting demarc serve on $base (no database, anonymous)"
"${on_server[@]}" "$tmp/demarc" serve "$tmp/model" --addr "127.0.0.1:$dport" --no-db >"$tmp/demarc.log" 2>&1 &
demarc_pid=$!
if ! wait_http "$base/readyz" 120; then
  cat "$tmp/demarc.log" >&2
  die "demarc serve was not ready within 120 s"
fi

# One cell of the model: the first per-service cell the matrix lists.
percell='"activity":"[^"]*","grain":"service","service":"[^"]*","provider":"[^"]*","landing_zone":"[^"]*"'
curl -fsS --max-time 10 -o "$tmp/first.json" "$base/api/v1/matrix?limit=1000" || die "GET /api/v1/matrix failed"
cell=$(grep -o "$percell" "$tmp/first.json" | head -n 1 || true)
field() { printf '%s' "$cell" | grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }
activity=$(field activity)
service=$(field service)
zone=$(field landing_zone)
[ -n "$activity" ] && [ -n "$service" ] && [ -n "$zone" ] || die "cannot read a per-service cell from /api/v1/matrix: $cell"
who="$base/api/v1/who?activity=$activity&service=$service&landing_zone=$zone"
curl -fsS --max-time 10 -o "$tmp/who.json" "$who" || die "GET $who failed"
size=$(wc -c <"$tmp/who.json")

nport=$(free_port)
mkdir -p "$tmp/nginx/html" "$tmp/nginx/logs"
cp "$tmp/who.json" "$tmp/nginx/html/who.json"
# The workers may run as another user (nobody when started as root).
chmod 755 "$tmp" "$tmp/nginx" "$tmp/nginx/html"
chmod 644 "$tmp/nginx/html/who.json"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes $server_workers;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nport;
    root $tmp/nginx/html;
    location = /who.json { default_type application/json; }
  }
}
CONF
echo "== starting nginx on 127.0.0.1:$nport ($server_workers workers, the same body as a static file)"
"${on_server[@]}" "$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' >"$tmp/nginx/logs/stderr" 2>&1 &
nginx_pid=$!
if ! wait_http "http://127.0.0.1:$nport/who.json" 20; then
  cat "$tmp/nginx/logs/stderr" "$tmp/nginx/logs/error.log" >&2 2>/dev/null || true
  die "nginx did not start"
fi
cmp -s "$tmp/who.json" <(curl -fsS "http://127.0.0.1:$nport/who.json") || die "nginx does not serve the same body"

# Varied questions: CELLS cells spread over the matrix, asked in random
# order by a wrk script.
echo "== picking $CELLS cells for the varied run"
curl -fsS --max-time 60 "$base/api/v1/matrix?limit=100000" |
  grep -o "$percell" |
  awk -F'"' -v n="$CELLS" '{ line[NR] = "/api/v1/who?activity=" $4 "&service=" $12 "&landing_zone=" $20 }
    END { if (NR == 0) exit 1; step = NR / n; if (step < 1) step = 1; for (i = 1; i <= NR && c < n; i += step) { print line[int(i)]; c++ } }' >"$tmp/cells.txt" ||
  die "cannot read cells from /api/v1/matrix"
ncells=$(wc -l <"$tmp/cells.txt")
cat >"$tmp/varied.lua" <<LUA
local paths = {}
for line in io.lines("$tmp/cells.txt") do paths[#paths + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 1000)
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
LUA

if [ -n "$server_cpus" ]; then
  placement="servers on CPUs $server_cpus, wrk on CPUs $client_cpus"
else
  placement="servers and wrk share all CPUs"
fi
echo "== measuring: wrk ${DURATION} s, $THREADS threads, $CONNECTIONS connections; $ncpu CPUs, $placement; load average $(cut -d' ' -f1-3 /proc/loadavg)"
peak_rss() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$demarc_pid/status" || die "cannot read demarc's peak RSS"; }
# A short warm-up of each, then ROUNDS measured runs of each, alternating;
# the figures are the medians.
DURATION=2 load demarc-warm "$who" >/dev/null
DURATION=2 load nginx-warm "http://127.0.0.1:$nport/who.json" >/dev/null
: >"$tmp/demarc.runs"
: >"$tmp/nginx.runs"
: >"$tmp/varied.runs"
for round in $(seq 1 "$ROUNDS"); do
  echo "   round $round of $ROUNDS"
  load demarc "$who" >>"$tmp/demarc.runs"
  d_rss=$(peak_rss)
  load nginx "http://127.0.0.1:$nport/who.json" >>"$tmp/nginx.runs"
  load demarc-varied "$base/" "$tmp/varied.lua" >>"$tmp/varied.runs"
done
d_now=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$demarc_pid/status") || die "cannot read demarc's RSS"
v_rss=$(peak_rss)
kill -0 "$demarc_pid" 2>/dev/null || { cat "$tmp/demarc.log" >&2; die "demarc serve exited during the run"; }
for name in demarc nginx varied; do
  read -r "${name:0:1}_rps" "${name:0:1}_p50" "${name:0:1}_p99" <<<"$(median 1 "$tmp/$name.runs") $(median 2 "$tmp/$name.runs") $(median 3 "$tmp/$name.runs")"
done
fraction=$(awk -v d="$d_rps" -v n="$n_rps" 'BEGIN { if (n > 0) printf "%.2f", d / n; else print "0" }')

echo
echo "who API of the synthetic model $SIZE: one cell ($activity, $service, $zone), $size bytes"
echo "median of $ROUNDS runs of wrk ${DURATION} s, $THREADS threads, $CONNECTIONS connections, loopback, $placement ($("$NGINX" -v 2>&1 | sed 's/.*: //'))"
printf '  %-34s %10s %10s %10s %10s\n' "server" "req/s" "p50" "p99" "peak RSS"
printf '  %-34s %10s %7s ms %7s ms %7s MB\n' "demarc serve, GET /api/v1/who" "$d_rps" "$d_p50" "$d_p99" "$d_rss"
printf '  %-34s %10s %7s ms %7s ms %10s\n' "nginx, the same body, static file" "$n_rps" "$n_p50" "$n_p99" "-"
printf '  %-34s %10s %7s ms %7s ms %7s MB\n' "demarc, $ncells cells at random" "$v_rps" "$v_p50" "$v_p99" "$v_rss"
printf '  %-34s %7s MB\n' "demarc RSS after the runs" "$d_now"
printf '  %-34s %10s\n' "throughput demarc / nginx" "$fraction"
printf '  %-34s %10s   %s\n' "goal: >= 0.5 of nginx's throughput" "$fraction" "$(verdict 0.5 '<=' "$fraction")"
printf '  %-34s %7s ms   %s\n' "goal: p99 < 5 ms" "$d_p99" "$(verdict "$d_p99" '<' 5)"
printf '  %-34s %7s MB   %s\n' "goal: peak RSS < $GOAL_RSS MB" "$v_rss" "$(verdict "$v_rss" '<' "$GOAL_RSS")"
