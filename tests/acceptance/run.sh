#!/bin/sh
# needs: engine host-proc
# tests/acceptance/run.sh - the OWASP Docker Top 10 pack end to end, on the
# real engine.
#
# Starts deliberately (mis)configured containers, each labelled
#   dockersec.test=acceptance
#   dockersec.test.expect=D01.1,D01.4,...   (every container check it must trigger)
# runs `dockersec run packs/owasp-docker-top10 --format jsonl` and asserts, in
# both directions, that the container findings of each labelled container are
# exactly its label: nothing missing, nothing extra.  A hardened container
# must trigger no container check at all; a stopped and a never-started one
# must still be audited.  The same comparison runs once through the plain
# `sqlite3` shell (.load + the pack files).  Then the runner's contract: exit
# statuses 0/1/2, --check/--control filters, --fail-on, every format parses,
# --output, no secret value in any output, nothing on stderr in a pipe.
#
# The engine is shared with other suites: only containers with our label are
# compared, created and removed.
. tests/lib/common.sh
. tests/lib/engine.sh
LABEL=dockersec.test=acceptance
EXPECT=dockersec.test.expect
PACK=packs/owasp-docker-top10
IMAGE=dockersec-test:latest
MOVED=dockersec-acceptance:moved
SECRET_ENV=Acc3ptanceEnvS3cret
SECRET_LABEL=Acc3ptanceLab3lS3cret
SECRET_ARG=Acc3ptanceArgS3cret

