# shellcheck shell=sh
# tests/lib/common.sh - what every suite sources first (from the top of the
# checkout, where tests/run.sh runs it):  . tests/lib/common.sh
#
# Sets BUILD, DS (the CLI), SO (the extension), a fixed locale and time zone,
# puts the sanitizer wrappers first in PATH, and brings in
#   tests/lib/assert.sh  pass / fail / skip and the assert_* helpers
#   tests/lib/sql.sh     sql: the one way to run SQL through the sqlite3 shell
# Suites that need more source it themselves:
#   tests/lib/engine.sh  the fake engine (fe_start / fe_stop), labelled
#                        containers on the real engine (dk, rm_labelled)
#   tests/lib/eco.sh     two known containers for reports / state / logging
# What a suite needs (engine, podman, node, root, ...) is declared in its
# header and checked by tests/run.sh (tests/lib/needs.sh, tests/README.md).

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
# A sanitizer report ends the process with exit status 1 by default - the
# status of "findings" for `dockersec run`, so a suite accepting findings
# would take an abort for a result.  86 (ASan, UBSan) and 87 (LeakSanitizer)
# are statuses dockersec never uses.
case "$BUILD" in
*asan*)
  case "${ASAN_OPTIONS:-}" in *exitcode=*) ;; *) ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}" ;; esac
  case "${UBSAN_OPTIONS:-}" in *exitcode=*) ;; *) UBSAN_OPTIONS="exitcode=86:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" ;; esac
  case "${LSAN_OPTIONS:-}" in *exitcode=*) ;; *) LSAN_OPTIONS="exitcode=87${LSAN_OPTIONS:+:$LSAN_OPTIONS}" ;; esac
  export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
  ;;
esac

. tests/lib/assert.sh
. tests/lib/sql.sh

# dq QUERY: SQL through the static CLI, csv without header.
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
