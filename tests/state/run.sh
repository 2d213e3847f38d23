#!/bin/sh
# needs: engine
# osquery-style results: `dockersec run --state FILE.db` prints only what
# changed since the previous run (added/removed, counters), --snapshot prints
# every row, a failed run keeps the state, concurrent runs on one state file
# report each change exactly once; osquery pack files run unchanged.
. tests/lib/common.sh
. tests/lib/eco.sh
tmp=$(mktemp -d /tmp/dockersec-state-XXXXXX)
trap 'eco_cleanup; rm -rf "$tmp"' EXIT
eco_start "$tmp"
eco_pack tests/state/docker-eco.conf "$tmp/docker-eco.conf"
st="$tmp/state.db"
run() { timeout 120 "$DS" run "$@" 2>"$tmp/stderr"; }

# --- first run: every finding "added", counter 0, osquery's fields
out=$(run "$ECO_PACK" --state "$st")
assert_eq state-first-exit 1 "$?"
assert_eq state-first-lines "$ECO_FINDINGS" "$(printf '%s\n' "$out" | grep -c '"action":"added"')"
line=$(printf '%s\n' "$out" | grep '"name":"T04.1"')
assert_eq state-line-fields "name,hostIdentifier,calendarTime,unixTime,epoch,counter,numerics,decorations,columns,action" \
  "$(printf '%s' "$line" | jq -r 'keys_unsorted | join(",")')"
assert_eq state-line-values "T04.1|$(hostname)|0|0|false|/$ECO-priv|1|critical" \
  "$(printf '%s' "$line" | jq -r '[.name, .hostIdentifier, .epoch, .counter, .numerics, .columns.container_name, .columns.privileged, .decorations.severity] | map(tostring) | join("|")')"
assert_eq state-unixtime-number number "$(printf '%s' "$line" | jq -r '.unixTime | type')"
cal=$(printf '%s' "$line" | jq -r .calendarTime)
if printf '%s' "$cal" | grep -Eq '^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4} UTC$'; then
  pass state-calendar-time
else
  fail state-calendar-time "[$cal]"
fi
assert_eq state-calendar-matches-unixtime "$(TZ=UTC date -d "@$(printf '%s' "$line" | jq -r .unixTime)" '+%a %b %e %H:%M:%S %Y UTC')" "$cal"
mode=$(stat -c %a "$st")
assert_eq state-file-private 600 "$mode"

# --- nothing changed: nothing printed
out=$(run "$ECO_PACK" --state "$st")
assert_eq state-unchanged-exit 1 "$?"
assert_eq state-unchanged-silent "" "$out"

# --- a fixed finding is "removed", a new one "added"
timeout 60 docker rm -f "$ECO-priv" >/dev/null 2>&1
timeout 60 docker run -d --name "$ECO-new" --label "dockersec.test=$ECO_LABEL" -u 1000 --memory 32m \
  dockersec-test:latest sleep 600 >/dev/null 2>&1
out=$(run "$ECO_PACK" --state "$st")
assert_eq state-change-lines "T04.1:removed:/$ECO-priv:2" \
  "$(printf '%s\n' "$out" | jq -r '[.name, .action, .columns.container_name, (.counter|tostring)] | join(":")' | paste -sd' ' -)"

