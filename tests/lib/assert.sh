# tests/lib/assert.sh - the result lines every suite prints (sourced by
# tests/lib/common.sh).  Every assertion prints one line
#   PASS <name>            FAIL <name>: <why>            SKIP <name>: <why>
# and tests/run.sh counts them.  Nothing here exits on failure: a suite
# reports every failing case, not only the first.  SKIP is for a case (or a
# whole suite) that cannot run here, with the reason: never a silent pass.

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

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
