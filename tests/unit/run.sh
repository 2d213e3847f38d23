#!/bin/sh
# needs: none
# Runs every unit-test binary built from tests/unit/test_*.c.
. tests/lib/common.sh
found=0
for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  found=1
  timeout 60 "$t" || echo "FAIL $(basename "$t"): exited non-zero"
done
[ $found -eq 1 ] || echo "FAIL unit: no unit-test binaries in $BUILD/tests"
