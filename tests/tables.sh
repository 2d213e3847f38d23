# tests/tables.sh - queries that make each table answer.  Source it after
# tests/lib.sh.
#
#   table_where TABLE [ID]   the WHERE clause TABLE needs ("" when none):
#                            DS_REQUIRED columns get ID (default a1a1…, a
#                            fixture container); a table whose generator asks
#                            for a constraint ("x = … is required (e.g.
#                            WHERE x = '…')") gets its own example
#   table_columns TABLE      every column, hidden ones too, quoted, comma-separated
table_where() {
  _id=${2:-a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1}
  _w=$("$DS" schema "$1" | awk -v id="$_id" 'NR > 1 && / required / {
    printf "%s\"%s\" = '\''%s'\''", (n++ ? " AND " : " WHERE "), $1, id }')
  if [ -z "$_w" ]; then
    _err=$(DOCKER_HOST=unix:///nonexistent/tables.sock timeout 60 "$DS" query \
      "SELECT count(*) FROM $1" 2>&1 >/dev/null)
    case "$_err" in
    *"is required (e.g. WHERE "*")"*)
      _w=" WHERE ${_err##*(e.g. WHERE }"
      _w=${_w%)}
      ;;
    esac
  fi
  printf '%s' "$_w"
}

table_columns() {
  "$DS" schema "$1" | awk 'NR > 1 && NF { printf "%s\"%s\"", (n++ ? ", " : ""), $1 }'
}
