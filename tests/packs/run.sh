#!/bin/sh
# needs: none
# tests/packs/run.sh - the shipped packs are well-formed, without an engine:
# every header parses (the runner's own parser), ids are unique, the OWASP
# pack covers every control D01-D10 with at least 45 checks in all, each
# check id belongs to its control, and every file is plain SQL that the
# sqlite3 shell accepts statement by statement.
. tests/lib/common.sh
PACK=packs/owasp-docker-top10

list=$("$DS" run "$PACK" --list 2>&1)
assert_eq packs-parse 0 $?
n=$(printf '%s\n' "$list" | grep -c .)
if [ "$n" -ge 45 ]; then pass "packs-at-least-45-checks ($n)"; else fail packs-at-least-45-checks "$n"; fi
for d in 01 02 03 04 05 06 07 08 09 10; do
  c=$(printf '%s\n' "$list" | awk -v c="D$d" '$2 == c' | wc -l)
  if [ "$c" -ge 1 ]; then pass "packs-control-D$d ($c)"; else fail "packs-control-D$d" "no check"; fi
  f=$(ls "$PACK"/D"$d"-*.sql 2>/dev/null | wc -l)
  assert_eq "packs-file-D$d" 1 "$f"
done
bad=$(printf '%s\n' "$list" | awk '{ split($1, a, "."); if (a[1] != $2) print $1 }')
assert_eq packs-ids-match-controls "" "$bad"
# Each file only holds checks of its own control.
for f in "$PACK"/D*.sql; do
  want=$(basename "$f" | cut -c1-3)
  other=$("$DS" run "$f" --list | awk -v c="$want" '$2 != c { print $1 }')
  assert_eq "packs-$(basename "$f" .sql)-own-control" "" "$other"
done
# Every check orders its rows (stable output for diffs and state files).
for f in "$PACK"/*.sql; do
  missing=$(awk '/^-- check: / { if (id != "" && !ordered) print id; id = $3; ordered = 0; next }
                 /ORDER BY/ { ordered = 1 }
                 END { if (id != "" && !ordered) print id }' "$f")
  assert_eq "packs-$(basename "$f" .sql)-ordered" "" "$missing"
done
# Every statement compiles against the tables (prepared, not run: no engine
# needed) and is read-only.
out=$("$DS" run "$PACK" --validate 2>&1)
assert_eq packs-validate-exit 0 $?
assert_eq packs-validate-no-errors "" "$(printf '%s\n' "$out" | grep -v '^ok ')"
# The runner rejects what the parser must reject (details in tests/unit/test_pack.c).
tmp=$(mktemp -d)
printf -- '-- check: X.1\n-- control: X\n-- title: t\n-- severity: nope\n-- description: d\n-- remediation: r\n-- references: https://x\nSELECT 1;\n' >"$tmp/bad.sql"
err=$("$DS" run "$tmp/bad.sql" 2>&1 >/dev/null)
assert_contains packs-bad-header-file-line "$tmp/bad.sql:1: check X.1: severity 'nope'" "$err"
rm -rf "$tmp"
# docs/checks.md is generated from the packs and must be current.
if scripts/checks-md.sh "$BUILD" | diff -u docs/checks.md - >/dev/null 2>&1; then
  pass packs-docs-checks-md-current
else
  fail packs-docs-checks-md-current "docs/checks.md is stale: run 'make checks-doc'"
fi
# A pack on standard input ("-"), and a pack given by name, resolve and load.
out=$(printf -- '-- check: S.1\n-- control: S\n-- title: t\n-- severity: low\n-- description: d\n-- remediation: r\n-- references: https://x\nSELECT 1 AS x;\n' |
  "$DS" run - --validate 2>&1)
assert_eq packs-stdin "ok S.1" "$out"
assert_eq packs-by-name "$("$DS" run "$PACK" --list | wc -l)" \
  "$("$DS" run owasp-docker-top10 --list 2>&1 | wc -l)"
