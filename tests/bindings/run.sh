#!/bin/sh
# needs: engine node host-proc
# The extension loaded from other SQLite bindings, the way their users load
# it: Python's standard sqlite3 (enable_load_extension + load_extension) and
# Node's better-sqlite3@12 (loadExtension).  Each runs the same join over
# docker and host tables on a container started here with known settings,
# and an engine that is down must raise an SQL error in each binding.
. tests/lib/common.sh
. tests/lib/engine.sh
SUITE="bindings-$$"
name="dockersec-bindings-$$"
cleanup() { rm_labelled "dockersec.test=$SUITE"; }
trap cleanup EXIT

timeout 120 scripts/test-image.sh >/dev/null 2>&1 || fail bindings-test-image "scripts/test-image.sh failed"
if ! timeout 60 docker run -d --name "$name" --label "dockersec.test=$SUITE" dockersec-test:latest \
  sleep 300 >/dev/null 2>&1; then
  fail bindings-container "cannot start the test container"
fi
want_pid=$(timeout 30 docker inspect -f '{{.State.Pid}}' "$name" 2>/dev/null)
want_version=$(timeout 30 docker version -f '{{.Server.Version}}' 2>/dev/null)
# One row: the container's only process (sleep, as root), found through the
# container id the host's processes table derives from each cgroup.
want="{\"name\": \"/$name\", \"state\": \"running\", \"pid\": $want_pid, \"process\": \"sleep\", \"uid\": 0, \"engine_version\": \"$want_version\"}"

# --- Python's standard sqlite3 (Debian's python3: some Pythons are built
# without loadable-extension support; pick one that has it).
py=""
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import sqlite3; sqlite3.connect(":memory:").enable_load_extension' 2>/dev/null; then
    py=$p
    break
  fi
done
if [ -z "$py" ]; then
  fail bindings-python-found "no python3 whose sqlite3 has enable_load_extension"
else
  out=$(host_prog timeout 60 "$py" tests/bindings/join.py "$BUILD/dockersec" "/$name" 2>&1)
  assert_eq bindings-python-join "$want" "$out"
  out=$(DOCKER_HOST=unix:///nonexistent/docker.sock host_prog timeout 60 "$py" tests/bindings/join.py \
    "$BUILD/dockersec" "/$name" 2>&1)
  rc=$?
  assert_eq bindings-python-engine-down-exit 3 "$rc"
  assert_contains bindings-python-engine-down-error "sqlite3.Error: docker_containers: GET /containers/json" "$out"
fi

# --- Node's better-sqlite3, version 12 (13 crashes on Node 20).
if modules=$(timeout 900 scripts/npm-deps.sh better-sqlite3@12 2>"$BUILD/npm-deps.log"); then
  pass bindings-node-module
  ver=$(NODE_PATH="$modules" node -p 'require("better-sqlite3/package.json").version')
  case "$ver" in 12.*) pass bindings-node-better-sqlite3-12 ;; *) fail bindings-node-better-sqlite3-12 "got $ver" ;; esac
  out=$(NODE_PATH="$modules" host_prog timeout 60 node tests/bindings/join.js "$BUILD/dockersec" "/$name" 2>&1)
  # JSON.stringify writes no spaces; compare as parsed JSON.
  norm=$(printf '%s' "$out" | jq -cS . 2>&1)
  assert_eq bindings-node-join "$(printf '%s' "$want" | jq -cS .)" "$norm"
  out=$(DOCKER_HOST=unix:///nonexistent/docker.sock NODE_PATH="$modules" host_prog timeout 60 node \
    tests/bindings/join.js "$BUILD/dockersec" "/$name" 2>&1)
  rc=$?
  assert_eq bindings-node-engine-down-exit 3 "$rc"
  assert_contains bindings-node-engine-down-error "SQLITE_ERROR: docker_containers: GET /containers/json" "$out"
else
  fail bindings-node-module "scripts/npm-deps.sh better-sqlite3@12 failed: $(tail -3 "$BUILD/npm-deps.log")"
fi
