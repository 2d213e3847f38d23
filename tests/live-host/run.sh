#!/bin/sh
# needs: engine root host-proc
# live-host: the host tables against the real engine.  Starts containers with
# known settings (label dockersec.test=live-host, removed at the end) and
# checks that the kernel-side rows for their processes show those settings:
# cgroup limits, effective capabilities, no_new_privs, a read-only /, host
# namespaces only with --pid host, the --device grant, and the joins with
# docker_containers.
. tests/lib/common.sh
. tests/lib/engine.sh
LABEL=dockersec.test=live-host

cleanup() { rm_labelled "$LABEL"; }

if ! timeout 15 docker version >/dev/null 2>&1; then
  fail live-host-engine "no Docker engine answers (scripts/dockerd.sh start)"
  exit 0
fi
if ! timeout 120 scripts/test-image.sh >/dev/null; then
  fail live-host-image "cannot build dockersec-test:latest"
  exit 0
fi
cleanup
trap cleanup EXIT INT TERM

# run NAME [docker run options…] -- starts `sleep 600` (or the given command
# after --cmd) in the test image and prints the full id.
run() {
  name=$1
  shift
  timeout 60 docker run -d --label "$LABEL" --name "$name" "$@" 2>&1
}
sfx=$$
HARD=$(run "dsh-hardened-$sfx" --memory 64m --pids-limit 100 --cpus 0.5 --cap-drop ALL \
  --cap-add NET_BIND_SERVICE --security-opt no-new-privileges --read-only \
  dockersec-test:latest sleep 600)
PLAIN=$(run "dsh-plain-$sfx" dockersec-test:latest sh -c 'nc -l -p 8080 & exec sleep 600')
PIDHOST=$(run "dsh-pidhost-$sfx" --pid host dockersec-test:latest sleep 600)
DEV=$(run "dsh-device-$sfx" --device /dev/loop0:/dev/xloop dockersec-test:latest sleep 600)
for c in "$HARD" "$PLAIN" "$PIDHOST" "$DEV"; do
  case "$c" in
  [0-9a-f][0-9a-f][0-9a-f]*) ;;
  *)
    fail live-host-start "docker run failed: $c"
    exit 0
    ;;
  esac
done
pid_of() { timeout 30 docker inspect -f '{{.State.Pid}}' "$1"; }
P_HARD=$(pid_of "$HARD")
P_PLAIN=$(pid_of "$PLAIN")
P_PIDHOST=$(pid_of "$PIDHOST")
P_DEV=$(pid_of "$DEV")

# ---- processes: container_id from the cgroup path, and the join ---------------
assert_eq processes-container-id "$HARD" "$(sql "SELECT container_id FROM processes WHERE pid = $P_HARD")"
assert_eq processes-join-containers "/dsh-hardened-$sfx" "$(sql "SELECT c.name FROM processes p
  JOIN docker_containers c ON c.id = p.container_id WHERE p.pid = $P_HARD")"
assert_eq processes-pid-pushdown-one-row 1 "$(sql "SELECT count(*) FROM processes WHERE pid = $P_HARD")"
assert_eq processes-host-process-no-container "" \
  "$(sql "SELECT container_id FROM processes WHERE pid = $(timeout 10 pgrep -o dockerd)")"

# ---- cgroup_limits: --memory 64m --pids-limit 100 --cpus 0.5 ------------------
v=$(sql "SELECT cgroup_version FROM cgroup_limits WHERE container_id = '$HARD' LIMIT 1")
assert_eq cgroup-memory-64m 67108864 "$(sql "SELECT limit_value FROM cgroup_limits
  WHERE container_id = '$HARD' AND name IN ('memory.max', 'memory.limit_in_bytes')")"
assert_eq cgroup-pids-100 100 "$(sql "SELECT limit_value FROM cgroup_limits
  WHERE container_id = '$HARD' AND name = 'pids.max'")"
