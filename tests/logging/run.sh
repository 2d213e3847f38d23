#!/bin/sh
# needs: engine
# --log: results shipped to a real rsyslogd (started here on 127.0.0.1, RFC
# 5424 over UDP and TCP) and to a local HTTP(S) receiver (tests/logging/
# receiver.py): message format, retries with back-off, TLS verification, and
# a receiver that is down -> exit 2 with stdout complete.
. tests/lib/common.sh
. tests/lib/eco.sh
tmp=$(mktemp -d /tmp/dockersec-logging-XXXXXX)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; done
  for p in $pids; do wait "$p" 2>/dev/null; done
  eco_cleanup
  rm -rf "$tmp"
}
trap cleanup EXIT
eco_start "$tmp"
host=$(hostname)

free_port() { # free_port tcp|udp
  python3 -c "import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_STREAM if sys.argv[1]=='tcp' else socket.SOCK_DGRAM); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])" "$1"
}
# wait_lines FILE N: until FILE has N lines (10 s at most).
wait_lines() {
  i=0
  while [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -lt "$2" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
  done
}

# --- rsyslogd on loopback
UDP=$(free_port udp)
TCP=$(free_port tcp)
mkdir -p "$tmp/rsyslog"
cat >"$tmp/rsyslog.conf" <<CONF
global(workDirectory="$tmp/rsyslog" maxMessageSize="64k")
module(load="imudp")
module(load="imtcp")
input(type="imudp" address="127.0.0.1" port="$UDP" ruleset="dockersec")
input(type="imtcp" address="127.0.0.1" port="$TCP" ruleset="dockersec")
template(name="fields" type="list") {
  property(name="protocol-version") constant(value="|")
  property(name="pri") constant(value="|")
  property(name="hostname") constant(value="|")
  property(name="app-name") constant(value="|")
  property(name="procid") constant(value="|")
  property(name="msgid") constant(value="|")
  property(name="msg") constant(value="\n")
}
template(name="raw" type="string" string="%rawmsg%\n")
ruleset(name="dockersec") {
  action(type="omfile" file="$tmp/syslog.fields" template="fields")
  action(type="omfile" file="$tmp/syslog.raw" template="raw")
}
CONF
if rsyslogd -N1 -f "$tmp/rsyslog.conf" >"$tmp/rsyslog-check.log" 2>&1; then
  pass logging-rsyslog-config
else
  fail logging-rsyslog-config "$(tail -3 "$tmp/rsyslog-check.log")"
fi
rsyslogd -n -f "$tmp/rsyslog.conf" -i "$tmp/rsyslog.pid" >"$tmp/rsyslog.log" 2>&1 &
pids="$pids $!"
i=0
until python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" "$TCP" 2>/dev/null || [ $i -ge 50 ]; do
  sleep 0.2
  i=$((i + 1))
done
[ $i -lt 50 ] && pass logging-rsyslog-started || fail logging-rsyslog-started "$(tail -3 "$tmp/rsyslog.log")"

# check_syslog NAME FROM N MSGID: the N lines after line FROM, as rsyslog
# parsed them: RFC 5424 version 1, facility user with the check's severity,
# our host and app name, a JSON message.
check_syslog() {
  wait_lines "$tmp/syslog.fields" $(($2 + $3))
  got=$(tail -n +$(($2 + 1)) "$tmp/syslog.fields" | head -n "$3")
  assert_eq "$1-count" "$3" "$(printf '%s\n' "$got" | grep -c .)"
  assert_eq "$1-header" "1|$host|dockersec|$4" \
    "$(printf '%s\n' "$got" | awk -F'|' '{print $1 "|" $3 "|" $4 "|" $6}' | sort -u)"
  assert_eq "$1-procid-numeric" "" "$(printf '%s\n' "$got" | awk -F'|' '$5 !~ /^[0-9]+$/')"
  assert_eq "$1-pri-by-severity" "T01.1:11 T04.1:10 T07.1:12" \
    "$(printf '%s\n' "$got" | while IFS='|' read -r v pri h a p m msg; do
        printf '%s:%s\n' "$(printf '%s' "$msg" | jq -r '.check // .name')" "$pri"; done | sort | paste -sd' ' -)"
}

