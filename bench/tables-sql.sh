#!/bin/sh
# bench/tables-sql.sh DOCKERSEC PACKDIR - prints, on stdout, one statement per
# table the pack reads: `SELECT * FROM <table>;` (the "tables" figure of
# bench/run.sh: every row of every table the pack touches, in one snapshot,
# without the checks' own logic).  A table with a required column is given
# every value it can take: a required container `id` every container of
# docker_containers, a required `pid` every pid of processes; a table requiring
# anything else is left out (named on stderr); `file` reads /etc and
# /etc/docker.
set -eu
DS="$1"
PACK="$2"
tables=$("$DS" tables)
words=$(cat "$PACK"/*.sql | tr -c 'A-Za-z0-9_\n' '\n' | sort -u)
for t in $tables; do
  echo "$words" | grep -qx "$t" || continue
  req=$("$DS" schema "$t" | awk '$3 == "required" || $4 == "required" { print $1; exit }')
  case "$t:$req" in
  # path = or directory = is required, by neither column alone
  file:) echo "SELECT * FROM file WHERE directory IN ('/etc', '/etc/docker');" ;;
  *:) echo "SELECT * FROM $t;" ;;
  *:id) echo "SELECT * FROM $t WHERE id IN (SELECT id FROM docker_containers);" ;;
  *:pid) echo "SELECT * FROM $t WHERE pid IN (SELECT pid FROM processes);" ;;
  *) echo "tables-sql: $t requires $req: left out" >&2 ;;
  esac
done
