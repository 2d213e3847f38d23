#!/bin/sh
# needs: none
# Suite "valgrind": memcheck over the SQL tests, the way they run in the sql
# suite (the system sqlite3 shell with .load), plus every table over the
# fake engine's fixtures and over a few faults (the error paths of the
# client).  Each run must report 0 errors and 0 bytes definitely lost.
# `make valgrind` runs this suite alone.
#
# Valgrind cannot run an ASan build: under SANITIZE=1 the suite says so and
# reports nothing (the sanitizer run covers the same ground).
. tests/lib/common.sh
. tests/lib/engine.sh

if [ -d "$BUILD/bin" ] || nm -D "$SO" 2>/dev/null | grep -q __asan_init; then
  echo "SKIP valgrind: $BUILD is a sanitizer build"
  exit 0
fi
if ! command -v valgrind >/dev/null; then
  fail valgrind "valgrind is not installed (scripts/deps.sh)"
  exit 0
fi
fe_init
VG_LOG="$FE_DIR/vg.log"

# memcheck NAME [sqlite3 args...] (stdin is passed on): runs the shell under
# valgrind (so not through tests/lib/sql.sh: valgrind runs programs, not
# shell functions); the verdict comes from valgrind's own summary, since sqlite3
# exits 1 whenever a statement failed (and the tests make some fail).
memcheck() {
  name=$1
  shift
  timeout 300 valgrind --error-exitcode=1 --errors-for-leak-kinds=definite --leak-check=full \
    --log-file="$VG_LOG" sqlite3 -batch -cmd ".load $BUILD/dockersec" "$@" >/dev/null 2>&1
  rc=$?
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$VG_LOG" | tail -1)
  lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$VG_LOG" | tail -1 | tr -d ,)
  if [ "$rc" -eq 124 ] || [ -z "$errors" ]; then
    fail "valgrind-$name" "no valgrind summary (status $rc): $(tail -5 "$VG_LOG")"
  elif [ "$errors" != 0 ] || [ "${lost:-0}" != 0 ]; then
    fail "valgrind-$name" "$errors errors, ${lost:-0} bytes definitely lost: $(grep -m 20 -A 12 -e 'Invalid' -e 'definitely lost in' -e 'uninitialised' "$VG_LOG")"
  else
    pass "valgrind-$name"
  fi
  TOTAL_ERRORS=$((${TOTAL_ERRORS:-0} + ${errors:-0}))
  TOTAL_LOST=$((${TOTAL_LOST:-0} + ${lost:-0}))
}

# 1. The golden SQL tests, with their environment.
for f in tests/sql/*.sql; do
  [ -f "$f" ] || continue
  name=$(basename "$f" .sql)
  (
    [ -f "tests/sql/$name.env" ] && . "./tests/sql/$name.env"
    memcheck "sql-$name" -cmd ".headers on" :memory: <"$f"
    echo "TOTALS $TOTAL_ERRORS $TOTAL_LOST" >>"$FE_DIR/totals"
  )
done

# 2. Every table over the fake engine: the transfer, parse and row paths.
all_tables() {
  for t in $("$DS" tables); do printf 'SELECT * FROM %s;\n' "$t"; done
}
fe_start --fixtures tests/fixtures/engine/synthetic
DOCKER_HOST=$FE_HOST memcheck all-tables :memory: <<EOF
$(all_tables)
SELECT * FROM docker_containers WHERE id IN ('a1a1', 'b2b2');
SELECT * FROM docker_container_processes WHERE id = 'a1a1';
EOF
# The captured engines (real answers of dockerd 20.10 and Podman 4.3).
for engine in docker-20.10 podman-4.3; do
  [ -d "tests/fixtures/engine/$engine" ] || continue
  fe_start --fixtures "tests/fixtures/engine/$engine"
  DOCKER_HOST=$FE_HOST memcheck "all-tables-$engine" :memory: <<EOF
$(all_tables)
SELECT c.name, p.* FROM docker_containers c JOIN docker_container_processes p ON p.id = c.id;
EOF
done
fe_start --fixtures tests/fixtures/engine/synthetic --vanish b2 --fault '/images/json=500'
DOCKER_HOST=$FE_HOST memcheck vanished-and-500 :memory: <<EOF
$(all_tables)
EOF
fe_start --fixtures tests/fixtures/engine/synthetic --fault '/containers/*/json=truncated' \
  --fault '/containers/json*=nested:1000'
DOCKER_HOST=$FE_HOST memcheck bad-json :memory: <<EOF
SELECT dockersec_config('cache_ttl_ms', 0);
$(all_tables)
SELECT * FROM docker_containers WHERE id = 'a1a1';
EOF
fe_start --fixtures tests/fixtures/engine/synthetic --fault '/containers/json*=huge:8'
DOCKER_HOST=$FE_HOST memcheck size-limit :memory: <<EOF
SELECT dockersec_config('max_response_bytes', 100000);
$(all_tables)
EOF
fe_stop
[ -f "$FE_DIR/totals" ] && while read -r _ e l; do
  TOTAL_ERRORS=$((${TOTAL_ERRORS:-0} + e))
  TOTAL_LOST=$((${TOTAL_LOST:-0} + l))
done <"$FE_DIR/totals"
echo "valgrind summary: ${TOTAL_ERRORS:-0} errors, ${TOTAL_LOST:-0} bytes definitely lost"
