# tests/fake_engine.sh - start and stop tests/fake_engine.py from a suite.
# Source it after tests/lib.sh.
#
#   fe_start ARGS...   starts the server on a fresh socket with ARGS (e.g.
#                      --fixtures DIR --fault '/info=500'); sets FE_SOCK (the
#                      socket path), FE_HOST (unix://…) and FE_LOG (request log)
#   fe_stop            stops it (SIGTERM) and waits for it
# Every suite that starts one must call fe_stop (a trap in fe_start's caller
# is set up by fe_init).

FE_DIR=""
FE_PID=""

# fe_init: a private directory for sockets and logs, removed at exit.
fe_init() {
  FE_DIR=$(mktemp -d /tmp/dockersec-fe.XXXXXX)
  trap 'fe_stop; rm -rf "$FE_DIR"' EXIT
}

fe_start() {
  [ -n "$FE_DIR" ] || fe_init
  fe_stop
  FE_N=$(( ${FE_N:-0} + 1 ))
  FE_SOCK="$FE_DIR/engine$FE_N.sock"
  FE_LOG="$FE_DIR/engine$FE_N.log"
  FE_HOST="unix://$FE_SOCK"
  rm -f "$FE_DIR/ready" "$FE_LOG"
  : >"$FE_LOG"
  python3 tests/fake_engine.py --socket "$FE_SOCK" --log "$FE_LOG" \
    --ready-file "$FE_DIR/ready" "$@" >/dev/null 2>"$FE_DIR/engine$FE_N.err" &
  FE_PID=$!
  i=0
  while [ ! -f "$FE_DIR/ready" ] && [ $i -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
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
