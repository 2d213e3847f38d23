#!/bin/sh
# tests/run.sh BUILD [--check] [SUITE...] - runs test suites and ends with the
# line "N passed, N failed, N skipped".  Exit status 0 only when nothing
# failed and at least one test passed.
#
#   tests/run.sh build              every suite (make test)
#   tests/run.sh build --check      the suites that need no engine and are not
#                                   slow (make check: no dockerd needed)
#   tests/run.sh build sql faulty   the suites named
#   TEST_JOBS=2 tests/run.sh ...    two suites at a time (make check)
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
tmpd=$(mktemp -d)
trap 'rm -rf "$log" "$tmpd"' EXIT
# The tier: make check leaves out what needs an engine or is slow.
left_out=""
RUN=""
for s in $SUITES; do
  needs=""
  [ -f "tests/$s/run.sh" ] && needs=$(suite_needs "tests/$s/run.sh")
  if [ "$TIER" = check ]; then
    case " $needs " in *" engine "* | *" slow "*)
      left_out="$left_out $s"
      continue
      ;;
    esac
  fi
  RUN="$RUN $s"
  # Start dockerd once when a suite needs an engine and nothing answers
  # (scripts/dockerd.sh never restarts a running one).
  case " $needs " in *" engine "*)
    [ -f "$tmpd/engine" ] || { timeout 120 scripts/dockerd.sh start >/dev/null 2>&1; : >"$tmpd/engine"; }
    ;;
  esac
done

# run_suite SUITE: its needs, then the suite under its time-out; prints its
# lines (and the verdict lines of this script).
run_suite() {
  s=$1
  if [ ! -x "tests/$s/run.sh" ]; then
    echo "FAIL suite-$s: tests/$s/run.sh missing"
    return
  fi
  needs=$(suite_needs "tests/$s/run.sh")
  echo "== $s${needs:+ (needs: $needs)}"
  for w in $needs; do
    if ! why=$(need_check "$w"); then
      if [ "$w" = engine ]; then
        echo "FAIL suite-$s: needs an engine: $why"
      else
        echo "SKIP $s: $why"
      fi
      return
    fi
  done
  t0=$(date +%s)
  # A suite that dies (a signal, the time-out) still counts as a failure.
  { timeout "${SUITE_TIMEOUT:-1800}" "tests/$s/run.sh" 2>&1; echo $? >"$tmpd/$s.rc"; }
  rc=$(cat "$tmpd/$s.rc")
  if [ "$rc" -eq 124 ]; then
    echo "FAIL suite-$s: did not end within ${SUITE_TIMEOUT:-1800} s"
  elif [ "$rc" -gt 128 ]; then
    echo "FAIL suite-$s: killed by signal $((rc - 128))"
  elif [ "$rc" -ne 0 ]; then
    echo "== $s: exit status $rc"
  fi
  echo "== $s: $(($(date +%s) - t0)) s"
}

# TEST_JOBS suites at a time (default 1: in order, output as it comes; more:
# each suite's output when it ends).  make check uses 2.
JOBS=${TEST_JOBS:-1}
if [ "$JOBS" -le 1 ]; then
  for s in $RUN; do
    run_suite "$s" | tee -a "$log"
  done
else
  for s in $RUN; do echo "$s"; done >"$tmpd/queue"
  worker() {
    while :; do
      s=$(flock "$tmpd/queue.lock" sh -c 'head -1 "$1"; sed -i 1d "$1"' sh "$tmpd/queue")
      [ -n "$s" ] || break
      run_suite "$s" >"$tmpd/$s.out" 2>&1
      flock "$tmpd/out.lock" sh -c 'cat "$1" >>"$2"; cat "$1"' sh "$tmpd/$s.out" "$log"
    done
  }
  j=0
  while [ $j -lt "$JOBS" ]; do
    worker &
    j=$((j + 1))
  done
  wait
fi
passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
skipped=$(grep -c '^SKIP ' "$log")
echo
[ -z "$left_out" ] || echo "not in make check (need an engine or slow; make test runs them):$left_out"
grep '^SKIP ' "$log" || true
grep '^FAIL ' "$log" || true
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