TMP=$(mktemp -d /tmp/dockersec-acceptance.XXXXXX)
cleanup() {
  rm_labelled "$LABEL"
  dk rmi "$MOVED" >/dev/null 2>&1
  dk network rm dsacc-net >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

if ! scripts/dockerd.sh start >/dev/null 2>&1; then
  fail acceptance-engine "no Docker engine answers (scripts/dockerd.sh start failed)"
  exit 0
fi
if ! scripts/test-image.sh "$IMAGE" >/dev/null 2>&1; then
  fail acceptance-image "cannot build $IMAGE (scripts/test-image.sh)"
  exit 0
fi
cleanup
TMP=$(mktemp -d /tmp/dockersec-acceptance.XXXXXX)
mkdir -p "$TMP/data" "$TMP/.ssh" "$TMP/shared"
IMAGE_ID=$(dk image inspect -f '{{.Id}}' "$IMAGE")
dk network create --label "$LABEL" dsacc-net >/dev/null

# The hardened baseline: non-root, read-only, no capabilities, no new
# privileges, memory/CPU/PIDs limits, no network, rotated json-file logs, and
# the image pinned by ID.  Most containers below are this plus one mistake,
# so each proves its own checks.
HARD="-u 1000:1000 --read-only --cap-drop ALL --security-opt no-new-privileges --memory 64m
      --cpus 0.5 --pids-limit 64 --log-opt max-size=10m --log-opt max-file=2"
NONET="--network none"
# The defaults of `docker run IMAGE` as root, as most containers are started.
DEFAULTS="D01.1,D03.9,D04.3,D04.10,D07.1,D07.3,D07.4,D07.9,D08.3,D09.1"

created=0
# new VERB NAME EXPECT DOCKER-ARGS... (VERB: run or create)
new() {
  verb=$1 name=$2 expect=$3
  shift 3
  if [ "$verb" = run ]; then set -- run -d "$@"; else set -- create "$@"; fi
  first=$1
  shift
  if out=$(dk "$first" --label "$LABEL" --label "$EXPECT=$expect" --name "dsacc-$name" "$@" 2>&1); then
    created=$((created + 1))
  else
    fail "acceptance-create-$name" "$(printf '%s' "$out" | tail -1)"
  fi
}

# 1. hardened: no container check at all
new run hardened "" $HARD $NONET "$IMAGE_ID" sleep 3600
# 2. docker run defaults, as root
new run default "$DEFAULTS" "$IMAGE" sleep 3600
# 3. stopped (ran, then stopped): still audited from its configuration
new run stopped "D04.2,$DEFAULTS" -u root:root --cap-add SYS_ADMIN "$IMAGE" sleep 3600
# 4. never started: bind propagation rshared (the engine refuses to start it
#    here, as / is not a shared mount; the configuration is what we audit)
new create propagation "D04.16" $HARD $NONET \
  --mount "type=bind,src=$TMP/shared,dst=/shared,readonly,bind-propagation=rshared" \
  "$IMAGE_ID" sleep 3600
# 5. root as 0:0 - the user part is what counts
new run uid0 "D01.1" $(echo "$HARD" | sed 's/-u 1000:1000/-u 0:0/') $NONET \
  "$IMAGE_ID" sleep 3600
# 5b. root with one added capability: the kernel shows it in the effective set
new run rootcaps "D01.1,D04.2" $(echo "$HARD" | sed 's/-u 1000:1000/-u 0:0/') \
  $NONET --cap-add NET_ADMIN "$IMAGE_ID" sleep 3600
# 6. privileged (as UID 1000: a privileged root container cannot start here)
new run privileged "D01.4" $HARD $NONET --privileged "$IMAGE_ID" sleep 3600
# 7. capabilities: one dangerous, one merely non-default
new run caps "D04.1,D04.2" $HARD $NONET --cap-add SYS_ADMIN --cap-add SYS_NICE \
  "$IMAGE_ID" sleep 3600
# 8. host namespaces
new run hostns "D03.10,D04.11" $HARD --network host --pid host --ipc host --uts host \
  "$IMAGE_ID" sleep 3600
# 9. ports: on every interface, -P, and a privileged host port on loopback
new run ports "D03.4,D03.5,D03.7" $HARD --network dsacc-net -p 8080 --expose 9090 -P \
  -p 127.0.0.1:1017:80 "$IMAGE_ID" sleep 3600
# 10. secrets in the environment, a label and the command line
new run secrets "D06.1,D06.4,D06.5" $HARD $NONET -e "DB_PASSWORD=$SECRET_ENV" \
  -e "PASSWORD_FILE=/run/secrets/db" --label "api_token=$SECRET_LABEL" \
  "$IMAGE_ID" sh -c 'sleep 3600' worker "--password=$SECRET_ARG"
# 11. mounts: engine socket, /etc, a writable host dir, an SSH key directory
new run mounts "D01.13,D04.14,D06.6,D09.2" $HARD $NONET \
  -v /var/run/docker.sock:/var/run/docker.sock:ro -v /etc:/host/etc:ro \
  -v "$TMP/data:/data" -v "$TMP/.ssh:/keys:ro" "$IMAGE_ID" sleep 3600
# 12-14. security contexts: prod and dev on one host, front end and database,
#        two tenants, and a prod container inside the dev one's network
new run env-prod "D05.1,D05.2,D05.3" $HARD $NONET --label env=prod --label tier=frontend \
  --label tenant=acc-a "$IMAGE_ID" sleep 3600
new run env-dev "D05.1,D05.2,D05.3" $HARD $NONET --label env=dev --label tier=database \
  --label tenant=acc-b "$IMAGE_ID" sleep 3600
new run env-join "D03.20,D05.1,D05.4" $HARD --network container:dsacc-env-dev --label env=prod \
  "$IMAGE_ID" sleep 3600
# 15. no logs at all
new run nolog "D10.2" $(echo "$HARD" | sed 's/--log-opt [^ ]*//g') $NONET --log-driver none \
  "$IMAGE_ID" sleep 3600
# 16. logs over clear-text syslog, non-blocking
new run syslog "D10.4,D10.5" $(echo "$HARD" | sed 's/--log-opt [^ ]*//g') $NONET \
  --log-driver syslog --log-opt syslog-address=udp://127.0.0.1:5514 \
  --log-opt mode=non-blocking "$IMAGE_ID" sleep 3600
# 17. restart forever, unlimited swap, unlimited core dumps
new run restart "D07.2,D07.7,D07.16" $HARD $NONET --restart always --memory-swap -1 \
  --ulimit core=-1 "$IMAGE_ID" sleep 3600
# 18. OOM killer off without a memory limit
new run oom "D07.1,D07.5" $(echo "$HARD" | sed 's/--memory 64m//') $NONET --oom-kill-disable \
  "$IMAGE_ID" sleep 3600
# 19. extra group, masked paths removed, seccomp off, a host device
new run group "D01.10" $HARD $NONET --group-add 0 "$IMAGE_ID" sleep 3600
new run systempaths "D04.13" $HARD $NONET --security-opt systempaths=unconfined \
  "$IMAGE_ID" sleep 3600
new run seccomp "D04.6" $HARD $NONET --security-opt seccomp=unconfined "$IMAGE_ID" sleep 3600
new run device "D04.12" $HARD $NONET --device /dev/zero:/dev/acc-zero "$IMAGE_ID" sleep 3600
# 20. an sshd and a package manager running: busybox under those names,
#     through symlinks in a read-only bind mount (comm is the link's name)
mkdir -p "$TMP/bin" && ln -s /bin/busybox "$TMP/bin/sshd" && ln -s /bin/busybox "$TMP/bin/apk"
new run daemons "D04.17,D09.7" $HARD $NONET -v "$TMP/bin:/acc:ro" "$IMAGE_ID" sh -c \
  '(exec -a sleep /acc/apk 3600 &); exec -a sleep /acc/sshd 3600'
# 21. a tag that moved on after the container was created
dk tag "$IMAGE" "$MOVED"
new run moved "D02.8,D08.3" $HARD $NONET "$MOVED" sleep 3600
mkdir -p "$TMP/img" && echo moved >"$TMP/img/moved"
tar -C "$TMP/img" -c . | dk import --change 'CMD ["/moved"]' - "$MOVED" >/dev/null

dk stop -t 0 dsacc-stopped >/dev/null
assert_eq acceptance-containers-created 25 "$created"
sleep 1 # let the daemons' exec -a settle

# ---- the pack, in jsonl ------------------------------------------------------
# ids and expectations of our containers: "<full id> <name> <expect>"
dk ps -a --no-trunc --filter "label=$LABEL" \
  --format "{{.ID}} {{.Names}} {{.Label \"$EXPECT\"}}" >"$TMP/ours"
cut -d' ' -f1 "$TMP/ours" >"$TMP/ours.ids"

# compare FINDINGS_FILE SUITE: FINDINGS_FILE holds "<container id> <check>" lines
compare() {
  while read -r id name expect; do
    want=$(printf '%s' "$expect" | tr ',' '\n' | grep . | sort -u | tr '\n' ' ')
    got=$(awk -v id="$id" '$1 == id { print $2 }' "$1" | sort -u | tr '\n' ' ')
    assert_eq "$2-$name" "$want" "$got"
  done <"$TMP/ours"
}

timeout 120 "$DS" run "$PACK" --format jsonl --fail-on none >"$TMP/run.jsonl" 2>"$TMP/run.err"
status=$?
assert_eq acceptance-run-exit-0-with-fail-on-none 0 "$status"
assert_eq acceptance-run-stderr-empty-in-a-pipe "" "$(cat "$TMP/run.err")"
errors=$(jq -r 'select(.status == "error") | "\(.check): \(.error)"' "$TMP/run.jsonl")
assert_eq acceptance-no-check-errors "" "$errors"
jq -r 'select(.status == "fail" and .container_id != null) | "\(.container_id) \(.check)"' \
  "$TMP/run.jsonl" >"$TMP/findings"
compare "$TMP/findings" acceptance

# Every container finding names the container as docker does.
bad=$(jq -r 'select(.container_id != null) | select((.container_name // "") == "" or
        (.container_id | test("^[0-9a-f]{64}$") | not)) | .check' "$TMP/run.jsonl" | sort -u)
assert_eq acceptance-findings-name-containers "" "$bad"

# ---- the same through the plain sqlite3 shell --------------------------------
# `.echo on` prints each check's header before its rows, so every row can be
# attributed to the `-- check:` above it; container checks return the id first.
: >"$TMP/shell"
for f in "$PACK"/*.sql; do
  sql -timeout 120 -err "$TMP/shell.err" -cmd '.echo on' - <"$f" >>"$TMP/shell"
done
assert_eq acceptance-shell-no-errors "" "$(cat "$TMP/shell.err")"
awk '/^-- check: / { check = $3; next }
     /^[0-9a-f]+\|/ { split($0, f, "|"); if (length(f[1]) == 64) print f[1], check }' \
  "$TMP/shell" >"$TMP/shell.findings"
compare "$TMP/shell.findings" acceptance-shell

# ---- secrets never leave ------------------------------------------------------
for fmt in table json jsonl csv; do
  out=$(timeout 120 "$DS" run "$PACK" --control D06 --format "$fmt" --fail-on none 2>&1)
  for s in "$SECRET_ENV" "$SECRET_LABEL" "$SECRET_ARG"; do
    assert_not_contains "acceptance-no-secret-$fmt-$s" "$s" "$out"
  done
done
assert_not_contains acceptance-no-secret-shell "$SECRET_ENV" "$(cat "$TMP/shell")"

# ---- exit statuses, --fail-on ---------------------------------------------------
run_status() {
  timeout 120 "$DS" run "$@" >/dev/null 2>&1
  echo $?
}
assert_eq exit-1-findings 1 "$(run_status "$PACK" --check D01.1)"
assert_eq exit-0-below-fail-on 0 "$(run_status "$PACK" --check D01.1 --fail-on high)"
assert_eq exit-1-at-fail-on 1 "$(run_status "$PACK" --check D01.4 --fail-on critical)"
assert_eq exit-0-fail-on-none 0 "$(run_status "$PACK" --check D01.4 --fail-on none)"
assert_eq exit-2-unknown-check 2 "$(run_status "$PACK" --check D99.9)"
assert_eq exit-2-unknown-control 2 "$(run_status "$PACK" --control D42)"
assert_eq exit-2-bad-format 2 "$(run_status "$PACK" --format yaml)"
assert_eq exit-2-bad-fail-on 2 "$(run_status "$PACK" --fail-on severe)"
assert_eq exit-2-missing-path 2 "$(run_status "$TMP/nonexistent")"

# A check that fails to run: status error with its message, the others run.
cat >"$TMP/broken.sql" <<'EOF'
-- check: T.1
-- control: T
-- title: Broken on purpose
-- severity: low
-- description: Reads a table that does not exist.
-- remediation: None.
-- references: https://example.com/broken
SELECT * FROM no_such_table;

-- check: T.2
-- control: T
-- title: Still runs
-- severity: low
-- description: Runs after the broken one.
-- remediation: None.
-- references: https://example.com/ok
SELECT 'x' AS finding;
EOF
timeout 60 "$DS" run "$TMP/broken.sql" --format json >"$TMP/broken.json" 2>/dev/null
assert_eq exit-2-check-error 2 $?
assert_eq broken-check-status error "$(jq -r '.results[0].status' "$TMP/broken.json")"
assert_contains broken-check-message "no such table: no_such_table" \
  "$(jq -r '.results[0].error' "$TMP/broken.json")"
assert_eq broken-other-check-runs fail "$(jq -r '.results[1].status' "$TMP/broken.json")"
assert_eq broken-summary-errors 1 "$(jq -r '.summary.errors' "$TMP/broken.json")"

# A malformed header: exit 2, file:line on stderr, nothing on stdout.
sed 's/^-- severity: low$/-- severity: urgent/' "$TMP/broken.sql" >"$TMP/malformed.sql"
out=$(timeout 60 "$DS" run "$TMP/malformed.sql" 2>"$TMP/malformed.err")
assert_eq exit-2-malformed-header 2 $?
assert_eq malformed-stdout-empty "" "$out"
assert_contains malformed-names-file-line "$TMP/malformed.sql:1: check T.1: severity 'urgent'" \
  "$(cat "$TMP/malformed.err")"

# ---- filters --------------------------------------------------------------------
d07=$(timeout 60 "$DS" run "$PACK" --control D07 --list | wc -l)
timeout 120 "$DS" run "$PACK" --control D07 --format json --fail-on none >"$TMP/d07.json"
assert_eq filter-control-count "$d07" "$(jq '.results | length' "$TMP/d07.json")"
assert_eq filter-control-only-d07 "D07" "$(jq -r '[.results[].control] | unique | join(",")' "$TMP/d07.json")"
timeout 120 "$DS" run "$PACK" --check D01.1 --check d04.6,D09.1 --format json --fail-on none \
  >"$TMP/checks.json"
assert_eq filter-check-repeatable "D01.1,D04.6,D09.1" \
  "$(jq -r '[.results[].check] | join(",")' "$TMP/checks.json")"
timeout 120 "$DS" run "$PACK" --control D10 --check D01.1 --format json --fail-on none \
  >"$TMP/union.json"
assert_eq filter-check-or-control "D01.1 D10" \
  "$(jq -r '[.results[] | if .control == "D10" then "D10" else .check end] | unique | join(" ")' \
    "$TMP/union.json")"

# ---- formats ----------------------------------------------------------------------
timeout 120 "$DS" run "$PACK" --format json --fail-on none >"$TMP/all.json"
assert_eq format-json-parses 0 "$(jq -e 'has("tool") and has("version") and has("host") and
  has("started_at") and has("duration_ms") and has("summary") and has("results")' \
  "$TMP/all.json" >/dev/null; echo $?)"
assert_eq format-json-summary-consistent true "$(jq '.summary.findings ==
  ([.results[].findings | length] | add)' "$TMP/all.json")"
nchecks=$(jq '.results | length' "$TMP/all.json")
assert_eq format-json-all-checks "$(timeout 60 "$DS" run "$PACK" --list | wc -l)" "$nchecks"
assert_eq format-jsonl-each-line-parses 0 "$(jq -e -c . "$TMP/run.jsonl" >/dev/null; echo $?)"
# Runs happen at different moments on a shared engine: compare our containers.
ours_json=$(jq -r '.results[] | .check as $c | .findings[] | select(.container_id != null) |
  "\(.container_id) \($c)"' "$TMP/all.json" | grep -F -f "$TMP/ours.ids" | sort)
assert_eq format-jsonl-one-line-per-finding "$ours_json" "$(grep -F -f "$TMP/ours.ids" "$TMP/findings" | sort)"
timeout 120 "$DS" run "$PACK" --format csv --fail-on none >"$TMP/all.csv"
csv=$(python3 - "$TMP/all.csv" "$TMP/all.json" "$TMP/ours.ids" <<'EOF'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
doc = json.load(open(sys.argv[2]))
ours = set(open(sys.argv[3]).read().split())
# one row per passed or errored check, one per finding; findings compared for
# our containers only (the engine is shared, the runs happen at different times)
want = sorted((r['check'], f['container_id']) for r in doc['results'] for f in r['findings']
              if f.get('container_id') in ours)
got = sorted((r[0], r[6]) for r in rows[1:] if r[6] in ours)
head = rows[0] == ['check', 'control', 'severity', 'status', 'title', 'cis', 'container_id',
                   'container_name', 'evidence', 'error', 'waived', 'waiver']
evidence = all(isinstance(json.loads(r[8]), dict) for r in rows[1:] if r[3] == 'fail')
checks = sorted(set(r[0] for r in rows[1:])) == sorted(r['check'] for r in doc['results'])
ok = head and evidence and checks and want == got and all(len(r) == 12 for r in rows)
print('ok' if ok else 'bad: header %s evidence %s checks %s ours %d/%d' %
      (head, evidence, checks, len(got), len(want)))
EOF
)
assert_eq format-csv-parses ok "$csv"
table=$(timeout 120 "$DS" run "$PACK" --format table --fail-on none)
assert_contains format-table-summary "$nchecks checks:" "$table"
assert_contains format-table-overview "STATUS CHECK" "$table"

# ---- --output ---------------------------------------------------------------------
out=$(timeout 120 "$DS" run "$PACK" --control D04 --format json --output "$TMP/out.json" \
  --fail-on none)
assert_eq output-stdout-empty "" "$out"
# --control D04 selects the checks that belong to D04, as their control or
# among their `controls` (D01.4 privileged belongs to D01 and D04)
assert_eq output-file-parses true \
  "$(jq '[.results[] | [.control] + (.controls // []) | index("D04") != null] | all' "$TMP/out.json")"
assert_eq output-no-temp-left "" "$(ls "$TMP" | grep 'out.json.tmp' || true)"
timeout 60 "$DS" run "$PACK" --check D01.1 --output /nonexistent-dir/x.json >/dev/null 2>&1
assert_eq output-unwritable-exit-2 2 $?

# ---- one snapshot per run ------------------------------------------------------------
# The whole pack lists the containers once and inspects each one at most once
# (without the shared snapshot it would be once per check).
timeout 120 "$DS" run "$PACK" --stats --format jsonl --fail-on none >/dev/null 2>"$TMP/stats"
lists=$(sed -n 's/^dockersec-stats requests=.* list_requests=\([0-9]*\) .*/\1/p' "$TMP/stats")
inspects=$(sed -n 's/^dockersec-stats requests=.* inspects=\([0-9]*\) .*/\1/p' "$TMP/stats")
containers=$(dk ps -aq | wc -l)
assert_eq snapshot-one-container-list 1 "$lists"
if [ -n "$inspects" ] && [ "$inspects" -le $((containers + 25)) ]; then
  pass snapshot-each-container-inspected-once
else
  fail snapshot-each-container-inspected-once "$inspects inspects for $containers containers"
fi

# ---- host files, through a root prefix (a fixture tree) ------------------------------
# Modes are compared as bitmasks: 0606 (world-writable) is caught although 606
# is below 644 as a decimal number; a watched path is not reported by D10.7.
root="$TMP/root"
mkdir -p "$root/etc/docker" "$root/etc/audit/rules.d" "$root/proc"
echo '{}' >"$root/etc/docker/daemon.json"
chmod 0606 "$root/etc/docker/daemon.json"
chmod 0775 "$root/etc/docker"
echo '-w /etc/docker -p wa -k docker' >"$root/etc/audit/rules.d/docker.rules"
files() {
  DOCKERSEC_ROOT="$root" timeout 60 "$DS" run "$PACK" --check "$1" --format jsonl --fail-on none |
    jq -r '"\(.status) \(.path // .error)"' | tr '\n' ' '
}
assert_eq hostfiles-modes-bitmask "fail /etc/docker fail /etc/docker/daemon.json " "$(files D04.25)"
assert_eq hostfiles-audit-watch "fail /etc/docker/daemon.json " "$(files D10.7)"
chmod 0644 "$root/etc/docker/daemon.json"
chmod 0755 "$root/etc/docker"
assert_eq hostfiles-modes-fixed "" "$(files D04.25)"

# ---- D08.1: a docker client with and without content trust ----------------------------
(timeout 60 docker events --filter label=dsacc-none >/dev/null 2>&1 &)
(DOCKER_CONTENT_TRUST=1 timeout 60 docker events --filter label=dsacc-trusted >/dev/null 2>&1 &)
sleep 1
plain=$(pgrep -f '^docker events --filter label=dsacc-none' | head -1)
trusted=$(pgrep -f '^docker events --filter label=dsacc-trusted' | head -1)
flagged=$(timeout 60 "$DS" run "$PACK" --check D08.1 --format jsonl --fail-on none | jq -r '.pid')
assert_contains content-trust-missing-flagged " $plain " " $(echo $flagged) "
assert_not_contains content-trust-set-not-flagged " $trusted " " $(echo $flagged) "
if [ -n "$plain$trusted" ]; then kill $plain $trusted 2>/dev/null; fi

# ---- D03.15: a management port on every host interface --------------------------------
# A stand-in listener on the engine-metrics port (9323) in the host's network
# namespace, started and stopped by us.
if command -v busybox >/dev/null && ! (ss -ltn 2>/dev/null | grep -q ':9323 '); then
  busybox nc -l -p 9323 >/dev/null 2>&1 &
  nc_pid=$!
  sleep 0.5
  got=$(timeout 60 "$DS" run "$PACK" --check D03.15 --format jsonl --fail-on none |
    jq -r 'select(.port == 9323 and (.address == "0.0.0.0" or .address == "::")) |
      "\(.service) \(.pid)"')
  assert_eq mgmt-port-flagged "engine metrics $nc_pid" "$got"
  kill "$nc_pid" 2>/dev/null
  wait "$nc_pid" 2>/dev/null
  got=$(timeout 60 "$DS" run "$PACK" --check D03.15 --format jsonl --fail-on none |
    jq -r 'select(.port == 9323) | .pid')
  assert_eq mgmt-port-gone "" "$got"
else
  echo "SKIP mgmt-port: busybox missing or port 9323 in use"
fi
