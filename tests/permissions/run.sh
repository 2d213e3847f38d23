#!/bin/sh
# needs: engine root
# Suite "permissions": as a user who may not open the engine's socket
# (nobody, no supplementary groups), every docker table fails with the one
# clear cause, the host-only tables still answer, and a pack run reports the
# cause once and still runs the host-only checks.
. tests/lib/common.sh
SOCK=/var/run/docker.sock
MSG="permission denied on unix://$SOCK - run as root or join the docker group"
if [ "$(id -u)" -ne 0 ]; then
  fail permissions-root "this suite needs root (to drop to nobody with setpriv)"
  exit 0
fi
if ! command -v setpriv >/dev/null; then
  fail permissions-setpriv "setpriv (util-linux) is not installed"
  exit 0
fi
if [ ! -S "$SOCK" ]; then
  fail permissions-socket "no engine socket at $SOCK"
  exit 0
fi
T=$(mktemp -d /tmp/dockersec-perm.XXXXXX)
chmod 0777 "$T"
trap 'rm -rf "$T"' EXIT
nobody() {
  timeout 300 setpriv --reuid 65534 --regid 65534 --clear-groups env -u DOCKER_HOST \
    -u DOCKERSEC_ROOT HOME="$T" "$@"
}
if nobody test -r "$DS" && nobody test -x "$DS"; then :; else
  fail permissions-build-readable "nobody cannot run $DS (checkout not world-readable)"
  exit 0
fi
# The premise: nobody really cannot connect.
if nobody curl -sf --unix-socket "$SOCK" http://x/_ping >/dev/null 2>&1; then
  fail permissions-premise "nobody can talk to $SOCK: nothing to test"
  exit 0
fi

# file needs path = … or directory = … (one of two, so neither column is
# flagged required in its schema): give it a path any user may stat.
FILE_Q="SELECT path, type FROM file WHERE path = '/etc/passwd'"
for t in $("$DS" tables); do
  q="SELECT count(*) FROM $t$(table_where "$t" a1a1)"
  [ "$t" = file ] && q=$FILE_Q
  out=$(nobody "$DS" query "$q" --format csv 2>&1)
  rc=$?
  case "$t" in
  docker_daemon_settings)
    # Documented: its host-side rows stand alone; the engine error is a row.
    out=$(nobody "$DS" query "SELECT value FROM $t WHERE key = 'info_error'" --format csv 2>&1)
    assert_contains "permissions-$t-row" "$MSG" "$out"
    ;;
  docker_*)
    if [ $rc -eq 2 ]; then
      case "$out" in
      "dockersec: $t: GET /"*" on unix://$SOCK: $MSG") pass "permissions-$t" ;;
      *) fail "permissions-$t" "got [$out]" ;;
      esac
    else
      fail "permissions-$t" "status $rc (expected 2): $out"
    fi
    ;;
  file)
    # Not just no error: the row, stat'ed as nobody.
    if [ $rc -eq 0 ]; then
      assert_contains "permissions-host-$t" "/etc/passwd,regular" "$out"
    else
      fail "permissions-host-$t" "status $rc: $out"
    fi
    ;;
  *)
    if [ $rc -eq 0 ]; then pass "permissions-host-$t"; else fail "permissions-host-$t" "status $rc: $out"; fi
    ;;
  esac
done

# The sqlite3 shell, the same way (as nobody: setpriv runs programs, not
# tests/lib/sql.sh's shell function).
out=$(nobody sqlite3 -batch -cmd ".load $SO" :memory: "SELECT count(*) FROM docker_version" 2>&1)
assert_contains permissions-shell-docker "docker_version: GET /version on unix://$SOCK: $MSG" "$out"
out=$(nobody sqlite3 -batch -cmd ".load $SO" :memory: "SELECT count(*) > 0 FROM processes" 2>&1)
assert_eq permissions-shell-host "1" "$out"

# The pack: one line on stderr with the cause; the host-only checks ran.
nobody "$DS" run packs/owasp-docker-top10 --format json --fail-on none >"$T/run.json" 2>"$T/run.err"
rc=$?
assert_eq permissions-run-status "2" "$rc"
case "$(cat "$T/run.err")" in
"dockersec run: "*" checks could not read the Docker engine: $MSG (the "*" other"*" ran)")
  pass permissions-run-one-message
  ;;
*) fail permissions-run-one-message "stderr: $(cat "$T/run.err")" ;;
esac
ran=$(jq '[.results[] | select(.status != "error")] | length' "$T/run.json" 2>&1)
errs=$(jq -r '[.results[] | select(.status == "error") | .error | select(endswith("'"$MSG"'") | not)] | length' \
  "$T/run.json" 2>&1)
case "$ran" in
'' | *[!0-9]* | 0) fail permissions-run-host-checks "no check ran: $ran" ;;
*) pass "permissions-run-host-checks ($ran ran)" ;;
esac
assert_eq permissions-run-every-error-is-the-permission "0" "$errs"
