#!/bin/sh
# tests/run.sh BUILD [--check] [SUITE...] - runs test suites and ends with the
# line "N passed, N failed, N skipped".  Exit status 0 only when nothing
# failed and at least one test passed.
#
#   tests/run.sh build              every suite (make test)
#   tests/run.sh build --check      the suites that need no engine and are not
#                                   slow (make check: no dockerd needed)
#   tests/run.sh build sql faulty   the suites named
#
# Suites are the directories tests/<suite>/ holding a run.sh; each prints
# PASS/FAIL/SKIP lines (tests/lib/assert.sh).  A suite declares what it needs
# in its header ("# needs: engine node ...", tests/README.md); a need this
# machine lacks skips the whole suite with a "SKIP suite: reason" line - except
# a missing engine, which fails it (make test is the run that must have one).
# Each suite runs under a time-out (SUITE_TIMEOUT, default 1800 s).
set -u
BUILD="${1:-build}"
shift 2>/dev/null || true
cd "$(dirname "$0")/.." || exit 2
export BUILD
. tests/lib/needs.sh
TIER=all
if [ "${1:-}" = --check ]; then
  TIER=check
  shift
fi
# Default: the host-independent suites first, then every other tests/*/run.sh
# in name order (each suite owns its directory; adding one needs no edit here).
if [ $# -gt 0 ]; then
  SUITES="$*"
else
  SUITES=""
  for d in tests/unit tests/sql tests/docs tests/*; do
    [ -f "$d/run.sh" ] || continue
    s=$(basename "$d")
    case " $SUITES " in *" $s "*) ;; *) SUITES="$SUITES $s" ;; esac
  done
fi
log=$(mktemp)
trap 'rm -f "$log" "$log.rc"' EXIT
left_out=""
engine_started=0
for s in $SUITES; do
  if [ ! -x "tests/$s/run.sh" ]; then
    echo "FAIL suite-$s: tests/$s/run.sh missing" | tee -a "$log"
    continue
  fi
  needs=$(suite_needs "tests/$s/run.sh")
  if [ "$TIER" = check ]; then
    case " $needs " in *" engine "* | *" slow "*)
      left_out="$left_out $s"
      continue
      ;;
    esac
  fi
  echo "== $s${needs:+ (needs: $needs)}"
  missing=""
  for w in $needs; do
    if [ "$w" = engine ] && [ $engine_started = 0 ]; then
      # Start dockerd once when nothing answers (scripts/dockerd.sh never
      # restarts a running one).
      timeout 120 scripts/dockerd.sh start >/dev/null 2>&1
      engine_started=1
    fi
    if ! why=$(need_check "$w"); then
      missing="$w"
      break
    fi
  done
  if [ -n "$missing" ]; then
    if [ "$missing" = engine ]; then
      echo "FAIL suite-$s: needs an engine: $why" | tee -a "$log"
    else
      echo "SKIP $s: $why" | tee -a "$log"
    fi
    continue
  fi
  t0=$(date +%s)
  # A suite that dies (a signal, the time-out) still counts as a failure.
  { timeout "${SUITE_TIMEOUT:-1800}" "tests/$s/run.sh" 2>&1; echo $? >"$log.rc"; } | tee -a "$log"
  rc=$(cat "$log.rc")
  if [ "$rc" -eq 124 ]; then
    echo "FAIL suite-$s: did not end within ${SUITE_TIMEOUT:-1800} s" | tee -a "$log"
  elif [ "$rc" -gt 128 ]; then
    echo "FAIL suite-$s: killed by signal $((rc - 128))" | tee -a "$log"
  elif [ "$rc" -ne 0 ]; then
    echo "== $s: exit status $rc"
  fi
  echo "== $s: $(($(date +%s) - t0)) s"
done
passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
skipped=$(grep -c '^SKIP ' "$log")
echo
[ -z "$left_out" ] || echo "not in make check (need an engine or slow; make test runs them):$left_out"
grep '^SKIP ' "$log" || true
grep '^FAIL ' "$log" || true
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
