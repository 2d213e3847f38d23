# tests/lib/eco.sh - two containers with known settings for the suites that
# test what surrounds a run (reports, state, logging).  Source after
# tests/lib/common.sh (it brings in tests/lib/engine.sh), then call
# eco_start DIR (a fresh temporary directory) and eco_cleanup at exit.
#
# Names are unique per run ($ECO = dseco<pid>), so test runs of several
# checkouts on one engine never see or remove each other's containers; the
# test pack is generated into DIR/pack from tests/reports/pack with that
# prefix.  Labels: dockersec.test=eco-<pid>.
#
#   $ECO-root : root, no memory limit                -> T01.1, T07.1
#   $ECO-priv : uid 1000, --privileged, --memory 64m -> T04.1
# So $ECO_PACK gives 3 findings: T01.1 (high), T04.1 (critical),
# T07.1 (medium); T07.2 passes.
. tests/lib/engine.sh
ECO="dseco$$"
ECO_LABEL="eco-$$"
ECO_FINDINGS=3
eco_cleanup() {
  rm_labelled "dockersec.test=$ECO_LABEL"
}
# eco_pack SRC DST: a copy of a pack (file) with the per-run name prefix.
eco_pack() {
  mkdir -p "$(dirname "$2")"
  sed "s/dseco-/$ECO-/g" "$1" >"$2"
}
eco_start() {
  ECO_PACK="$1/pack"
  eco_pack tests/reports/pack/T-eco.sql "$ECO_PACK/T-eco.sql"
  eco_cleanup
  timeout 120 scripts/test-image.sh >/dev/null 2>&1 || fail eco-test-image "scripts/test-image.sh failed"
  dk run -d --name "$ECO-root" --label "dockersec.test=$ECO_LABEL" \
    dockersec-test:latest sleep 600 >/dev/null 2>&1 || fail eco-container-root "docker run failed"
  dk run -d --name "$ECO-priv" --label "dockersec.test=$ECO_LABEL" -u 1000 \
    --privileged --memory 64m dockersec-test:latest sleep 600 >/dev/null 2>&1 ||
    fail eco-container-priv "docker run failed"
}
