#!/bin/sh
# needs: none
# The generated table reference must match the declarations in tables/.
. tests/lib/common.sh
if "$DS" docs | diff -u docs/tables.md - >/tmp/dockersec-docs.diff 2>&1; then
  pass docs-tables-md-current
else
  fail docs-tables-md-current "docs/tables.md is stale: run 'make docs' ($(head -c 300 /tmp/dockersec-docs.diff))"
fi
# Every table and column has a doc; table docs end with a period.
bad=$("$DS" query "SELECT 1" >/dev/null 2>&1; "$DS" schema | awk 'NF==0{next} /^[a-z_]+ - /{ if ($0 !~ /\.$/) print "table doc: " $0; next } { if (NF < 3) print "column: " $0 }')
assert_eq docs-complete "" "$bad"
