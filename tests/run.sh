#!/bin/sh
# tests/run.sh BUILD [SUITE...] - runs the test suites (default: all) and
# ends with the line "N passed, N failed".  Exit status 0 only when nothing
# failed and at least one test ran.
#
# Suites are the directories tests/<suite>/ holding a run.sh; each prints
# PASS/FAIL lines (see tests/lib.sh).
set -u
BUILD="${1:-build}"
shift 2>/dev/null || true
cd "$(dirname "$0")/.." || exit 2
export BUILD
# Default: the host-independent suites first, then every other tests/*/run.sh
# in name order (each suite owns its directory; adding one needs no edit here).
if [ $# -gt 0 ]; then
  SUITES="$*"
else
  SUITES="unit sql docs"
  for d in tests/*/run.sh; do
    s=$(basename "$(dirname "$d")")
    case " $SUITES " in *" $s "*) ;; *) SUITES="$SUITES $s" ;; esac
  done
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for s in $SUITES; do
  if [ ! -x "tests/$s/run.sh" ]; then
    echo "FAIL suite-$s: tests/$s/run.sh missing" | tee -a "$log"
    continue
  fi
  echo "== $s"
  # A suite that dies without printing still counts as a failure.
  if ! "tests/$s/run.sh" 2>&1 | tee -a "$log"; then
    echo "FAIL suite-$s: exited non-zero" | tee -a "$log"
  fi
done
passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo
grep '^FAIL ' "$log" || true
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
