#!/bin/sh
# needs: engine
# tests/requests/run.sh - the request-count regression guard (cheap, CI-safe).
#
# Counts, never times: with K labelled containers on the real engine, asserts
# from the client's own counters (dockersec_stats, dockersec run --stats) that
#   - one statement touching every docker table, or several statements within
#     the snapshot TTL, cost exactly 1 list + one inspect per listed container
#     (+ each fixed endpoint such as /version or /info once);
#   - WHERE id = '<id>' costs exactly 1 inspect, IN (a, b) exactly 2;
#   - a list-only query costs no inspect at all;
#   - a whole OWASP pack run costs 1 list + one inspect per container, each
#     fixed endpoint at most once, and no other per-container request: on a
#     local engine (host-proc: its containers' processes are in this /proc)
#     no docker top at all - docker_container_processes reads /proc; on a
#     remote one, one docker top per running container.
# The engine is shared, so "every container" is whatever the list of the same
# snapshot held (read back from the cache in the same process), not just K.
. tests/lib/common.sh
. tests/lib/engine.sh
. tests/lib/needs.sh
LABEL=dockersec.test=requests
K=5
: "${DOCKER_HOST:=unix:///var/run/docker.sock}"
export DOCKER_HOST
# A generous snapshot: "within the TTL" must hold even on a slow CI machine.
TTL="SELECT dockersec_config('cache_ttl_ms', 600000);"

cleanup() { rm_labelled "$LABEL"; }

if ! timeout 90 scripts/dockerd.sh start >/dev/null; then
  fail requests-engine "no Docker engine answers on $DOCKER_HOST"
  exit 0
fi
if ! timeout 120 scripts/test-image.sh >/dev/null; then
  fail requests-image "cannot build the test image (scripts/test-image.sh)"
  exit 0
fi
trap cleanup EXIT
trap 'exit 1' INT TERM
cleanup

# K containers: some running (pid, namespaces), some only created.
i=0
while [ $i -lt $K ]; do
  if [ $i -lt 2 ]; then
    timeout 60 docker run -d --label "$LABEL" dockersec-test:latest sleep 600 >/dev/null
  else
    timeout 60 docker create --label "$LABEL" dockersec-test:latest true >/dev/null
  fi || fail requests-setup "cannot create container $i"
  i=$((i + 1))
done
IDS=$(timeout 30 docker ps -aq --no-trunc --filter "label=$LABEL" | sort)
ID1=$(echo "$IDS" | sed -n 1p)
ID2=$(echo "$IDS" | sed -n 2p)
assert_eq requests-setup-k "$K" "$(echo "$IDS" | grep -c .)"

# stats SQL...: runs the statements, then prints one line from dockersec_stats:
#   list_requests|inspects|other_requests|errors|listed|endpoints
# where `listed` is the number of containers of the snapshot's list (a cache
# hit when the list is in the snapshot, else sent - then 'listed' is -1).
stats() {
  timeout 120 "$DS" query "$TTL $1;
    SELECT list_requests, inspects, other_requests, errors, endpoints FROM dockersec_stats" \
    --format csv 2>&1 | tail -n +2 | tr -d '\r' | sed 's/,/|/; s/,/|/; s/,/|/; s/,/|/'
}
# field N of a stats line (1 list, 2 inspects, 3 other, 4 errors, 5 endpoints)
field() { echo "$1" | cut -d'|' -f"$2"; }
# endpoint count from the endpoints JSON (0 when absent)
endpoint() { echo "$1" | cut -d'|' -f5- | sed 's/^"//; s/"$//; s/""/"/g' | jq -r --arg k "$2" '.[$k] // 0' 2>/dev/null; }

# The number of containers in a snapshot, measured in the same process right
# after the statement under test (the list is cached, so this sends nothing).
snapshot() {
  timeout 120 "$DS" query "$TTL $1;
    SELECT list_requests, inspects, other_requests, errors, endpoints,
      (SELECT count(*) FROM docker_containers) FROM dockersec_stats" --format csv 2>&1 |
    tail -n +2 | tr -d '\r'
}

