#!/bin/bash
# needs: none
# The docker tables end to end on captured answers: tests/lib/fake_engine.py
# serves tests/fixtures/engine/{docker-20.10,podman-4.3} (no real engine
# needed), with faults where a real engine is hard to make misbehave:
#   - a ps that rejects our ps_args (HTTP 500): processes fall back to the
#     engine's default ps and read its columns by title;
#   - Podman 4.3's unsplit top lines; its host-side top descriptors (and an
#     SQL error, never container PIDs, when it cannot answer them);
#   - a 500 on the fallback too is an SQL error naming the endpoint;
#   - Podman's capability spelling and baseline; its /info and networks.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
. tests/lib/engine.sh

TAB=$(printf '\t')
fe_init

# engine DIR [fake_engine args...]: serves DIR on a fresh socket.
engine() {
  fx=$1
  shift
  fe_start --fixtures "tests/fixtures/engine/$fx" "$@" 2>"$FE_DIR/start.err" && return 0
  fail "fake-engine-$fx" "did not start: $(cat "$FE_DIR/start.err")"
  return 1
}
ds() { DOCKER_HOST="$FE_HOST" sql -nullvalue NULL -separator "$TAB" "$1"; }
# The id of container ds-fixtures-ROLE in a fixture directory.
cid() {
  jq -r --arg n "/ds-fixtures-$2" '.[] | select(.Names[0] == $n) | .Id' \
    "tests/fixtures/engine/$1/_containers_json_all_1.json"
}

# ---- docker 20.10 -------------------------------------------------------------

engine docker-20.10 || exit 0
priv=$(cid docker-20.10 priv)
assert_eq fx-docker-containers 7 "$(ds "SELECT count(*) FROM docker_containers")"
assert_eq fx-docker-processes-ours "1000${TAB}sleep${TAB}sleep 600${TAB}S" \
  "$(ds "SELECT uid, name, cmdline, state FROM docker_container_processes WHERE id = '$priv'")"
assert_eq fx-docker-priv-caps "41${TAB}41" \
  "$(ds "SELECT count(*), sum(effective) FROM docker_container_capabilities WHERE id = '$priv'
         AND source = 'privileged'")"
created=$(cid docker-20.10 created)
assert_eq fx-docker-ports-config "tcp${TAB}90${TAB}127.0.0.1${TAB}19999${TAB}created" \
  "$(ds "SELECT type, port, host_ip, host_port, state FROM docker_container_port_bindings
         WHERE id = '$created' AND port = 90")"
assert_eq fx-docker-icc "bridge${TAB}1" "$(ds "SELECT name, enable_icc FROM docker_networks WHERE default_bridge")"
assert_eq fx-docker-history-redacted 3 \
  "$(ds "SELECT count(*) FROM docker_image_history WHERE secret_like
         AND created_by LIKE '%<redacted>%'")"

# ps rejected our arguments (busybox, Podman): the default ps, mapped by title.
engine docker-20.10 --fault '/containers/*/top?ps_args*=status:500' || exit 0
assert_eq fx-docker-processes-fallback "app${TAB}NULL${TAB}sleep${TAB}sleep 600${TAB}NULL" \
  "$(ds "SELECT user, uid, name, cmdline, state FROM docker_container_processes
         WHERE id = '$(cid docker-20.10 full)'")"

# Both refused: an error naming the endpoint, never zero rows.
engine docker-20.10 --fault '/containers/*/top*=status:500' || exit 0
out=$(ds "SELECT * FROM docker_container_processes WHERE id = '$priv'")
assert_contains fx-docker-processes-500 "docker_container_processes: GET /containers/$priv/top" "$out"
assert_contains fx-docker-processes-500-cause "HTTP 500" "$out"

# An image that vanished between the list and its inspect is skipped.
engine docker-20.10 --fault '/images/ef86*=404' || exit 0
assert_eq fx-docker-image-vanished 1 "$(ds "SELECT count(DISTINCT id) FROM docker_image_layers")"
assert_eq fx-docker-image-listed 2 "$(ds "SELECT count(*) FROM docker_images")"

# ---- podman 4.3 -----------------------------------------------------------------

engine podman-4.3 --podman || exit 0
assert_eq fx-podman-info "1${TAB}${TAB}1${TAB}0" \
  "$(ds "SELECT podman, logging_driver, experimental_build, live_restore FROM docker_info")"
dropall=$(cid podman-4.3 dropall)
assert_eq fx-podman-dropall-caps "CAP_NET_BIND_SERVICE${TAB}default" \
  "$(ds "SELECT capability, source FROM docker_container_capabilities WHERE id = '$dropall'
         AND effective")"
assert_eq fx-podman-dropall-rows 14 \
  "$(ds "SELECT count(*) FROM docker_container_capabilities WHERE id = '$dropall'")"
full=$(cid podman-4.3 full)
assert_eq fx-podman-full-added "CAP_NET_ADMIN,CAP_SYS_PTRACE" \
  "$(ds "SELECT group_concat(capability) FROM (SELECT capability FROM docker_container_capabilities
         WHERE id = '$full' AND source = 'added' ORDER BY capability)")"
# Podman is asked for its host-side descriptors (hpid, huser): pid is the
# host's (HPID, not the container's 1, the inspect's State.Pid), user the
# host's name; no host-side parent on Podman, and ps's TIME form.
priv=$(cid podman-4.3 priv)
assert_eq fx-podman-processes \
  "app${TAB}13206${TAB}NULL${TAB}sleep${TAB}sleep 600${TAB}4${TAB}00:00:00${TAB}1" \
  "$(ds "SELECT p.user, p.pid, p.parent, p.name, p.cmdline, p.elapsed, p.time,
         p.pid = c.pid FROM docker_container_processes p JOIN docker_containers c ON c.id = p.id
         WHERE p.id = '$priv'")"
# --pid host: Podman lists the whole host with hpid "?"; only the container's
# own process (below its conmon) is a row, with its host PID and parent.
assert_eq fx-podman-processes-host-pidns "13536${TAB}13515${TAB}root${TAB}sleep" \
  "$(ds "SELECT pid, parent, user, name FROM docker_container_processes
         WHERE id = '$(cid podman-4.3 hostns)' ORDER BY pid")"
# Podman that cannot answer its own descriptors: no retry with the default
# ps_args (that ps runs in the container: container PIDs would pass for host
# PIDs), an SQL error naming the endpoint instead of rows.
engine podman-4.3 --podman --fault '/containers/*/top?ps_args*=status:500' || exit 0
assert_contains fx-podman-processes-fallback \
  "docker_container_processes: GET /containers/$dropall/top?ps_args=hpid,pid,ppid,huser,state,nice,rss,vsz,etime,time,pcpu,comm,args on $FE_HOST: HTTP 500" \
  "$(ds "SELECT user, pid, cmdline FROM docker_container_processes WHERE id = '$dropall'")"
assert_eq fx-podman-bridge-no-icc-option "bridge${TAB}NULL${TAB}0" \
  "$(ds "SELECT name, enable_icc, default_bridge FROM docker_networks WHERE name = 'bridge'")"
assert_eq fx-podman-ulimits-spelled-like-docker "nofile${TAB}1024${TAB}2048" \
  "$(ds "SELECT name, soft, hard FROM docker_container_ulimits WHERE id = '$full'
         AND name = 'nofile'")"
assert_eq fx-podman-network-mode-from-inspect "default" \
  "$(ds "SELECT network_mode FROM docker_containers WHERE id = '$full'")"
