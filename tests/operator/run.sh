#!/bin/sh
# needs: engine
# tests/operator/run.sh - issue 14 end to end: containers shaped like common
# infrastructure, each problem reported exactly once at the right severity,
# no false secret; a waivers file silences exactly its matches in every
# format (expired and stale ones listed); scope options; the table starts
# with the summary and lists criticals first; two --state runs on an
# unchanged engine print nothing the second time.  Waivers and scope also
# match Kubernetes containers known only to containerd/CRI-O (kube.sh);
# dockersec run inside a container marks that container as its own (self.sh).
#
# Only containers labelled dockersec.test=operator-PID (this run's) are
# created, compared and removed; the runs are scoped to them (--label), host
# findings aside.  (Their names are fixed: a concurrent run fails to create
# them rather than removing the other's.)
. tests/lib/common.sh
. tests/lib/engine.sh
LABEL=dockersec.test=operator-$$
PACK=packs/owasp-docker-top10
IMAGE=dockersec-test:latest
SECRET=Op3ratorDbS3cret
URLPW=Op3ratorUrlPw

TMP=$(mktemp -d /tmp/dockersec-operator.XXXXXX)
cleanup() {
  rm_labelled "$LABEL"
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# Kubernetes containers from containerd and CRI-O (fixture trees, no engine)
. tests/operator/kube.sh

if ! scripts/test-image.sh "$IMAGE" >/dev/null 2>&1; then
  fail operator-image "cannot build $IMAGE (scripts/test-image.sh)"
  exit 0
fi
rm_labelled "$LABEL"
HARD="-u 1000:1000 --read-only --cap-drop ALL --security-opt no-new-privileges --memory 64m
      --cpus 0.5 --pids-limit 64 --log-opt max-size=10m --log-opt max-file=2 --network none"
new() {
  verb=$1 name=$2
  shift 2
  if [ "$verb" = run ]; then set -- run -d "$@"; else set -- create "$@"; fi
  first=$1
  shift
  out=$(dk "$first" --label "$LABEL" --label "dockersec.test.role=$name" --name "op14-$name" \
    "$@" 2>&1) || fail "operator-create-$name" "$(printf '%s' "$out" | tail -1)"
}
IMAGE_ID=$(dk image inspect -f '{{.Id}}' "$IMAGE")
# a node metrics agent: host pid, host /proc and /sys read-only
new run metrics $(echo "$HARD" | sed 's/--network none//') --pid host \
  -v /proc:/host/proc:ro -v /sys:/host/sys:ro "$IMAGE_ID" sleep 3600
# a CI runner with the engine socket
new run ci $HARD -v /var/run/docker.sock:/var/run/docker.sock "$IMAGE" sleep 3600
# Docker-in-Docker publishing its TLS API on every interface (created: as uid
# 1000, privileged; it is its configuration that is audited)
new create dind -u 1000 --privileged -p 2376:2376 "$IMAGE_ID" sleep 3600
# a database with a password in the environment, and harmless look-alikes
new run db $HARD -e "POSTGRES_PASSWORD=$SECRET" -e "DATABASE_URL=postgres://app:$URLPW@db/x" \
  -e DOCKER_TLS_CERTDIR=/certs -e DOCKER_CERT_PATH=/certs/client -e AUTH_ENABLED=true \
  -e GF_AUTH_ANONYMOUS_ENABLED=false -e KEYCLOAK_URL=https://kc.example/auth \
  -e PASSENGER_APP_ENV=production -e SESSION_TIMEOUT=300 -e TOKEN_TTL=3600 \
  -e POSTGRES_PASSWORD_FILE=/run/secrets/pg "$IMAGE_ID" sleep 3600
# /var/run read-only: the socket is in there
new run varrun $HARD -v /var/run:/host/run:ro "$IMAGE_ID" sleep 3600
# host /etc/cron.d read-write: host root by a cron job
new run cron $HARD -v /etc/cron.d:/host/cron.d "$IMAGE_ID" sleep 3600
# the host's system D-Bus
[ -d /run/dbus ] && new run dbus $HARD -v /run/dbus:/run/dbus:ro "$IMAGE_ID" sleep 3600

SCOPE="--label $LABEL"
timeout 300 "$DS" run "$PACK" $SCOPE --format jsonl --fail-on none >"$TMP/all.jsonl" 2>"$TMP/err"
assert_eq operator-run-clean "" "$(cat "$TMP/err")"
# "container check severity" per finding of our containers
jq -r 'select(.container_name != null and (.container_name | startswith("op14-")))
       | "\(.container_name) \(.check) \(.severity)"' "$TMP/all.jsonl" | sort >"$TMP/found"

# once: CONTAINER CHECK SEVERITY [COUNT] - exactly COUNT (default 1) rows
once() {
  n=$(grep -c "^op14-$1 $2 " "$TMP/found")
  assert_eq "operator-$1-$2-count" "${4:-1}" "$n"
  sev=$(grep "^op14-$1 $2 " "$TMP/found" | awk '{print $3}' | sort -u | tr '\n' ' ')
  assert_eq "operator-$1-$2-severity" "$3 " "$sev"
}
never() {
  assert_eq "operator-$1-no-$2" 0 "$(grep -c "^op14-$1 $2 " "$TMP/found")"
}
once metrics D04.11 high
once metrics D04.32 medium 2
never metrics D04.14
never metrics D01.13
once ci D01.13 critical
never ci D04.15
never ci D09.2
once dind D03.21 critical
never dind D03.4
once dind D01.4 critical
never dind D04.5
never dind D04.6
once db D06.1 high 2
once varrun D01.13 critical
never varrun D04.14
once cron D04.31 critical
never cron D09.2
[ -d /run/dbus ] && once dbus D04.33 high
# one finding per (container, check, evidence): no duplicated rows
assert_eq operator-no-duplicate-rows "" \
  "$(jq -c 'select(.container_name != null) | del(.started_at)' "$TMP/all.jsonl" | sort | uniq -d)"
# no false secret: only the two real ones, and no secret value anywhere
assert_eq operator-db-secrets "DATABASE_URL POSTGRES_PASSWORD" \
  "$(jq -r 'select(.container_name == "op14-db" and .check == "D06.1") | .variable' \
      "$TMP/all.jsonl" | sort | tr '\n' ' ' | sed 's/ $//')"
assert_not_contains operator-no-secret-value "$SECRET" "$(cat "$TMP/all.jsonl")"
assert_not_contains operator-no-url-password "$URLPW" "$(cat "$TMP/all.jsonl")"
db_url=$("$DS" query "SELECT e.value FROM docker_container_envs e JOIN docker_containers c
  ON c.id = e.id WHERE c.name = '/op14-db' AND e.key = 'DATABASE_URL'" --format csv | tail -1 | tr -d '\r')
assert_eq operator-url-partly-redacted "postgres://app:<redacted>@db/x" "$db_url"
certdir=$("$DS" query "SELECT e.value FROM docker_container_envs e JOIN docker_containers c
  ON c.id = e.id WHERE c.name = '/op14-db' AND e.key = 'DOCKER_TLS_CERTDIR'" --format csv | tail -1 | tr -d '\r')
assert_eq operator-certdir-shown "/certs" "$certdir"

# ---- waivers ---------------------------------------------------------------
cat >"$TMP/waivers" <<'W'
# accepted risks, reviewed in git
D04.32  op14-metrics                      -- reads host /proc and /sys for node metrics
D04.11  op14-metrics  expires=2020-01-01  -- host pid, until the agent moved
D01     op14-ci  image=dockersec-test:*   -- builds need the engine socket
D06     op14-nothing                      -- a container long gone
W
W="--waivers $TMP/waivers"
timeout 300 "$DS" run "$PACK" $SCOPE $W --format jsonl --fail-on none >"$TMP/w.jsonl"
assert_eq waiver-jsonl-waived "op14-ci D01.13|op14-metrics D04.32|op14-metrics D04.32" \
  "$(jq -r 'select(.waiver) | "\(.container_name) \(.check)"' "$TMP/w.jsonl" | sort | paste -sd'|')"
assert_eq waiver-jsonl-reason "builds need the engine socket" \
  "$(jq -r 'select(.waiver and .container_name == "op14-ci") | .waiver.reason' "$TMP/w.jsonl")"
assert_eq waiver-jsonl-expired "op14-metrics D04.11" \
  "$(jq -r 'select(.expired_waiver) | "\(.container_name) \(.check)"' "$TMP/w.jsonl")"
timeout 300 "$DS" run "$PACK" $SCOPE $W --format json --fail-on none >"$TMP/w.json"
assert_eq waiver-json-summary 3 "$(jq '.summary.waived' "$TMP/w.json")"
assert_eq waiver-json-stale "op14-nothing" "$(jq -r '.waivers.stale[].container' "$TMP/w.json")"
assert_eq waiver-json-expired "3" "$(jq -r '.waivers.expired[].line' "$TMP/w.json")"
assert_eq waiver-json-rows 3 "$(jq '[.results[].findings[] | select(.waiver)] | length' "$TMP/w.json")"
timeout 300 "$DS" run "$PACK" $SCOPE $W --format sarif --fail-on none >"$TMP/w.sarif"
assert_eq waiver-sarif-suppressed 3 \
  "$(jq '[.runs[0].results[] | select(.suppressions)] | length' "$TMP/w.sarif")"
assert_eq waiver-sarif-justification "builds need the engine socket" \
  "$(jq -r '.runs[0].results[] | select(.ruleId == "D01.13" and .suppressions
      and (.message.text | contains("op14-ci"))) | .suppressions[0].justification' "$TMP/w.sarif")"
timeout 300 "$DS" run "$PACK" $SCOPE $W --format csv --fail-on none >"$TMP/w.csv"
assert_eq waiver-csv-waived 3 "$(grep -c ',1,[^,]*waivers:[0-9]*: ' "$TMP/w.csv")"
timeout 300 "$DS" run "$PACK" $SCOPE $W --format html --fail-on none >"$TMP/w.html"
assert_eq waiver-html-waived 3 "$(grep -o 'data-waived="1"' "$TMP/w.html" | wc -l | tr -d ' ')"
assert_contains waiver-html-stale 'Stale waiver line 5' "$(cat "$TMP/w.html")"
timeout 300 "$DS" run "$PACK" $SCOPE $W --fail-on none >"$TMP/w.txt"
assert_contains waiver-table-section "== waived (reported, not counted for --fail-on) ==" "$(cat "$TMP/w.txt")"
assert_contains waiver-table-stale "STALE waiver $TMP/waivers:5" "$(cat "$TMP/w.txt")"
assert_contains waiver-table-expired "EXPIRED waiver $TMP/waivers:3" "$(cat "$TMP/w.txt")"
# not counted for --fail-on: the CI runner alone passes at critical once waived
"$DS" run "$PACK" --container op14-ci --fail-on critical >/dev/null 2>&1
assert_eq waiver-fail-on-without 1 $?
"$DS" run "$PACK" --container op14-ci --fail-on critical $W >/dev/null 2>&1
assert_eq waiver-fail-on-with 0 $?
printf 'D01 op14-ci -- fine\nD04 op14-x expires=tomorrow -- bad\n' >"$TMP/bad"
"$DS" run "$PACK" --waivers "$TMP/bad" >/dev/null 2>"$TMP/bad.err"
assert_eq waiver-malformed-status 2 $?
assert_contains waiver-malformed-line "$TMP/bad:2: expires=" "$(cat "$TMP/bad.err")"
# a label never waives
assert_not_contains waiver-not-from-labels "dockersec.test.role=" "$(grep -i waiver "$TMP/w.txt")"

# ---- scope -------------------------------------------------------------------
names() { jq -r 'select(.container_name != null) | .container_name' "$1" | sort -u | paste -sd' '; }
timeout 300 "$DS" run "$PACK" --container 'op14-c*' --format jsonl --fail-on none >"$TMP/s1"
assert_eq scope-container "op14-ci op14-cron" "$(names "$TMP/s1")"
assert_contains scope-host-checks-kept "D" "$(jq -r 'select(.container_name == null) | .check' "$TMP/s1" | head -1)"
timeout 300 "$DS" run "$PACK" $SCOPE --exclude-container 'op14-c*' --exclude-container op14-dbus \
  --format jsonl --fail-on none >"$TMP/s2"
assert_eq scope-exclude "op14-db op14-dind op14-metrics op14-varrun" "$(names "$TMP/s2")"
timeout 300 "$DS" run "$PACK" --label dockersec.test.role=db --format jsonl --fail-on none >"$TMP/s3"
assert_eq scope-label "op14-db" "$(names "$TMP/s3")"
timeout 300 "$DS" run "$PACK" $SCOPE --image 'dockersec-test:*' --format jsonl --fail-on none >"$TMP/s4"
assert_eq scope-image "op14-ci" "$(names "$TMP/s4")"
# dockersec's own container is reported, marked
ci_id=$(dk inspect -f '{{.Id}}' op14-ci)
DOCKERSEC_SELF_ID=$ci_id timeout 300 "$DS" run "$PACK" --container op14-ci --format jsonl \
  --fail-on none >"$TMP/self"
assert_eq scope-self-marked "op14-ci" \
  "$(jq -r 'select(.dockersec_self) | .container_name' "$TMP/self" | sort -u)"
# ... and found by itself when dockersec runs in a container (self.sh)
. tests/operator/self.sh

# ---- report order ----------------------------------------------------------------
timeout 300 "$DS" run "$PACK" $SCOPE --fail-on none >"$TMP/t.txt"
assert_eq order-summary-first 1 "$(head -2 "$TMP/t.txt" | grep -c ' checks: .* findings (')"
first_fail=$(grep -m1 '^FAIL ' "$TMP/t.txt")
assert_contains order-critical-first "[critical]" "$first_fail"
last_crit=$(grep -n '^FAIL .*\[critical\]' "$TMP/t.txt" | tail -1 | cut -d: -f1)
first_high=$(grep -n '^FAIL .*\[high\]' "$TMP/t.txt" | head -1 | cut -d: -f1)
assert_eq order-critical-before-high 1 "$([ "$last_crit" -lt "$first_high" ] && echo 1 || echo 0)"
timeout 300 "$DS" run "$PACK" $SCOPE --min-severity high --fail-on low >"$TMP/m.txt"
m_status=$?
assert_eq min-severity-hides 0 "$(grep -c '^FAIL .*\[medium\]' "$TMP/m.txt")"
assert_eq min-severity-keeps-exit 1 "$m_status"
timeout 300 "$DS" run "$PACK" $SCOPE --group-by container --fail-on none >"$TMP/g.txt"
assert_contains group-by-container "== container op14-ci ==" "$(cat "$TMP/g.txt")"
assert_eq group-by-container-once 1 "$(grep -c '^== container op14-ci ==' "$TMP/g.txt")"
# the HTML groups alike: one block per container, as many findings in each
timeout 300 "$DS" run "$PACK" $SCOPE --group-by container --format html --fail-on none >"$TMP/g.html"
assert_eq group-by-container-html-once 1 \
  "$(grep -c '<section class="container" data-container="op14-ci"' "$TMP/g.html")"
blocks_txt=$(awk '/^== container op14-/ { name = $3; next } /^$/ { name = "" }
  name != "" && /^  \[/ { n[name]++ } END { for (k in n) print k, n[k] }' "$TMP/g.txt" | sort)
blocks_html=$(grep -o '<section class="container" data-container="op14-[^"]*" data-findings="[0-9]*"' \
  "$TMP/g.html" | sed 's/.*data-container="\([^"]*\)" data-findings="\([0-9]*\)"/\1 \2/' | sort)
assert_eq group-by-container-html-same-blocks "$blocks_txt" "$blocks_html"
assert_contains group-by-container-html-csp "default-src 'none'" "$(head -8 "$TMP/g.html")"

# ---- quiet differential runs ---------------------------------------------------------
timeout 300 "$DS" run "$PACK" $SCOPE --state "$TMP/state.db" >/dev/null 2>&1
timeout 300 "$DS" run "$PACK" $SCOPE --state "$TMP/state.db" >"$TMP/diff2" 2>/dev/null
assert_eq state-second-run-quiet-containers "" "$(grep 'op14-' "$TMP/diff2")"
# The engine is shared: other suites add and remove images while this runs, and
# images are not scoped by container.  What must be quiet: our containers and
# the host (no volatile count, pid or time in any row).
assert_eq state-second-run-quiet "" \
  "$(jq -c 'select(.columns.image_id == null or .columns.container_id != null)' "$TMP/diff2")"
