# Sourced by scripts/test.sh and bench/cluster.sh: start_test_postgres
# starts the Debian PostgreSQL cluster, creates the demarc role and
# database for tests, and exports DEMARC_TEST_POSTGRES and the commands
# that stop and start the server (for the restart tests).
start_test_postgres() {
  local pgver sudo=""
  pgver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo pg_ctlcluster "$pgver" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    $sudo su postgres -c "pg_isready -q" && break
    sleep 1
  done
  $sudo su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'demarc') THEN
    CREATE ROLE demarc LOGIN PASSWORD 'demarc';
  END IF;
END $$;
SQL
  $sudo su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'demarc'\"" | grep -q 1 ||
    $sudo su postgres -c "createdb -O demarc demarc"
  export DEMARC_TEST_POSTGRES='postgres://demarc:demarc@localhost:5432/demarc?sslmode=disable'
  export DEMARC_TEST_POSTGRES_STOP="$sudo pg_ctlcluster $pgver main stop"
  export DEMARC_TEST_POSTGRES_START="$sudo pg_ctlcluster $pgver main start"
}
