# Sourced by scripts/test.sh: start a throwaway PostgreSQL cluster on a private port and export
# COUNTER_TEST_PG_URL for the suites that run against PostgreSQL. Stops it on exit.
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
    PG_DIR="$(mktemp -d /tmp/counter-pg.XXXXXX)"
    PG_PORT="${COUNTER_TEST_PG_PORT:-55432}"
    RUN_AS=()
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$PG_DIR"; RUN_AS=(runuser -u postgres --)
    fi
    "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U counter --auth=trust >/dev/null
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" -l "$PG_DIR/log" -w start >/dev/null
    "${RUN_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U counter counter_test
    export COUNTER_TEST_PG_URL="postgresql+psycopg://counter@127.0.0.1:$PG_PORT/counter_test"
    trap '"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true' EXIT
else
    echo "PostgreSQL binaries not found; PostgreSQL suites will be skipped" >&2
fi
