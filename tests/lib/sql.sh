# tests/lib/sql.sh - the one helper that runs SQL through the real sqlite3
# shell with the extension loaded, the way a user runs it (sourced by
# tests/lib/common.sh).
#
#   sql [-so FILE] [-db FILE] [-timeout S] [-err FILE] [-reveal] [sqlite3 OPTION...] SQL
#
# SQL is the last argument; "-" reads it from stdin.  stderr is merged into
# the output (errors are part of the result) unless -err FILE appends it to
# FILE instead; the status is sqlite3's (124 when the time-out hit).
# Programs that run sqlite3 under another program (valgrind, setpriv) call
# it directly: a shell function cannot be run by them.  Defaults: list mode, '|' separator, :memory:,
# 60 s, the extension $SO.  sqlite3 options pass through unchanged, in order,
# after the .load, e.g.
#   sql -nullvalue NULL -separator "$TAB" "SELECT * FROM docker_info"
#   sql -cmd '.headers on' - <file.sql
#   DOCKER_HOST="$FE_HOST" sql -timeout 20 "SELECT ..."
# -reveal first runs SELECT dockersec_config('reveal_secrets', 1) with its
# output discarded; the statement then goes in on stdin after it (as a user
# typing both would), so error lines name their line in that input.
sql() {
  _sql_so=$SO _sql_db=:memory: _sql_t=60 _sql_reveal=0 _sql_err= _sql_n=$#
  # The last argument is the SQL; the ones before are options.
  eval "_sql_q=\${$#}"
  while [ $_sql_n -gt 1 ]; do
    case $1 in
    -so) _sql_so=$2; shift 2; _sql_n=$((_sql_n - 2)); continue ;;
    -db) _sql_db=$2; shift 2; _sql_n=$((_sql_n - 2)); continue ;;
    -timeout) _sql_t=$2; shift 2; _sql_n=$((_sql_n - 2)); continue ;;
    -err) _sql_err=$2; shift 2; _sql_n=$((_sql_n - 2)); continue ;;
    -reveal) _sql_reveal=1; shift; _sql_n=$((_sql_n - 1)); continue ;;
    esac
    # An option for sqlite3: rotate it to the end, keeping the order.
    set -- "$@" "$1"
    shift
    _sql_n=$((_sql_n - 1))
  done
  shift # the SQL; what is left are the sqlite3 options
  if [ -n "$_sql_err" ]; then
    _sql_run "$@" 2>>"$_sql_err"
  else
    _sql_run "$@" 2>&1
  fi
}
_sql_run() {
  if [ $_sql_reveal = 1 ]; then
    {
      printf ".output /dev/null\nSELECT dockersec_config('reveal_secrets', 1);\n.output stdout\n"
      if [ "$_sql_q" = - ]; then cat; else printf '%s\n' "$_sql_q"; fi
    } | timeout "$_sql_t" sqlite3 -batch -cmd ".load $_sql_so" "$@" "$_sql_db"
  elif [ "$_sql_q" = - ]; then
    timeout "$_sql_t" sqlite3 -batch -cmd ".load $_sql_so" "$@" "$_sql_db"
  else
    timeout "$_sql_t" sqlite3 -batch -cmd ".load $_sql_so" "$@" "$_sql_db" "$_sql_q"
  fi
}
