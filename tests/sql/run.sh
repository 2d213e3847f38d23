#!/bin/sh
# needs: none
# Golden SQL tests, run the way a user runs them: the real sqlite3 shell with
# `.load`.  For each tests/sql/NAME.sql the output (stderr merged, so error
# text is part of the golden) must equal NAME.out.  NAME.env, if present, is
# sourced first (e.g. DOCKERSEC_ROOT=tests/fixtures/cgroupv2).
# Regenerate a golden after reviewing the change: UPDATE=1 tests/sql/run.sh
. tests/lib/common.sh
found=0
for f in tests/sql/*.sql; do
  [ -f "$f" ] || continue
  found=1
  name=$(basename "$f" .sql)
  out=$(
    [ -f "tests/sql/$name.env" ] && . "./tests/sql/$name.env"
    sql -cmd ".headers on" -cmd ".nullvalue NULL" - <"$f"
  )
  if [ "${UPDATE:-0}" = 1 ]; then
    printf '%s\n' "$out" >"tests/sql/$name.out"
  fi
  expected=$(cat "tests/sql/$name.out" 2>/dev/null)
  if [ "$out" = "$expected" ]; then
    pass "sql-$name"
  else
    fail "sql-$name" "$(printf '%s\n' "$out" | diff -u "tests/sql/$name.out" - | head -30)"
  fi
done
[ $found -eq 1 ] || pass "sql-none-yet"