assert_eq cgroup-cpu-quota-half 50000 "$(sql "SELECT limit_value FROM cgroup_limits
  WHERE container_id = '$HARD' AND name IN ('cpu.max', 'cpu.cfs_quota_us')")"
assert_eq cgroup-unlimited-is-null "" "$(sql "SELECT limit_value FROM cgroup_limits
  WHERE container_id = '$PLAIN' AND name IN ('memory.max', 'memory.limit_in_bytes')")"
assert_eq cgroup-join-docker-containers "pids.max|100" "$(sql "SELECT l.name, l.value
  FROM docker_containers c JOIN cgroup_limits l ON l.container_id = c.id
  WHERE c.name = '/dsh-hardened-$sfx' AND l.name = 'pids.max'")"
# Every running labelled container has limits rows through the join.
assert_eq cgroup-join-all-containers 4 "$(sql "SELECT count(DISTINCT c.id) FROM docker_containers c
  JOIN cgroup_limits l ON l.container_id = c.id
  WHERE c.labels LIKE '%\"dockersec.test\":\"live-host\"%' AND c.state = 'running'")"

# ---- capabilities: --cap-drop ALL --cap-add NET_BIND_SERVICE -------------------
assert_eq caps-hardened-effective CAP_NET_BIND_SERVICE "$(sql "SELECT group_concat(capability)
  FROM process_capabilities WHERE pid = $P_HARD AND cap_set = 'effective'")"
assert_eq caps-hardened-bounding CAP_NET_BIND_SERVICE "$(sql "SELECT group_concat(capability)
  FROM process_capabilities WHERE pid = $P_HARD AND cap_set = 'bounding'")"
assert_eq caps-default-has-net-raw 1 "$(sql "SELECT count(*) FROM process_capabilities
  WHERE pid = $P_PLAIN AND cap_set = 'effective' AND capability = 'CAP_NET_RAW'")"
assert_eq caps-default-no-sys-admin 0 "$(sql "SELECT count(*) FROM process_capabilities
  WHERE pid = $P_PLAIN AND cap_set = 'effective' AND capability = 'CAP_SYS_ADMIN'")"

# ---- process_security ------------------------------------------------------------
assert_eq security-no-new-privs "1|2" "$(sql "SELECT no_new_privs, seccomp FROM process_security WHERE pid = $P_HARD")"
assert_eq security-plain-new-privs "0|2" "$(sql "SELECT no_new_privs, seccomp FROM process_security WHERE pid = $P_PLAIN")"
assert_eq security-cap-mask "0000000000000400" "$(sql "SELECT cap_effective FROM process_security WHERE pid = $P_HARD")"
assert_eq security-no-userns "1|1" "$(sql "SELECT uid_map_identity, gid_map_identity FROM process_security WHERE pid = $P_HARD")"
assert_eq id-maps-identity "uid|0|0|4294967295" "$(sql "SELECT type, inside_id, outside_id, count
  FROM process_id_maps WHERE pid = $P_HARD AND type = 'uid'")"

# ---- process_mounts: --read-only ----------------------------------------------
assert_eq mounts-root-ro "1|overlay" "$(sql "SELECT read_only, type FROM process_mounts WHERE pid = $P_HARD AND path = '/'")"
assert_eq mounts-root-rw 0 "$(sql "SELECT read_only FROM process_mounts WHERE pid = $P_PLAIN AND path = '/'")"
assert_eq mounts-join-readonly-rootfs "1|1" "$(sql "SELECT c.readonly_rootfs, m.read_only
  FROM docker_containers c JOIN process_mounts m ON m.pid = c.pid
  WHERE c.id = '$HARD' AND m.path = '/'")"

# ---- namespaces: shared with the host only for --pid host ----------------------
assert_eq ns-pidhost-shares-pid "1|0|0" "$(sql "SELECT shares_host_pid, shares_host_net, shares_host_mnt
  FROM process_namespaces WHERE pid = $P_PIDHOST")"
