#!/bin/sh
# needs: engine
# tests/queries/run.sh - every example audit in queries/ runs, through the
# CLI and through the plain sqlite3 shell, without an error, and orders its
# rows.  (Their results depend on the host, so only that they run is
# asserted; the README shows sample output.)
. tests/lib/common.sh
n=0
for f in queries/*.sql; do
  n=$((n + 1))
  name=$(basename "$f" .sql)
  out=$(timeout 120 "$DS" query - --format csv <"$f" 2>&1)
  assert_eq "queries-$name-cli" 0 $?
  head=$(printf '%s\n' "$out" | head -1 | tr -d '\r')
  case "$head" in
  *dockersec:* | "") fail "queries-$name-header" "$head" ;;
  *) pass "queries-$name-header" ;;
  esac
  err=$(sql -timeout 120 -cmd '.output /dev/null' - <"$f") # rows discarded: the errors
  assert_eq "queries-$name-sqlite3" "" "$err"
  grep -q 'ORDER BY' "$f" && pass "queries-$name-ordered" || fail "queries-$name-ordered" "no ORDER BY"
done
if [ "$n" -ge 10 ]; then pass "queries-at-least-10 ($n)"; else fail queries-at-least-10 "$n"; fi