out=$(timeout 120 "$DS" run "$ECO_PACK" --format jsonl --log "syslog://127.0.0.1:$UDP" 2>"$tmp/err")
assert_eq logging-udp-exit 1 "$?"
assert_eq logging-udp-stdout "$ECO_FINDINGS" "$(printf '%s\n' "$out" | grep -c '"check"')"
check_syslog logging-udp 0 "$ECO_FINDINGS" finding
# RFC 3339 timestamps with microseconds and the zone offset, as sent.
raw=$(head -n 1 "$tmp/syslog.raw")
if printf '%s' "$raw" | grep -Eq '^<1[0-2]>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}[+-][0-9]{2}:[0-9]{2} '; then
  pass logging-rfc3339-timestamp
else
  fail logging-rfc3339-timestamp "[$raw]"
fi
stamp=$(printf '%s' "$raw" | cut -d' ' -f2)
now=$(date +%s)
sent=$(date -d "$stamp" +%s 2>/dev/null || echo 0)
[ $((now - sent)) -ge 0 ] && [ $((now - sent)) -lt 300 ] && pass logging-timestamp-is-now ||
  fail logging-timestamp-is-now "$stamp vs $(date -Iseconds)"
out=$(TZ=America/New_York timeout 120 "$DS" run "$ECO_PACK" --format jsonl --log "syslog://127.0.0.1:$UDP" 2>/dev/null)
wait_lines "$tmp/syslog.raw" $((ECO_FINDINGS * 2))
assert_contains logging-timestamp-zone-offset "-0" "$(sed -n "$((ECO_FINDINGS + 1))p" "$tmp/syslog.raw" | cut -d' ' -f2 | cut -c27-)"

out=$(timeout 120 "$DS" run "$ECO_PACK" --format jsonl --log "syslog+tcp://127.0.0.1:$TCP" 2>"$tmp/err")
assert_eq logging-tcp-exit 1 "$?"
check_syslog logging-tcp $((ECO_FINDINGS * 2)) "$ECO_FINDINGS" finding

# Differential lines go out as they print: msgid = action.
out=$(timeout 120 "$DS" run "$ECO_PACK" --state "$tmp/state.db" --log "syslog://127.0.0.1:$UDP" 2>"$tmp/err")
check_syslog logging-state $((ECO_FINDINGS * 3)) "$ECO_FINDINGS" added