have_table() { "$DS" tables | grep -qx "$1"; }
has_id_column() {
  [ "$("$DS" query "SELECT count(*) FROM pragma_table_info('$1') WHERE name = 'id'" --format csv |
    tail -n +2 | tr -d '\r')" = 1 ]
}

# ---- one statement over every docker table ---------------------------------
# Every per-container table that is fed from list + inspect (the other
# per-container endpoints, e.g. /top, are asked per container by design).
JOINS=""
for t in docker_container_mounts docker_container_ports docker_container_labels \
  docker_container_envs docker_container_networks docker_container_capabilities \
  docker_container_security; do
  if have_table "$t" && has_id_column "$t"; then
    JOINS="$JOINS LEFT JOIN $t ON $t.id = c.id"
  fi
done
SINGLES=""
for t in docker_version docker_info docker_daemon_settings; do
  have_table "$t" && SINGLES="$SINGLES, (SELECT count(*) FROM $t)"
done
MULTI="SELECT count(*), sum(c.privileged), max(c2.pid) $SINGLES
  FROM docker_containers AS c JOIN docker_containers AS c2 ON c2.id = c.id $JOINS"

line=$(snapshot "$MULTI")
n=$(echo "$line" | awk -F, '{print $NF}')
echo "# one statement, $n containers listed: $line"
assert_eq requests-one-statement-lists-once 1 "$(echo "$line" | cut -d, -f1)"
assert_eq requests-one-statement-inspects-each-once "$n" "$(echo "$line" | cut -d, -f2)"
if [ "${n:-0}" -ge "$K" ]; then pass requests-snapshot-has-k; else
  fail requests-snapshot-has-k "listed $n containers, expected at least $K"; fi
# Every other endpoint (/version, /info, …) at most once.
json=$(echo "$line" | sed 's/^[^,]*,[^,]*,[^,]*,[^,]*,//; s/,[^,]*$//; s/^"//; s/"$//; s/""/"/g')
more=$(echo "$json" | jq -r 'to_entries[] | select(.key != "GET /containers/{id}/json" and .value != 1) | "\(.key)=\(.value)"' 2>&1)
assert_eq requests-one-statement-fixed-endpoints-once "" "$more"
assert_eq requests-version-once 1 "$(echo "$json" | jq -r '."GET /version" // 0')"

# ---- several statements within the TTL -------------------------------------
SEVERAL="SELECT count(*) FROM docker_containers WHERE privileged = 1;
  SELECT name, user, cap_add FROM docker_containers ORDER BY name;
  SELECT c.id, v.version FROM docker_containers c, docker_version v WHERE c.pid > 0;
  SELECT id, readonly_rootfs FROM docker_containers WHERE id IN ('$ID1', '$ID2');
  SELECT pid FROM docker_containers WHERE id = '$ID1'"
line=$(snapshot "$SEVERAL")
n=$(echo "$line" | awk -F, '{print $NF}')
echo "# several statements, $n containers listed: $line"
assert_eq requests-several-statements-list-once 1 "$(echo "$line" | cut -d, -f1)"
assert_eq requests-several-statements-inspect-each-once "$n" "$(echo "$line" | cut -d, -f2)"

# ---- push-down: exactly the asked containers --------------------------------
line=$(stats "SELECT id, pid, privileged FROM docker_containers WHERE id = '$ID1'")
echo "# WHERE id = : $line"
assert_eq requests-where-id-one-inspect 1 "$(field "$line" 2)"
assert_eq requests-where-id-one-list 1 "$(field "$line" 1)"

short=$(echo "$ID1" | cut -c1-12)
line=$(stats "SELECT id, pid FROM docker_containers WHERE id = '$short'")
assert_eq requests-where-id-prefix-one-inspect 1 "$(field "$line" 2)"

line=$(stats "SELECT id, pid FROM docker_containers WHERE id IN ('$ID1', '$ID2')")
echo "# WHERE id IN (a, b): $line"
assert_eq requests-where-in-two-inspects 2 "$(field "$line" 2)"
assert_eq requests-where-in-one-list 1 "$(field "$line" 1)"

