# tests/lib/engine.sh - engines for the suites (source after
# tests/lib/common.sh).
#
# The fake engine, tests/lib/fake_engine.py (a Docker-API-like server on a
# unix socket: captured fixtures, faults, or a recording GET-only proxy in
# front of the real engine).  Every suite starts it through fe_start:
#
#   fe_start ARGS...   starts it on a fresh socket with ARGS (e.g. --fixtures
#                      DIR --fault '/info=500', or --proxy /var/run/docker.sock);
#                      sets FE_SOCK (the socket path), FE_HOST (unix://…) and
#                      FE_LOG (request log).  Returns 1 (and says why on
#                      stderr) when it does not come up within 10 s.
#   fe_stop            stops it (SIGTERM) and waits for it
#   fe_init            a private directory FE_DIR for sockets and logs and a
#                      trap EXIT that stops the engine and removes FE_DIR
#                      (fe_start calls it when needed; a suite with its own
#                      EXIT trap calls fe_init first, then sets its trap and
#                      calls fe_stop and removes FE_DIR in it)
#
# The real engine, always the one DOCKER_HOST named when this file was
# sourced (ENGINE_HOST), even after a suite points DOCKER_HOST elsewhere (at
# a fake engine or a GET-only proxy): what a suite creates, it removes there.
#
#   dk ARGS...         the docker CLI on ENGINE_HOST, under a time-out
#                      (DK_TIMEOUT, default 60 s)
#   rm_labelled LABEL  removes every container labelled LABEL (key=value),
#                      with its anonymous volumes

ENGINE_HOST="${DOCKER_HOST:-unix:///var/run/docker.sock}"
FE_DIR=""
FE_PID=""

dk() { DOCKER_HOST="$ENGINE_HOST" timeout "${DK_TIMEOUT:-60}" docker "$@"; }

rm_labelled() {
  _ids=$(dk ps -aq --filter "label=$1" 2>/dev/null)
  # shellcheck disable=SC2086
  [ -z "$_ids" ] || DK_TIMEOUT=120 dk rm -f -v $_ids >/dev/null 2>&1
  return 0
}

fe_init() {
  FE_DIR=$(mktemp -d /tmp/dockersec-fe.XXXXXX)
  trap 'fe_stop; rm -rf "$FE_DIR"' EXIT
}

fe_start() {
  [ -n "$FE_DIR" ] || fe_init
  fe_stop
  FE_N=$((${FE_N:-0} + 1))
  FE_SOCK="$FE_DIR/engine$FE_N.sock"
  FE_LOG="$FE_DIR/engine$FE_N.log"
  FE_HOST="unix://$FE_SOCK"
  rm -f "$FE_DIR/ready" "$FE_LOG"
  : >"$FE_LOG"
  python3 tests/lib/fake_engine.py --socket "$FE_SOCK" --log "$FE_LOG" \
    --ready-file "$FE_DIR/ready" "$@" >/dev/null 2>"$FE_DIR/engine$FE_N.err" &
  FE_PID=$!
  _i=0
  while [ ! -f "$FE_DIR/ready" ] && [ $_i -lt 200 ]; do
    sleep 0.05
    _i=$((_i + 1))
  done
  if [ ! -f "$FE_DIR/ready" ]; then
    echo "fake engine did not start: $(cat "$FE_DIR/engine$FE_N.err")" >&2
    return 1
  fi
}

fe_stop() {
  if [ -n "$FE_PID" ]; then
    kill "$FE_PID" 2>/dev/null
    wait "$FE_PID" 2>/dev/null
    FE_PID=""
  fi
}
