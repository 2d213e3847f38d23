#!/bin/sh
# needs: slow
# Suite "fuzz": builds the libFuzzer targets (make fuzz-bins: clang,
# ASan+UBSan, into build-fuzz/) and runs each for FUZZ_SECONDS (10 in
# `make test`, 60 by default in `make fuzz`) from its committed seeds in
# tests/fuzz/corpus/<target>/.  New inputs go to build-fuzz/corpus/<target>/
# (not committed); a crash, leak or time-out fails the target and leaves
# the input in build-fuzz/crashes/.  Prints executions and crashes per target.
. tests/lib/common.sh
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
FB=build-fuzz

case "$BUILD" in *asan*)
  echo "SKIP fuzz: the fuzz targets are already ASan+UBSan builds (run by the plain make test)"
  exit 0
  ;;
esac
if ! make -s fuzz-bins >"$FB.log" 2>&1; then
  fail fuzz-build "make fuzz-bins failed: $(tail -20 "$FB.log")"
  exit 0
fi
rm -f "$FB.log"
total=0
for bin in "$FB"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  t=$(basename "$bin")
  mkdir -p "$FB/corpus/$t" "$FB/crashes" tests/fuzz/corpus/"$t"
  dict=""
  [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
  log="$FB/$t.log"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: no input may
  # make the process grow without bound.
  # shellcheck disable=SC2086
  timeout $((FUZZ_SECONDS + 120)) "$bin" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$FB/crashes/$t-" $dict \
    "$FB/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(grep -a -c -e '^==[0-9]*==ERROR' -e 'runtime error:' -e '^SUMMARY: libFuzzer' "$log")
  total=$((total + ${execs:-0}))
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ] || [ -z "$execs" ]; then
    # The report quotes the input: keep it printable for the driver's grep.
    why=$(grep -a -m1 -A15 -e '==ERROR' -e 'runtime error' -e 'SUMMARY' "$log" | head -25 |
      tr -cd '[:print:]\n')
    fail "fuzz-$t" "status $rc, ${execs:-?} execs, $crashes crashes: $why (inputs: $(ls "$FB/crashes/$t-"* 2>/dev/null | tr '\n' ' '))"
  else
    pass "fuzz-$t ($execs execs in ${FUZZ_SECONDS}s, 0 crashes)"
  fi
done
echo "fuzz: $total executions in all"
