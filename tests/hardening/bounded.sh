# Sourced by tests/hardening/run.sh: bounded runs against a hostile engine
# (tests/lib/fake_engine.py faults): a failing fixed endpoint is asked once
# per run, the whole run has a deadline, and the cached bytes and listed
# containers have limits, each a clear error naming it.
FX=tests/fixtures/engine/synthetic
brun() { DOCKER_HOST=$FE_HOST timeout 120 "$DS" run owasp-docker-top10 --format json "$@" 2>/dev/null; }
asked() { grep -c "^GET \(/v[0-9.]*\)\?$1\$" "$FE_LOG"; }

# A /info that answers 1 byte/s: one time-out for the run, not one per check.
fe_start --fixtures $FX --fault '/info=dripbody:1000'
t0=$(date +%s)
out=$(DOCKER_HOST=$FE_HOST timeout 120 "$DS" run owasp-docker-top10 --format json 2>/dev/null)
t=$(($(date +%s) - t0))
assert_eq bounded-slow-body-asked-once 1 "$(asked /info)"
[ "$t" -lt 40 ] && pass "bounded-slow-body-time (${t}s)" || fail bounded-slow-body-time "${t}s"
assert_contains bounded-slow-body-error "GET /info on $FE_HOST: no answer within" "$out"
# the same for headers at 1 byte/s, and for an HTTP error
fe_start --fixtures $FX --fault '/info=driphead:1000'
brun >/dev/null
assert_eq bounded-slow-headers-asked-once 1 "$(asked /info)"
fe_start --fixtures $FX --fault '/info=500'
brun >/dev/null
assert_eq bounded-http-error-asked-once 1 "$(asked /info)"

# The whole run's deadline: every endpoint dripping, --timeout 4.
fe_start --fixtures $FX --fault '*=drip:1000'
t0=$(date +%s)
out=$(brun --timeout 4)
t=$(($(date +%s) - t0))
[ "$t" -lt 12 ] && pass "bounded-deadline-time (${t}s)" || fail bounded-deadline-time "${t}s"
assert_contains bounded-deadline-error "the run's time limit was reached (run_timeout_ms 4000; dockersec run --timeout)" "$out"

# A streamed answer over max_response_bytes is not downloaded again.
fe_start --fixtures $FX --fault '/containers/json*=huge:80'
out=$(brun)
assert_eq bounded-huge-asked-once 1 "$(asked '/containers/json?all=1')"
assert_contains bounded-huge-error "response larger than max_response_bytes" "$out"

# The cap on listed containers.
fe_start --fixtures $FX --fault '/containers/json*=many:2000'
out=$(brun --max-containers 1000)
assert_contains bounded-max-containers "2000 containers listed, more than max_containers (1000; dockersec run --max-containers)" "$out"
assert_eq bounded-max-containers-asked-once 1 "$(asked '/containers/json?all=1')"

# The budget of cached bytes: 3 listed containers, inspects of 2 MB each.
fe_start --fixtures $FX --fault '/containers/*/json=fat:2'
out=$(brun --max-cache-bytes 3000000)
assert_contains bounded-max-cache-bytes "the run's cached answers would exceed max_cache_bytes (3000000 bytes; dockersec run --max-cache-bytes)" "$out"
out=$(DOCKER_HOST=$FE_HOST timeout 60 "$DS" query "SELECT dockersec_config('max_cache_bytes', 1000); SELECT count(*) FROM docker_containers WHERE privileged" 2>&1)
assert_contains bounded-config-max-cache-bytes "max_cache_bytes (1000 bytes" "$out"
