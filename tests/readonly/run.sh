#!/bin/sh
# needs: engine
# Suite "readonly": proof that dockersec only reads.  The client talks to the
# real engine through a recording proxy (tests/lib/fake_engine.py --proxy), which
# logs every request and refuses - without forwarding - anything but a GET
# without a body.  Then every table is read (all columns, through the CLI
# and the sqlite3 shell), and the OWASP pack runs in every report format.
# Every logged request must be a GET to an endpoint on the allow-list below.
. tests/lib/common.sh
. tests/lib/engine.sh
SUITE=readonly
fe_init
# Through the real socket (dk): DOCKER_HOST points at the GET-only proxy
# below, which refuses the DELETE of `docker rm`.
cleanup() {
  rm_labelled "dockersec.test=$SUITE"
  fe_stop
  rm -rf "$FE_DIR"
}
trap cleanup EXIT

if ! DK_TIMEOUT=10 dk version >/dev/null 2>&1; then
  fail readonly-engine "no Docker engine answers on /var/run/docker.sock"
  exit 0
fi
scripts/test-image.sh >/dev/null 2>&1 || true
# Something for the per-container tables (top, envs, mounts, ports, ...).
CID=$(dk run -d --label "dockersec.test=$SUITE" -e APP_MODE=test -p 127.0.0.1::8080 \
  -v /tmp:/hosttmp:ro -u 1000 dockersec-test:latest sleep 600)
[ -n "$CID" ] || fail readonly-container "could not start the test container"

fe_start --proxy "${ENGINE_HOST#unix://}"
export DOCKER_HOST="$FE_HOST"

# The endpoints dockersec may read: the version prefix is optional (the first
# request goes out unversioned); ids are hex; query strings are plain.
V='(/v1\.[0-9]+)?'
HEX='[0-9a-f]{64}'
Q='(\?[A-Za-z0-9%=&_.,-]*)?'
ALLOWED="^GET $V(/_ping|/version|/info|/containers/json$Q|/containers/$HEX/json|/containers/$HEX/(top|stats)$Q|/containers/$HEX/changes|/images/json$Q|/images/(sha256:)?$HEX/(json|history)|/networks$Q|/networks/[A-Za-z0-9_.-]+|/volumes$Q)\$"

# check_log NAME FILE: every line is an allowed GET.
check_log() {
  n=$(grep -c . "$2")
  bad=$(grep -Ev "$ALLOWED" "$2")
  if [ "$n" -eq 0 ]; then
    fail "$1" "no request was recorded"
  elif [ -n "$bad" ]; then
    fail "$1" "requests outside the allow-list: $(printf '%s\n' "$bad" | sort | uniq -c | head -20)"
  else
    pass "$1 ($n requests, all GET to allowed endpoints)"
  fi
}

# The checker itself must catch a write: a POST through the proxy is refused
# (never reaches the engine) and logged, and check_log flags it.
probe="$FE_DIR/probe.log"
out=$(curl -s -X POST --unix-socket "$FE_SOCK" "http://x/containers/$CID/kill")
assert_contains readonly-proxy-blocks-post "only GET" "$out"
assert_eq readonly-proxy-post-not-forwarded "true" \
  "$(DK_TIMEOUT=30 dk inspect -f '{{.State.Running}}' "$CID" 2>&1)"
grep '^POST ' "$FE_LOG" >"$probe"
check_log readonly-checker-selftest "$probe" | grep -q '^FAIL' &&
  pass readonly-checker-flags-post || fail readonly-checker-flags-post "a POST passed the check"
: >"$FE_LOG"

# Every table, every column (hidden ones too), through the CLI.
all_columns() {
  "$DS" schema "$1" | awk 'NR > 1 && NF { printf "%s\"%s\"", (n++ ? ", " : ""), $1 }'
}
for t in $("$DS" tables); do
  out=$(timeout 120 "$DS" query "SELECT $(all_columns "$t") FROM $t$(table_where "$t" "$CID")" \
    --format jsonl 2>&1 >/dev/null)
  rc=$?
  if [ $rc -eq 0 ]; then pass "readonly-table-$t"; else fail "readonly-table-$t" "status $rc: $out"; fi
done

# The same through the sqlite3 shell, in one connection (rows discarded:
# what is left is the errors).
sql -timeout 300 -cmd ".output /dev/null" - >"$FE_DIR/shell.err" <<SQL
$(for t in $("$DS" tables); do printf 'SELECT * FROM %s%s;\n' "$t" "$(table_where "$t" "$CID")"; done)
SQL
assert_eq readonly-shell-all-tables "" "$(cat "$FE_DIR/shell.err")"

# The OWASP pack, in every report format.
for f in table json jsonl csv; do
  timeout 600 "$DS" run packs/owasp-docker-top10 --format "$f" --fail-on none \
    >"$FE_DIR/run.$f" 2>"$FE_DIR/run.$f.err"
  rc=$?
  if [ $rc -eq 0 ] && [ -s "$FE_DIR/run.$f" ]; then
    pass "readonly-pack-$f"
  else
    fail "readonly-pack-$f" "status $rc: $(head -5 "$FE_DIR/run.$f.err")"
  fi
done

check_log readonly-all-requests-get "$FE_LOG"
echo "# endpoints read: $(sed -E 's#^GET (/v1\.[0-9]+)?##; s#[0-9a-f]{64}#{id}#g; s#\?.*##' "$FE_LOG" | sort | uniq -c | sort -rn | awk '{printf "%s %s; ", $1, $2}')"