assert_eq ns-hardened-private "0|0|0|0|1" "$(sql "SELECT shares_host_pid, shares_host_net, shares_host_mnt,
  shares_host_ipc, shares_host_user FROM process_namespaces WHERE pid = $P_HARD")"
assert_eq ns-matches-docker-containers 1 "$(sql "SELECT n.pid_namespace = c.pid_namespace
  FROM docker_containers c JOIN process_namespaces n ON n.pid = c.pid WHERE c.id = '$PIDHOST'")"
assert_eq ns-only-pidhost-shares 1 "$(sql "SELECT count(*) FROM docker_containers c
  JOIN process_namespaces n ON n.pid = c.pid
  WHERE c.labels LIKE '%\"dockersec.test\":\"live-host\"%' AND n.shares_host_pid = 1")"

# ---- --device /dev/loop0 ------------------------------------------------------
assert_eq devices-loop0 "block|7|0" "$(sql "SELECT subsystem, major, minor FROM devices WHERE devnode = '/dev/loop0'")"
if [ "$v" = 1 ]; then
  assert_contains devices-cgroup-allowlist "b 7:0 rwm" "$(sql "SELECT value FROM cgroup_limits
    WHERE container_id = '$DEV' AND name = 'devices.list'")"
  assert_not_contains devices-cgroup-not-granted-elsewhere "b 7:0 rwm" "$(sql "SELECT value
    FROM cgroup_limits WHERE container_id = '$PLAIN' AND name = 'devices.list'")"
fi
assert_eq devices-pid-alive 1 "$(sql "SELECT count(*) FROM processes WHERE pid = $P_DEV")"

# ---- listening_ports: a listener inside a container's network namespace ---------
tries=0
while [ $tries -lt 20 ]; do
  got=$(sql "SELECT l.port FROM listening_ports l JOIN process_namespaces n
    ON n.net_namespace = l.net_namespace WHERE n.pid = $P_PLAIN AND l.port = 8080 AND l.protocol = 6")
  [ -n "$got" ] && break
  tries=$((tries + 1))
  sleep 0.2
done
assert_eq listening-in-container-netns 8080 "$got"
# (in the container's network namespace: a host process, e.g. a docker-proxy
# of another container, may listen on 8080 too)
assert_eq listening-owner-in-container "$PLAIN" "$(sql "SELECT p.container_id FROM listening_ports l
  JOIN process_namespaces n ON n.net_namespace = l.net_namespace
  JOIN processes p ON p.pid = l.pid
  WHERE n.pid = $P_PLAIN AND l.port = 8080 AND l.protocol = 6 LIMIT 1")"

# ---- docker_daemon_settings ------------------------------------------------------
assert_eq daemon-dockerd-pid "$(timeout 10 pgrep -o dockerd)" "$(sql "SELECT value FROM docker_daemon_settings WHERE key = 'dockerd_pid'")"
assert_eq daemon-info-version "$(timeout 30 docker version -f '{{.Server.Version}}')" \
  "$(sql "SELECT value FROM docker_daemon_settings WHERE key = 'server-version' AND source = 'info'")"
assert_eq daemon-one-effective-icc 1 "$(sql "SELECT count(*) FROM docker_daemon_settings WHERE key = 'icc' AND effective = 1")"
assert_contains daemon-unreachable-engine "info_error|info" "$(DOCKER_HOST=unix:///nonexistent.sock sql \
  "SELECT key, source FROM docker_daemon_settings WHERE source = 'info'")"

# ---- the other host tables answer on this machine ------------------------------
for t in mounts os_version kernel_info user_namespace_maps audit_rules; do
  out=$(sql "SELECT count(*) FROM $t")
  case "$out" in
  [0-9]*) pass "answers-$t" ;;
  *) fail "answers-$t" "$out" ;;
  esac
done
assert_eq file-docker-sock socket "$(sql "SELECT type FROM file WHERE path = '/var/run/docker.sock'")"