# --- a run whose checks were skipped keeps the state: an engine that is not
# there skips the checks that read it ("skipped: no engine API", not an error,
# so exit 0 here: nothing else was checked) and must not look like every
# finding was fixed
out=$(DOCKER_HOST=unix:///nonexistent/docker.sock run "$ECO_PACK" --state "$st")
assert_eq state-engine-down-exit 0 "$?"
assert_eq state-engine-down-silent "" "$out"
out=$(run "$ECO_PACK" --state "$st")
assert_eq state-after-failure-silent "" "$out"

# --- snapshot mode: every row of every check, one line per check
out=$(run "$ECO_PACK" --snapshot)
assert_eq state-snapshot-lines "T01.1:1 T04.1:0 T07.1:1 T07.2:0" \
  "$(printf '%s\n' "$out" | jq -r '.name + ":" + (.snapshot | length | tostring)' | paste -sd' ' -)"
assert_eq state-snapshot-action snapshot "$(printf '%s\n' "$out" | jq -r .action | sort -u)"

# --- epoch change: everything is new again
out=$(run "$ECO_PACK" --state "$st" --epoch 5)
assert_eq state-epoch-all-added "2 0" "$(printf '%s\n' "$out" | grep -c '"action":"added"') $(printf '%s\n' "$out" | jq -r .counter | sort -u)"

# --- the report still goes to --output while lines go to stdout
out=$(run "$ECO_PACK" --state "$st" --format json --output "$tmp/report.json")
assert_eq state-output-report-findings 2 "$(jq -r .summary.findings "$tmp/report.json" 2>&1)"

# --- a state file that is someone else's database is left alone
sqlite3 "$tmp/other.db" 'CREATE TABLE customers(id)'
out=$(run "$ECO_PACK" --state "$tmp/other.db")
assert_eq state-foreign-db-exit 2 "$?"
assert_contains state-foreign-db-message "not a dockersec state file" "$(cat "$tmp/stderr")"
assert_eq state-foreign-db-untouched customers "$(sqlite3 "$tmp/other.db" "SELECT group_concat(name) FROM sqlite_schema")"

# --- concurrency: 6 runs at once on a fresh state file; each finding is
# reported added exactly once, nobody fails on a lock, counters end at 5
i=0
while [ $i -lt 6 ]; do
  (timeout 120 "$DS" run "$ECO_PACK" --state "$tmp/conc.db" >"$tmp/conc.$i.out" 2>"$tmp/conc.$i.err"
   echo $? >"$tmp/conc.$i.rc") &
  i=$((i + 1))
done
wait
assert_eq state-concurrent-exits "1 1 1 1 1 1" "$(cat "$tmp"/conc.*.rc | paste -sd' ' -)"
assert_eq state-concurrent-no-errors "" "$(cat "$tmp"/conc.*.err)"
assert_eq state-concurrent-added-once "T01.1:/$ECO-root T07.1:/$ECO-root" \
  "$(cat "$tmp"/conc.*.out | jq -r '.name + ":" + .columns.container_name' | sort | paste -sd' ' -)"
assert_eq state-concurrent-counters "5" "$(sqlite3 "$tmp/conc.db" 'SELECT DISTINCT counter FROM queries')"

# --- osquery pack files
out=$(run "$tmp/docker-eco.conf" --list)
assert_eq osquery-pack-list "pack_docker-eco_privileged_containers pack_docker-eco_container_inventory pack_docker-eco_root_containers_added_only" \
  "$(printf '%s\n' "$out" | awk '{print $1}' | paste -sd' ' -)"
out=$(run "$tmp/docker-eco.conf" --state "$tmp/osq.db")
assert_eq osquery-pack-exit 1 "$?"
assert_eq osquery-pack-first-run "pack_docker-eco_container_inventory:snapshot:2 pack_docker-eco_root_containers_added_only:added:/$ECO-root" \
  "$(printf '%s\n' "$out" | jq -r 'if .action == "snapshot" then .name + ":snapshot:" + (.snapshot|length|tostring) else .name + ":" + .action + ":" + .columns.name end' | paste -sd' ' -)"
timeout 60 docker rm -f "$ECO-root" >/dev/null 2>&1
out=$(run "$tmp/docker-eco.conf" --state "$tmp/osq.db")
assert_eq osquery-pack-removed-false-and-snapshot "pack_docker-eco_container_inventory:snapshot:1" \
  "$(printf '%s\n' "$out" | jq -r '.name + ":" + .action + ":" + ((.snapshot // [])|length|tostring)' | paste -sd' ' -)"
printf '{"queries": {"x": {"interval": 10}}}' >"$tmp/noquery.conf"
run "$tmp/noquery.conf" >/dev/null
assert_eq osquery-pack-missing-query-exit 2 "$?"
assert_contains osquery-pack-missing-query-message "query 'x' has no \"query\" string" "$(cat "$tmp/stderr")"
printf '{\n "queries": {\n  "x": {"query" "SELECT 1;"}\n }\n}' >"$tmp/bad.json"
run "$tmp/bad.json" >/dev/null
assert_eq osquery-pack-bad-json-exit 2 "$?"
assert_contains osquery-pack-bad-json-message "$tmp/bad.json:" "$(cat "$tmp/stderr")"
