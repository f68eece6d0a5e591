#!/usr/bin/env bash
# The whole test suite: formatting, vet, and every test with the race
# detector. Installs what the tests need on a Debian machine first.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh

need() { command -v "$1" >/dev/null 2>&1; }

if ! need go; then
  echo "test.sh: Go is not installed; install Go 1.26 or newer (https://go.dev/dl/)" >&2
  exit 2
fi

# Real consumers of demarc's outputs, from Debian's packages: chromium
# drives the site's browser tests, mkdocs builds the Markdown export,
# LibreOffice round-trips the spreadsheets; nginx balances the replicas.
missing=()
need chromium || missing+=(chromium)
need mkdocs || missing+=(mkdocs)
need soffice || missing+=(libreoffice-calc-nogui)
[ -d /usr/lib/postgresql ] || missing+=(postgresql)
# nginx is the load balancer in front of three replicas (bench/cluster).
need nginx || [ -x /usr/sbin/nginx ] || missing+=(nginx)
need node || missing+=(nodejs)
need npm || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Backstage's own entity schemas, from its npm package, for the catalog
# export's tests; kept in a cache outside the repository.
if [ -z "${DEMARC_BACKSTAGE_CATALOG_MODEL:-}" ]; then
  npmdir="${XDG_CACHE_HOME:-$HOME/.cache}/demarc/npm"
  export DEMARC_BACKSTAGE_CATALOG_MODEL="$npmdir/node_modules/@backstage/catalog-model"
  if [ ! -f "$DEMARC_BACKSTAGE_CATALOG_MODEL/package.json" ]; then
    echo "== installing @backstage/catalog-model into $npmdir"
    mkdir -p "$npmdir"
    npm install --prefix "$npmdir" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error @backstage/catalog-model@1.10.3 >/dev/null
  fi
fi

# BPMN tools for encoding/bpmn's tests (bpmn-moddle reads the exports,
# bpmnlint lints them, bpmn-js renders them in chromium), from the npm
# registry into a cache outside the repository.
bpmn_tools="${DEMARC_BPMN_TOOLS:-$HOME/.cache/demarc/bpmn-tools}"
if [ ! -f "$bpmn_tools/node_modules/bpmn-js/package.json" ] || [ ! -f "$bpmn_tools/node_modules/bpmnlint/package.json" ] ||
  [ ! -f "$bpmn_tools/node_modules/bpmn-moddle/package.json" ]; then
  echo "== installing bpmn-moddle, bpmnlint and bpmn-js into $bpmn_tools"
  mkdir -p "$bpmn_tools"
  npm install --prefix "$bpmn_tools" --no-audit --no-fund --silent bpmn-moddle@9.0.4 bpmnlint@11.15.0 bpmn-js@17.11.1
fi
export DEMARC_BPMN_TOOLS="$bpmn_tools"

# PostgreSQL for the store's tests (several replicas share one database in
# production): start the Debian cluster and a role and database for tests.
if [ -z "${DEMARC_TEST_POSTGRES:-}" ] && [ "${DEMARC_SKIP_POSTGRES:-}" != 1 ]; then
  echo "== starting PostgreSQL"
  start_test_postgres
fi

# helm v4 renders the Helm chart in its test (deploy/helm), from the Go
# module proxy like every other Go tool; the test fails without it.
gobin="$(go env GOPATH | cut -d: -f1)/bin"
if ! "$gobin/helm" version --template '{{.Version}}' 2>/dev/null | grep -q '^v4' &&
  ! helm version --template '{{.Version}}' 2>/dev/null | grep -q '^v4'; then
  echo "== installing helm v4.3.2"
  go install helm.sh/helm/v4/cmd/helm@v4.3.2
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