# --- HTTP receiver: two 503s, then 200: retried with back-off, exit is the
# findings' (1), not an error.
receiver() { # receiver NAME ARGS...: starts one, sets PORT
  rname=$1
  shift
  rm -f "$tmp/$rname.port"
  python3 tests/logging/receiver.py "$tmp/$rname.log" "$tmp/$rname.port" "$@" &
  pids="$pids $!"
  i=0
  while [ ! -s "$tmp/$rname.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  PORT=$(cat "$tmp/$rname.port" 2>/dev/null)
}
receiver flaky --fail 2 --status 503
t0=$(date +%s%N)
out=$(DOCKERSEC_LOG_HEADER="Authorization: Bearer test-token" timeout 120 "$DS" run "$ECO_PACK" \
  --format jsonl --log "http://127.0.0.1:$PORT/ingest" 2>"$tmp/err")
rc=$?
t1=$(date +%s%N)
assert_eq logging-http-retry-exit 1 "$rc"
assert_eq logging-http-retry-no-error "" "$(cat "$tmp/err")"
assert_eq logging-http-attempts "503 503 200" "$(jq -r .answered "$tmp/flaky.log" | paste -sd' ' -)"
echo "INFO two retries took $(((t1 - t0) / 1000000)) ms in all (back-off 500 ms, then 1000 ms)"
last=$(tail -n 1 "$tmp/flaky.log")
assert_eq logging-http-method-path "POST /ingest" "$(printf '%s' "$last" | jq -r '.method + " " + .path')"
assert_eq logging-http-content-type application/x-ndjson "$(printf '%s' "$last" | jq -r '.headers["Content-Type"]')"
assert_eq logging-http-extra-header "Bearer test-token" "$(printf '%s' "$last" | jq -r '.headers.Authorization')"
assert_eq logging-http-body-is-stdout "$out" "$(printf '%s' "$last" | jq -r .body | sed '/^$/d')"

receiver broken --fail 1000 --status 500
out=$(timeout 120 "$DS" run "$ECO_PACK" --format jsonl --log "http://127.0.0.1:$PORT/" 2>"$tmp/err")
assert_eq logging-http-500-exit 2 "$?"
assert_contains logging-http-500-message "HTTP 500 after 4 attempts" "$(cat "$tmp/err")"
assert_eq logging-http-500-stdout-complete "$ECO_FINDINGS" "$(printf '%s\n' "$out" | grep -c '"check"')"
receiver reject --fail 1000 --status 400
timeout 120 "$DS" run "$ECO_PACK" --format jsonl --log "http://127.0.0.1:$PORT/" >/dev/null 2>"$tmp/err"
assert_eq logging-http-400-exit 2 "$?"
assert_eq logging-http-400-not-retried 1 "$(wc -l <"$tmp/reject.log")"

# --- HTTPS: the receiver's certificate is verified.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1
receiver tls --tls "$tmp/cert.pem" "$tmp/key.pem"
DOCKERSEC_LOG_CAINFO="$tmp/cert.pem" timeout 120 "$DS" run "$ECO_PACK" --format jsonl \
  --log "https://127.0.0.1:$PORT/x" >/dev/null 2>"$tmp/err"
assert_eq logging-https-trusted-exit 1 "$?"
assert_eq logging-https-received 1 "$(wc -l <"$tmp/tls.log")"
out=$(timeout 120 "$DS" run "$ECO_PACK" --format jsonl --log "https://127.0.0.1:$PORT/x" 2>"$tmp/err")
assert_eq logging-https-untrusted-exit 2 "$?"
assert_contains logging-https-untrusted-message "certificate" "$(cat "$tmp/err")"
assert_eq logging-https-untrusted-not-received 1 "$(wc -l <"$tmp/tls.log")"
assert_eq logging-https-untrusted-stdout-complete "$ECO_FINDINGS" "$(printf '%s\n' "$out" | grep -c '"check"')"

# --- receivers that are down: exit 2, stdout complete
DOWN_UDP=$(free_port udp)
DOWN_TCP=$(free_port tcp)
for url in "syslog://127.0.0.1:$DOWN_UDP" "syslog+tcp://127.0.0.1:$DOWN_TCP" "http://127.0.0.1:$DOWN_TCP/"; do
  name=$(printf '%s' "$url" | cut -d: -f1 | tr -c 'a-z\n' -)
  out=$(timeout 120 "$DS" run "$ECO_PACK" --format jsonl --log "$url" 2>"$tmp/err")
  assert_eq "logging-down-$name-exit" 2 "$?"
  assert_eq "logging-down-$name-stdout-complete" "$ECO_FINDINGS" "$(printf '%s\n' "$out" | grep -c '"check"')"
  assert_contains "logging-down-$name-message" "--log $url" "$(cat "$tmp/err")"
done
# A bad URL is a usage error before any check runs.
out=$(timeout 60 "$DS" run "$ECO_PACK" --log "ftp://x" 2>&1)
assert_eq logging-bad-url-exit 2 "$?"
assert_contains logging-bad-url-message "expected syslog://HOST:PORT" "$out"