line=$(stats "SELECT id, pid FROM docker_containers WHERE id IN ('$ID1', '$ID1', '$short')")
assert_eq requests-where-in-duplicates-one-inspect 1 "$(field "$line" 2)"

line=$(stats "SELECT id FROM docker_containers WHERE id = 'not-an-id'")
assert_eq requests-where-id-invalid-no-request "0|0" "$(field "$line" 1)|$(field "$line" 2)"

# After a full snapshot, a lookup by id is served from the cache.
line=$(snapshot "SELECT count(pid) FROM docker_containers;
  SELECT pid FROM docker_containers WHERE id = '$ID2'")
n=$(echo "$line" | awk -F, '{print $NF}')
assert_eq requests-where-id-after-snapshot-cached "1|$n" "$(echo "$line" | cut -d, -f1-2 | tr , '|')"

# ---- list-only queries --------------------------------------------------------
line=$(stats "SELECT id, name, state FROM docker_containers")
echo "# list only: $line"
assert_eq requests-list-only-no-inspect 0 "$(field "$line" 2)"
assert_eq requests-list-only-one-list 1 "$(field "$line" 1)"
line=$(stats "SELECT count(*) FROM docker_containers WHERE state = 'running'")
assert_eq requests-count-no-inspect "1|0" "$(field "$line" 1)|$(field "$line" 2)"
line=$(stats "SELECT labels FROM docker_containers WHERE name LIKE '%'")
assert_eq requests-labels-no-inspect 0 "$(field "$line" 2)"

# ---- fixed endpoints asked ahead (ds_prefetch) go out once, with the list ----
line=$(stats "SELECT id, image_digest FROM docker_containers WHERE id = '$ID1'")
assert_eq requests-image-digest-no-inspect "1|0" "$(field "$line" 1)|$(field "$line" 2)"
assert_eq requests-image-digest-images-once 1 "$(endpoint "$line" "GET /images/json")"
# A hint alone sends nothing: the statement below never scans the table.
line=$(stats "SELECT image_digest FROM docker_containers WHERE 0")
assert_eq requests-prefetch-hint-sends-nothing "0|0|0" "$(field "$line" 1)|$(field "$line" 2)|$(field "$line" 3)"

# ---- the table reads nothing itself ------------------------------------------
line=$(timeout 60 "$DS" query "SELECT requests FROM dockersec_stats; SELECT requests FROM dockersec_stats" --format csv | tail -n +2 | tr -d '\r')
assert_eq requests-stats-table-sends-nothing 0 "$line"

# ---- the same through the loadable extension in the sqlite3 shell ------------
line=$(sql "SELECT count(pid) >= $K FROM docker_containers; SELECT list_requests || '|' || (inspects = (SELECT count(*) FROM docker_containers)) FROM dockersec_stats" | tr '\n' ' ')
assert_eq requests-sqlite3-shell "1 1|1 " "$line"

# ---- --stats prints the counters on stderr, stdout stays clean ----------------
err=$(timeout 60 "$DS" query "SELECT pid FROM docker_containers WHERE id = '$ID1'" --stats --format csv 2>&1 >/dev/null)
assert_contains requests-cli-stats-totals "dockersec-stats requests=" "$err"
assert_contains requests-cli-stats-inspects " inspects=1 " "$err"
assert_contains requests-cli-stats-endpoint 'endpoint="GET /containers/{id}/json" requests=1' "$err"
out=$(timeout 60 "$DS" query "SELECT pid FROM docker_containers WHERE id = '$ID1'" --stats --format csv 2>/dev/null)
assert_not_contains requests-cli-stats-not-on-stdout "dockersec-stats" "$out"

# ---- a whole pack run ---------------------------------------------------------
PACK=packs/owasp-docker-top10
if [ -d "$PACK" ] && "$DS" run --help >/dev/null 2>&1; then
  # 1. Every check of the pack in one process (dockersec query), then the
  #    counters next to what the snapshot held: exact, whatever else runs on
  #    the engine meanwhile.
  #    The snapshot lasts the whole run, as dockersec run's does (the
  #    statements of a pack take longer than the default 2 s TTL on a busy
  #    machine).
  line=$(cat "$PACK"/*.sql | sed '$a\' | {
    echo "$TTL"
    cat
    echo "SELECT list_requests, inspects, endpoints,"
    echo "  (SELECT count(*) FROM docker_containers),"
    echo "  (SELECT count(*) FROM docker_containers WHERE state = 'running')"
    echo "FROM dockersec_stats;"
  } | timeout 300 "$DS" query - --format csv 2>&1 | tail -n +2 | tr -d '\r')
  n=$(echo "$line" | awk -F, '{print $(NF-1)}')
  running=$(echo "$line" | awk -F, '{print $NF}')
  json=$(echo "$line" | sed 's/^[^,]*,[^,]*,//; s/,[^,]*,[^,]*$//; s/^"//; s/"$//; s/""/"/g')
  echo "# pack checks in one process, $n containers ($running running): $json"
  assert_eq requests-pack-one-list 1 "$(echo "$line" | cut -d, -f1)"
  assert_eq requests-pack-inspects-each-once "$n" "$(echo "$line" | cut -d, -f2)"
  # A local engine: no docker top (processes from /proc); remote: one each.
  tops=$running
  need_check host-proc >/dev/null && tops=0
  assert_eq requests-pack-top-local-none-remote-each "$tops" \
    "$(echo "$json" | jq -r '."GET /containers/{id}/top" // 0')"
  # No per-container endpoint but the inspect (and /top on a remote engine).
  assert_eq requests-pack-per-container-inspect-only "" \
    "$(echo "$json" | jq -r 'keys[] | select(startswith("GET /containers/{id}/") and
       . != "GET /containers/{id}/json" and . != "GET /containers/{id}/top")')"
  for ep in "GET /version" "GET /info" "GET /images/json" "GET /networks" "GET /volumes"; do
    c=$(echo "$json" | jq -r --arg k "$ep" '.[$k] // 0')
    if [ "$c" -le 1 ]; then pass "requests-pack-once-${ep#GET /}"; else
      fail "requests-pack-once-${ep#GET /}" "$ep asked $c times"; fi
  done

  # 2. dockersec run --stats: the runner's own counters, on stderr.
  before=$(timeout 30 docker ps -aq | grep -c .)
  err=$(timeout 300 "$DS" run "$PACK" --stats --format json 2>&1 >/dev/null)
  after=$(timeout 30 docker ps -aq | grep -c .)
  totals=$(echo "$err" | grep '^dockersec-stats requests=')
  assert_contains requests-run-stats-printed "dockersec-stats requests=" "$totals"
  assert_contains requests-run-one-list " list_requests=1 " "$totals"
  inspects=$(echo "$totals" | sed -n 's/.* inspects=\([0-9]*\) .*/\1/p')
  if [ "$before" = "$after" ]; then
    assert_eq requests-run-inspects-each-once "$before" "$inspects"
  elif [ "${inspects:-0}" -ge "$K" ]; then
    pass requests-run-inspects-each-once # the engine changed under us: a range
  else
    fail requests-run-inspects-each-once "inspects=$inspects with $before..$after containers"
  fi
  assert_contains requests-run-version-once 'endpoint="GET /version" requests=1' "$err"
  # Each container inspected at most once (the endpoint's count is the total
  # above), and no docker top on a local engine.
  if need_check host-proc >/dev/null; then
    assert_not_contains requests-run-no-top-local-engine '/top"' "$err"
  else
    skip requests-run-no-top-local-engine "not the engine's host (/top is the only source)"
  fi
  per=$(echo "$err" | grep 'endpoint="GET /containers/{id}/' | grep -v '{id}/json"\|{id}/top"')
  assert_eq requests-run-no-other-per-container-request "" "$per"
  errors=$(echo "$totals" | sed -n 's/.* errors=\([0-9]*\) .*/\1/p')
  # (a container stopping mid-run may answer 409 to its docker top)
  if [ "$before" = "$after" ]; then assert_eq requests-run-no-error 0 "$errors"; fi
fi
