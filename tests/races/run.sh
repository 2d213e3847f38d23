#!/bin/sh
# needs: engine slow
# Suite "races": the host changes under the queries.  For RACE_SECONDS
# (default 30), containers labelled dockersec.test=races are started and
# removed (bounded parallelism; some exit by themselves, some are --rm and
# vanish on exit) and short-lived processes are spawned and reaped, while
# every table is queried over and over (CLI and sqlite3 shell, joins that
# feed container ids into the per-container tables) and the OWASP pack runs.
# Nothing may crash, hang or fail: a container or process that disappears
# mid-query is skipped, which is the documented behaviour - there is no
# documented error for it.
. tests/lib/common.sh
. tests/lib/engine.sh
SUITE=races
RACE_SECONDS=${RACE_SECONDS:-30}
T=$(mktemp -d /tmp/dockersec-races.XXXXXX)
cleanup() {
  [ -n "${CHURN_C:-}" ] && kill "$CHURN_C" 2>/dev/null
  [ -n "${CHURN_P:-}" ] && kill "$CHURN_P" 2>/dev/null
  wait 2>/dev/null
  rm_labelled "dockersec.test=$SUITE"
  rm -rf "$T"
}
trap cleanup EXIT
if ! timeout 10 docker version >/dev/null 2>&1; then
  fail races-engine "no Docker engine answers on /var/run/docker.sock"
  exit 0
fi
scripts/test-image.sh >/dev/null 2>&1 || true

# The statements come first: listing ~90 tables' schemas takes seconds under
# AddressSanitizer, and the churn window must not be spent before the first
# query round.
QUERIES="$T/queries.sql"
for t in $("$DS" tables); do
  if "$DS" schema "$t" | grep -q ' required '; then continue; fi
  echo "SELECT * FROM $t$(table_where "$t");"
done >"$QUERIES"
cat >>"$QUERIES" <<'SQL'
SELECT c.name, p.pid, p.cmdline FROM docker_containers c
  JOIN docker_container_processes p ON p.id = c.id WHERE c.state = 'running';
SELECT c.name, e.key FROM docker_containers c JOIN docker_container_envs e ON e.id = c.id;
SELECT p.pid, p.name, c.name FROM processes p JOIN docker_containers c ON c.id = p.container_id;
SELECT pid, count(*) FROM process_capabilities GROUP BY pid;
SQL
deadline=$(($(date +%s) + RACE_SECONDS))

# Containers: rounds of 3 started together (bounded), then removed.
churn_containers() {
  n=0
  while [ "$(date +%s)" -lt "$deadline" ]; do
    n=$((n + 1))
    timeout 60 docker run -d --label "dockersec.test=$SUITE" -u 1000 -e "ROUND=$n" \
      dockersec-test:latest sleep 3 >/dev/null 2>&1 &
    timeout 60 docker run -d --rm --label "dockersec.test=$SUITE" -u 1000 \
      dockersec-test:latest sleep 1 >/dev/null 2>&1 &
    timeout 60 docker run -d --label "dockersec.test=$SUITE" -u 1000 --pids-limit 20 \
      dockersec-test:latest sh -c 'for i in 1 2 3 4 5; do sleep 0.2 & done; wait' >/dev/null 2>&1 &
    wait
    sleep 0.5
    ids=$(timeout 30 docker ps -aq --filter "label=dockersec.test=$SUITE" --filter status=exited)
    [ -n "$ids" ] && timeout 60 docker rm -f $ids >/dev/null 2>&1
  done
  echo "$n" >"$T/rounds"
}

# Processes: bursts of short-lived children, reaped by wait.
churn_processes() {
  n=0
  while [ "$(date +%s)" -lt "$deadline" ]; do
    for i in 1 2 3 4 5 6 7 8; do
      sleep 0.0$i &
    done
    sh -c 'exit 0' &
    wait
    n=$((n + 9))
  done
  echo "$n" >"$T/spawned"
}

churn_containers &
CHURN_C=$!
churn_processes &
CHURN_P=$!


runs=0 errors=0 crashes=0
: >"$T/errors"
# At least one full round, however slow the build (a sanitizer build can take
# longer than RACE_SECONDS for one round).
while [ "$runs" -eq 0 ] || [ "$(date +%s)" -lt "$deadline" ]; do
  runs=$((runs + 1))
  # One statement per CLI call (each a fresh snapshot), then all of them in
  # one sqlite3 shell connection.
  while IFS= read -r q; do
    case "$q" in "SELECT"*";") ;; *) continue ;; esac
    timeout 120 "$DS" query "$q" --format csv >/dev/null 2>"$T/err"
    rc=$?
    [ $rc -ge 124 ] && crashes=$((crashes + 1)) && echo "status $rc: $q" >>"$T/crashes"
    [ $rc -ne 0 ] && errors=$((errors + 1)) && cat "$T/err" >>"$T/errors"
  done <"$QUERIES"
  : >"$T/err"
  tr '\n' ' ' <"$QUERIES" | sed 's/; /;\n/g' | sql -timeout 300 -err "$T/err" - >/dev/null
  rc=$?
  [ $rc -ge 124 ] && crashes=$((crashes + 1)) && echo "shell status $rc" >>"$T/crashes"
  [ -s "$T/err" ] && errors=$((errors + 1)) && cat "$T/err" >>"$T/errors"
  timeout 300 "$DS" run packs/owasp-docker-top10 --format jsonl --fail-on none >/dev/null 2>"$T/err"
  rc=$?
  [ $rc -ge 124 ] && crashes=$((crashes + 1)) && echo "run status $rc" >>"$T/crashes"
  [ $rc -ne 0 ] && errors=$((errors + 1)) && cat "$T/err" >>"$T/errors"
done
wait "$CHURN_C" "$CHURN_P" 2>/dev/null
CHURN_C="" CHURN_P=""

echo "# races: $runs query rounds, $(cat "$T/rounds" 2>/dev/null || echo ?) container rounds, $(cat "$T/spawned" 2>/dev/null || echo ?) processes spawned"
assert_eq races-no-crash-or-hang "" "$(cat "$T/crashes" 2>/dev/null)"
assert_eq races-no-error "" "$(sort "$T/errors" | uniq -c | head -20)"
if [ "$runs" -ge 1 ] && [ "$(cat "$T/rounds" 2>/dev/null || echo 0)" -ge 1 ]; then
  pass "races-churn-happened ($runs query rounds)"
else
  fail races-churn-happened "queries: $runs, container rounds: $(cat "$T/rounds" 2>/dev/null)"
fi
