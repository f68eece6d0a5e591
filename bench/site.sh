#!/usr/bin/env bash
# Measures `demarc build` (the static site) on the synthetic enterprise
# model (size L by default) against Hugo rendering the same pages: a
# minimal theme-less Hugo site with one Markdown page per demarc page,
# holding that page's title, text and tables (bench/hugocontent). Prints
# wall time, pages per second and peak memory (median of RUNS runs each) and the ratio demarc / Hugo.
# Goal: demarc's build is no slower than Hugo's for the same page count.
#
#   bench/site.sh                  # size L, 5 runs each
#   SIZE=M RUNS=3 bench/site.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

SIZE=${SIZE:-L}
RUNS=${RUNS:-5}
case $RUNS in
  '' | *[!0-9]* | 0) die "RUNS must be a positive number, got '$RUNS'" ;;
esac
command -v go >/dev/null 2>&1 || die "Go is not installed; install Go 1.26 or newer"
[ -x /usr/bin/time ] || ensure_pkg /usr/bin/time time
ensure_pkg hugo hugo

tmp=$(mktemp -d "${TMPDIR:-/tmp}/demarc-site-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "== building demarc"
go build -o "$tmp/demarc" ./cmd/demarc || die "go build ./cmd/demarc failed"
echo "== generating the synthetic model $SIZE"
go run ./bench/gen -size "$SIZE" -o "$tmp/model" >/dev/null || die "generating the model failed"

echo "== preparing a Hugo site with the same pages"
# One Markdown page per demarc page, with its title, text and tables, so
# Hugo renders the same number of pages of about the same text.
"$tmp/demarc" build "$tmp/model" -o "$tmp/site" >/dev/null || die "demarc build failed"
mkdir -p "$tmp/hugo/layouts/_default"
go run ./bench/hugocontent -site "$tmp/site" -o "$tmp/hugo/content" >/dev/null || die "preparing the Hugo content failed"
cat >"$tmp/hugo/hugo.toml" <<'TOML'
baseURL = "http://localhost/"
title = "demarc benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
TOML
for layout in single list; do
  cat >"$tmp/hugo/layouts/_default/$layout.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
HTML
done
cp "$tmp/hugo/layouts/_default/list.html" "$tmp/hugo/layouts/index.html"

: >"$tmp/demarc.times"
: >"$tmp/hugo.times"
echo "== measuring ($RUNS runs each after one warm-up; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq 0 "$RUNS"); do
  rm -rf "$tmp/site" "$tmp/hugo-out"
  t="$tmp/demarc.times"
  h="$tmp/hugo.times"
  if [ "$i" = 0 ]; then t="$tmp/warm"; h="$tmp/warm"; fi
  timed "$t" "$tmp/demarc" build "$tmp/model" -o "$tmp/site" >"$tmp/demarc.out" 2>&1 || { cat "$tmp/demarc.out" >&2; die "demarc build failed"; }
  timed "$h" hugo --quiet -s "$tmp/hugo" -d "$tmp/hugo-out" >"$tmp/hugo.out" 2>&1 || { cat "$tmp/hugo.out" >&2; die "hugo failed"; }
done

demarc_pages=$(find "$tmp/site" -name '*.html' | wc -l)
hugo_pages=$(find "$tmp/hugo-out" -name '*.html' | wc -l)
md_pages=$(find "$tmp/hugo/content" -name '*.md' | wc -l)
md_size=$(du -sm "$tmp/hugo/content" | cut -f1)
site_size=$(du -sm "$tmp/site" | cut -f1)
d_wall=$(median 1 "$tmp/demarc.times"); d_rss=$(median 2 "$tmp/demarc.times" | awk '{ printf "%.0f", $1 / 1024 }'); d_cpu=$(median 3 "$tmp/demarc.times")
h_wall=$(median 1 "$tmp/hugo.times"); h_rss=$(median 2 "$tmp/hugo.times" | awk '{ printf "%.0f", $1 / 1024 }'); h_cpu=$(median 3 "$tmp/hugo.times")
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "inf" }'; }
ratio=$(awk -v d="$d_wall" -v h="$h_wall" 'BEGIN { if (h > 0) printf "%.2f", d / h; else print "inf" }')
# Compare time per page, so a different page count does not skew the goal.
per_page_ratio=$(awk -v d="$d_wall" -v h="$h_wall" -v dp="$demarc_pages" -v hp="$hugo_pages" 'BEGIN { if (h > 0 && dp > 0) printf "%.2f", (d / dp) / (h / hp); else print "inf" }')

echo
echo "Site build of the synthetic model $SIZE: median of $RUNS runs ($(hugo version | cut -d' ' -f1-2))"
printf '  %-44s %8s %10s %10s %10s\n' "command" "pages" "wall" "pages/s" "peak RSS"
printf '  %-44s %8s %8s s %10s %7s MB\n' "demarc build (load+check+render)" "$demarc_pages" "$d_wall" "$(rate "$demarc_pages" "$d_wall")" "$d_rss"
printf '  %-44s %8s %8s s %10s %7s MB\n' "hugo, same content ($md_pages Markdown files)" "$hugo_pages" "$h_wall" "$(rate "$hugo_pages" "$h_wall")" "$h_rss"
printf '  %-44s %8s\n' "cpu seconds demarc / hugo" "$d_cpu / $h_cpu"
printf '  %-44s %8s\n' "output MB demarc, input MB hugo" "$site_size, $md_size"
printf '  %-44s %8s\n' "wall demarc / hugo" "$ratio"
printf '  %-44s %8s\n' "wall per page demarc / hugo" "$per_page_ratio"
printf '  %-44s %8s   %s\n' "goal: demarc no slower per page (<= 1)" "$per_page_ratio" "$(verdict "$per_page_ratio" '<=' 1)"
