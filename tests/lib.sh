# tests/lib.sh - shared helpers for the shell test suites.  Source it.
# Every assertion prints one line "PASS <name>" or "FAIL <name>: <why>";
# tests/run.sh counts them.  Nothing here exits on failure: a suite reports
# every failing case, not only the first.

: "${BUILD:=build}"
DS="$BUILD/dockersec"
SO="$BUILD/dockersec.so"
export LC_ALL=C TZ=UTC

# Under SANITIZE=1 the build directory holds wrappers (bin/sqlite3) that load
# the sanitizer runtime into the uninstrumented system sqlite3: put them first.
if [ -d "$BUILD/bin" ]; then
  PATH="$(cd "$BUILD/bin" && pwd):$PATH"
  export PATH
fi

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# assert_eq NAME EXPECTED ACTUAL
assert_eq() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected [$2] got [$3]"; fi
}

# assert_contains NAME NEEDLE HAYSTACK
assert_contains() {
  case "$3" in
  *"$2"*) pass "$1" ;;
  *) fail "$1" "[$2] not in [$3]" ;;
  esac
}

# assert_not_contains NAME NEEDLE HAYSTACK
assert_not_contains() {
  case "$3" in
  *"$2"*) fail "$1" "[$2] unexpectedly in output" ;;
  *) pass "$1" ;;
  esac
}

# sql QUERY: runs through the real sqlite3 shell with the loadable extension,
# list mode, '|' separator, stderr merged (errors are part of the result).
sql() {
  timeout 60 sqlite3 -batch -cmd ".load $BUILD/dockersec" :memory: "$1" 2>&1
}

# dq QUERY: the same through the static CLI, csv without header.
dq() {
  timeout 60 "$DS" query "$1" --format csv 2>&1 | tail -n +2 | tr -d '\r'
}

# host_prog CMD ARGS...: runs a program that was not built with the sanitizers
# (sqlite3, python3, node) so it can load a sanitizer-built extension: the
# ASan/UBSan runtimes must come first, and the host program's own leaks are
# not ours.  Plain builds run CMD unchanged.
host_prog() {
  case "$BUILD" in
  *asan*)
    LD_PRELOAD="$(cc -print-file-name=libasan.so) $(cc -print-file-name=libubsan.so)" \
      ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "$@"
    ;;
  *) "$@" ;;
  esac
}

# table_where TABLE VALUE: a WHERE clause that satisfies TABLE's required
# columns (each = VALUE), for suites that query every table.  `file` needs
# path = … or directory = … (one of two, so its schema can flag neither as
# required): it gets a path every user may stat.
table_where() {
  if [ "$1" = file ]; then
    echo " WHERE path = '/etc/passwd'"
    return
  fi
  "$DS" schema "$1" | awk -v id="$2" 'NR > 1 && / required / {
    printf "%s\"%s\" = '\''%s'\''", (n++ ? " AND " : " WHERE "), $1, id }'
}
