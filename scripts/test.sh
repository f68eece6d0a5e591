#!/usr/bin/env bash
# The whole test suite: formatting, vet, and every test with the race
# detector. Installs what the tests need on a Debian machine first.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }

if ! need go; then
  echo "test.sh: Go is not installed; install Go 1.26 or newer (https://go.dev/dl/)" >&2
  exit 2
fi

# Real consumers of demarc's outputs, from Debian's packages: chromium
# drives the site's browser tests, mkdocs builds the Markdown export,
# LibreOffice round-trips the spreadsheets.
missing=()
need chromium || missing+=(chromium)
need mkdocs || missing+=(mkdocs)
need soffice || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change these files:" >&2
  echo "$unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 -timeout 20m ./...
