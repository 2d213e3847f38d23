#!/bin/sh
# scripts/queries-md.sh BUILD [NAME_PREFIX] - prints docs/queries.md: every
# example audit in queries/ with sample output from this host.  On a shared
# host, NAME_PREFIX keeps only rows whose `container` column starts with it
# (e.g. demo-); other queries show their first rows.
set -eu
BUILD="${1:-build}"
PREFIX="${2:-}"
DS="$BUILD/dockersec"
MAX_ROWS=12
echo "# Example audits (\`queries/\`)"
echo
echo "Ad-hoc queries that join containers with processes, capabilities, cgroups, mounts and"
echo "the engine's settings.  Run one with \`build/dockersec query - < queries/FILE.sql\`, or in the"
echo "shell: \`sqlite3 -cmd '.load build/dockersec' < queries/FILE.sql\`.  The output below is a"
echo "sample from a test host${PREFIX:+ (only the demo containers \`$PREFIX*\` are shown)}."
for f in queries/*.sql; do
  echo
  echo "## $(basename "$f" .sql)"
  echo
  sed -n 's/^-- \{0,1\}//p' "$f" | sed '/^Run:/d' | grep -v '^ *$' || true
  echo
  echo '```sql'
  grep -v '^--' "$f"
  echo '```'
  echo
  sql=$(grep -v '^--' "$f" | sed 's/;[[:space:]]*$//')
  if [ -n "$PREFIX" ] && "$DS" query "SELECT * FROM ($sql) LIMIT 0" --format csv 2>/dev/null |
    head -1 | tr ',' '\n' | grep -qx 'container'; then
    sql="SELECT * FROM ($sql) WHERE container LIKE '$PREFIX%'"
  fi
  echo '```'
  "$DS" query "$sql LIMIT $MAX_ROWS" --format table 2>&1
  echo '```'
done
