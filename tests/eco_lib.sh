# tests/eco_lib.sh - two containers with known settings for the suites that
# test what surrounds a run (reports, state, logging, osquery packs, install).
# Source after tests/lib.sh.  The containers are named dseco-* (the test pack
# tests/reports/pack matches that prefix) and labelled dockersec.test=eco;
# these suites run one after another and each removes them when done.
#
#   dseco-root : root, no memory limit                -> T01.1, T07.1
#   dseco-priv : uid 1000, --privileged, --memory 64m -> T04.1
# So tests/reports/pack gives 3 findings: T01.1 (high), T04.1 (critical),
# T07.1 (medium); T07.2 passes.
ECO_PACK=tests/reports/pack
ECO_FINDINGS=3
eco_cleanup() {
  ids=$(timeout 30 docker ps -aq --filter "label=dockersec.test=eco" 2>/dev/null)
  # shellcheck disable=SC2086
  [ -n "$ids" ] && timeout 60 docker rm -f $ids >/dev/null 2>&1
  return 0
}
eco_start() {
  eco_cleanup
  timeout 120 scripts/test-image.sh >/dev/null 2>&1 || fail eco-test-image "scripts/test-image.sh failed"
  timeout 60 docker run -d --name dseco-root --label dockersec.test=eco \
    dockersec-test:latest sleep 600 >/dev/null 2>&1 || fail eco-container-root "docker run failed"
  timeout 60 docker run -d --name dseco-priv --label dockersec.test=eco -u 1000 \
    --privileged --memory 64m dockersec-test:latest sleep 600 >/dev/null 2>&1 ||
    fail eco-container-priv "docker run failed"
}
