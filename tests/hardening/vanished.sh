# Sourced by tests/hardening/run.sh: an engine that lists containers and
# answers 404 to every inspect of them (issue 15) is an error, not an empty
# table - unless a fresh list agrees that they are gone (real churn: a
# container removed between the list and its inspect is skipped).
FX=tests/fixtures/engine/synthetic
A=$(printf 'a1%.0s' $(seq 32))
vq() { DOCKER_HOST=$FE_HOST timeout 30 "$DS" query "$@" 2>&1; }
relisted() { grep -c '^GET /v[0-9.]*/containers/json?all=1&filters=' "$FE_LOG"; }

# Every inspect 404, the list still shows them: the answers disagree.
fe_start --fixtures $FX --vanish a1 --vanish b2 --vanish c3
out=$(vq "SELECT count(*) FROM docker_containers WHERE privileged = 0")
assert_eq vanished-all-listed-exit 2 "$(vq "SELECT id FROM docker_containers WHERE user = ''" >/dev/null; echo $?)"
assert_contains vanished-all-listed-error "3 of 3 listed containers answered 404, yet a fresh list still shows them" "$out"
assert_eq vanished-all-relisted-once 1 "$(: >"$FE_LOG"; vq "SELECT 1 FROM docker_containers WHERE privileged" >/dev/null; relisted)"
# Fewer than DS_VANISHED_MIN (3) asked: skipped without a re-list.
: >"$FE_LOG"
out=$(vq "SELECT count(*) AS n FROM docker_containers WHERE id = '$A' AND privileged = 0")
assert_contains vanished-one-skipped "| 0 |" "$out"
assert_eq vanished-one-no-relist 0 "$(relisted)"
# The run reports it as the check's error, never as a pass.
out=$(DOCKER_HOST=$FE_HOST timeout 60 "$DS" run tests/hardening/pack-labels.sql --format json 2>/dev/null)
assert_eq vanished-run-error 1 "$(printf '%s' "$out" | jq '.summary.errors')"

# Every inspect 404 and the fresh list agrees they are gone: skipped, no error
# (the fault glob has ? for "=": fake_engine splits GLOB=KIND at the first one).
fe_start --fixtures $FX --vanish a1 --vanish b2 --vanish c3 --fault '/containers/json?all?1&filters?*=body:[]'
out=$(vq "SELECT count(*) AS n FROM docker_containers WHERE privileged = 0")
assert_not_contains vanished-gone-no-error "answered 404" "$out"
assert_contains vanished-gone-empty "| 0 |" "$out"
# Some vanish, some answer: skipped, no re-list at all.
fe_start --fixtures $FX --vanish b2
: >"$FE_LOG"
out=$(vq "SELECT count(*) AS n FROM docker_containers WHERE privileged = 0")
assert_contains vanished-some-skipped "| 2 |" "$out"
assert_eq vanished-some-no-relist 0 "$(relisted)"
fe_stop
