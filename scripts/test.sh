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
