#!/usr/bin/env bash
# Run the whole suite on SQLite, then on PostgreSQL.
# PostgreSQL comes from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/haven_test).
# Locally an unreachable server is skipped with a warning; on CI (CI=true) it is started
# if it is down, and its absence is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WHICH="${1:-all}"
PG_URL="${HAVEN_TEST_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/haven_test}}"
PYTEST_ARGS=(${PYTEST_ARGS:-})

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "!! chromium is not installed; browser tests will be skipped (run as root to install)"
  fi
}

ensure_pg_client() {
  # haven backup / restore (and their drill in the suite) call pg_dump and pg_restore.
  if command -v pg_dump >/dev/null 2>&1 && command -v pg_restore >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing PostgreSQL's client tools for the backup drill"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null
  else
    echo "!! pg_dump/pg_restore are not installed; the PostgreSQL backup drill will fail"
  fi
}

pg_reachable() {
  "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001
    print(f"   {exc}".strip(), file=sys.stderr)
    sys.exit(1)
PY
}

ensure_postgres() {
  if pg_reachable; then return 0; fi
  if [ "${CI:-}" = "true" ]; then
    echo "== PostgreSQL is down; starting it"
    for version in $(ls /etc/postgresql 2>/dev/null); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 30); do pg_reachable 2>/dev/null && return 0; sleep 1; done
    echo "!! PostgreSQL is required on CI and is not reachable at $PG_URL" >&2
    exit 1
  fi
  echo "!! PostgreSQL not reachable at $PG_URL: skipping the PostgreSQL run (required on CI)"
  return 1
}

ensure_chromium
status=0
if [ "$WHICH" = "all" ] || [ "$WHICH" = "sqlite" ]; then
  echo "== test suite on SQLite"
  DATABASE_URL="sqlite://:memory:" "$BIN/pytest" "${PYTEST_ARGS[@]}" || status=$?
fi
if [ "$WHICH" = "all" ] || [ "$WHICH" = "postgres" ]; then
  if ensure_postgres; then
    ensure_pg_client
    echo "== test suite on PostgreSQL ($PG_URL)"
    DATABASE_URL="$PG_URL" "$BIN/pytest" "${PYTEST_ARGS[@]}" || status=$?
  fi
fi
exit $status
