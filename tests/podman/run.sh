#!/bin/sh
# needs: podman root slow
# The tables against Podman's Docker-compatible API (Debian's podman, `podman
# system service` on a private unix socket): containers started with known
# settings must read back right, with Podman's quirks handled — capability
# names without CAP_, a different default capability set, CapDrop given as
# the full list instead of ALL, IpcMode "shareable" for --ipc host (the
# kernel's namespace inode tells the truth), and the list endpoint's
# HostConfig.NetworkMode (absent or "host") never trusted, /top asked with
# Podman's host-side descriptors.  Then the OWASP pack, every check, with the
# checks that read differently on Podman proved both ways.
. tests/lib/common.sh
SUITE=podman
if ! command -v podman >/dev/null 2>&1; then
  fail podman-installed "podman is not installed (scripts/deps.sh installs it)"
  exit 0
fi
PODMAN_DIR=$(mktemp -d /tmp/dockersec-podman-XXXXXX)
. tests/podman/engine.sh
trap podman_stop EXIT
IMG=localhost/dockersec-test:latest
P=dockersec-podman

if podman_start; then pass podman-service-started; else
  fail podman-service-started "$(tail -3 "$PODMAN_DIR/service.log")"
  exit 0
fi
podman_import_busybox "$IMG" || fail podman-import "podman import of the busybox rootfs failed"

# podrun NAME ARGS...: a labelled container (sleeping) with known settings.
podrun() {
  n=$1
  shift
  podman_cmd run -d --name "$P-$n" --label "dockersec.test=$SUITE" "$@" "$IMG" sleep 600 \
    >"$PODMAN_DIR/run-$n.log" 2>&1 || fail "podman-run-$n" "$(tail -2 "$PODMAN_DIR/run-$n.log")"
}
podrun caps --network none --cap-add SYS_ADMIN --cap-drop CHOWN
podrun limits --network host --read-only -u 1000 --memory 64m --pids-limit 50 \
  --restart on-failure:3
podrun priv --network none --privileged -u 1000
podrun hard --network none --cap-drop ALL --security-opt no-new-privileges -u 1000
podrun hostns --network none --ipc host --pid host --uts host -u 1000
# Fixes proved on Podman (each with a container that must and one that must
# not trigger): only the IPC namespace shared (IpcMode reads "shareable"),
# masks removed (unmask=ALL; the compat API reports [] for every container),
# nothing dropped (CapDrop is never empty on Podman 4), and an sshd and a
# package manager running (busybox under those names: comm is the link's).
podrun ipconly --network none --ipc host -u 1000
podrun unmask --network none --security-opt unmask=ALL -u 1000
podrun plain --network none
mkdir -p "$PODMAN_DIR/bin" && ln -s /bin/busybox "$PODMAN_DIR/bin/sshd" &&
  ln -s /bin/busybox "$PODMAN_DIR/bin/apk"
podman_cmd run -d --name "$P-daemons" --label "dockersec.test=$SUITE" --network none -u 1000 \
  -v "$PODMAN_DIR/bin:/acc:ro" "$IMG" sh -c '(exec -a sleep /acc/apk 600 &); exec -a sleep /acc/sshd 600' \
  >"$PODMAN_DIR/run-daemons.log" 2>&1 || fail podman-run-daemons "$(tail -2 "$PODMAN_DIR/run-daemons.log")"
# Created, never started: the default (bridge) network, no network set up.
podman_cmd create --name "$P-created" --label "dockersec.test=$SUITE" "$IMG" sleep 600 \
  >/dev/null 2>&1 || fail podman-create "podman create failed"

# pq SQL: the CLI against Podman, JSON rows.
pq() {
  DOCKER_HOST="$PODMAN_HOST" timeout 60 "$DS" query "$1" --format json 2>&1
}
# col NAME COLUMN: one column of docker_containers for one test container.
col() {
  pq "SELECT $2 AS v FROM docker_containers WHERE name = '/$P-$1'" | jq -r '.[0].v // "NULL"' 2>&1
}

# --- the engine answers as Podman
ver=$(pq "SELECT version, api_version FROM docker_version")
assert_eq podman-version "$(podman version -f '{{.Server.Version}}' 2>/dev/null || podman version -f '{{.Version}}')" \
  "$(echo "$ver" | jq -r '.[0].version')"
assert_eq podman-container-count 10 \
  "$(pq "SELECT count(*) AS n FROM docker_containers WHERE name LIKE '/$P-%'" | jq -r '.[0].n')"

# --- states and pids agree with podman's own view
for n in caps limits priv hard hostns; do
  assert_eq "podman-$n-running" running "$(col "$n" state)"
  assert_eq "podman-$n-pid" "$(podman_cmd inspect -f '{{.State.Pid}}' "$P-$n")" "$(col "$n" pid)"
done
assert_eq podman-created-state created "$(col created state)"
assert_eq podman-created-pid 0 "$(col created pid)"

# --- network mode from inspect, not from the list endpoint
list_nm=$(curl -s --max-time 10 --unix-socket "$PODMAN_SOCK" "http://podman/v1.41/containers/json?all=1" |
  jq -r --arg n "/$P-created" '.[] | select(.Names[0] == $n) | (.HostConfig.NetworkMode // "absent")')
echo "INFO podman list endpoint HostConfig.NetworkMode for a bridge container: $list_nm"
assert_eq podman-created-network-bridge bridge "$(col created network_mode)"
assert_eq podman-caps-network-none none "$(col caps network_mode)"
assert_eq podman-limits-network-host host "$(col limits network_mode)"

# --- settings
assert_eq podman-limits-user 1000 "$(col limits user)"
assert_eq podman-limits-readonly 1 "$(col limits readonly_rootfs)"
assert_eq podman-limits-memory 67108864 "$(col limits memory_limit)"
assert_eq podman-limits-pids 50 "$(col limits pids_limit)"
assert_eq podman-limits-restart on-failure:3 "$(col limits "restart_policy || ':' || restart_max_retries")"
assert_eq podman-caps-user-default "" "$(col caps user)"
assert_eq podman-priv-privileged 1 "$(col priv privileged)"
assert_eq podman-caps-not-privileged 0 "$(col caps privileged)"
assert_eq podman-hard-no-new-privileges 1 "$(col hard no_new_privileges)"
assert_eq podman-caps-no-new-privileges 0 "$(col caps no_new_privileges)"

# --- capabilities.  Podman writes names without CAP_, reports --cap-drop ALL
# as a list, and (4.3) diffs CapAdd/CapDrop against Docker's 14-capability
# default although its own default set is containers.conf's (Debian: 11), so
# even a plain container shows CapDrop [AUDIT_WRITE, MKNOD, NET_RAW].  What
# must hold: Docker's default + CapAdd - CapDrop is what the kernel gives the
# container's init process (CapBnd in /proc/PID/status).
assert_eq podman-caps-cap-add-without-prefix '["SYS_ADMIN"]' "$(col caps cap_add)"
assert_contains podman-caps-cap-drop-chown '"CHOWN"' "$(col caps cap_drop)"
DOCKER_DEFAULT_CAPS="AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE NET_RAW SETFCAP SETGID SETPCAP SETUID SYS_CHROOT"
# kernel_caps PID: the bounding set of PID as sorted names, comma-joined.
kernel_caps() {
  python3 - "$1" <<'PY'
import sys
names = ("CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP "
         "LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER "
         "SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE "
         "SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP "
         "MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF "
         "CHECKPOINT_RESTORE").split()
for line in open(f"/proc/{sys.argv[1]}/status"):
    if line.startswith("CapBnd:"):
        bits = int(line.split()[1], 16)
        print(",".join(sorted(names[i] if i < len(names) else f"cap_{i}"
                              for i in range(64) if bits >> i & 1)))
PY
}
# api_caps NAME: Docker's default + cap_add - cap_drop from docker_containers.
api_caps() {
  pq "SELECT cap_add, cap_drop FROM docker_containers WHERE name = '/$P-$1'" |
    jq -r --arg d "$DOCKER_DEFAULT_CAPS" '.[0] | def norm: map(ascii_upcase | sub("^CAP_"; ""));
      (($d | split(" ")) + (.cap_add | fromjson | norm) - (.cap_drop | fromjson | norm)) | unique | join(",")'
}
for n in caps limits hard hostns; do
  assert_eq "podman-$n-caps-match-kernel" "$(kernel_caps "$(col "$n" pid)")" "$(api_caps "$n")"
done
# docker_container_capabilities normalises the names (CAP_ prefix) and must
# give exactly the kernel's set as effective.
table_caps() {
  pq "SELECT k.capability FROM docker_container_capabilities k JOIN docker_containers c USING (id)
      WHERE c.name = '/$P-$1' AND k.effective = 1 ORDER BY 1" | jq -r 'map(.capability | sub("^CAP_"; "")) | sort | join(",")'
}
for n in caps limits hard hostns; do
  assert_eq "podman-$n-capabilities-table-matches-kernel" "$(kernel_caps "$(col "$n" pid)")" "$(table_caps "$n")"
done
assert_eq podman-caps-capabilities-sources "CAP_CHOWN:dropped,CAP_SYS_ADMIN:added" \
  "$(pq "SELECT k.capability || ':' || k.source AS s FROM docker_container_capabilities k
         JOIN docker_containers c USING (id) WHERE c.name = '/$P-caps'
         AND k.capability IN ('CAP_CHOWN', 'CAP_SYS_ADMIN') ORDER BY 1" | jq -r 'map(.s) | join(",")')"
# --privileged: every capability the kernel gave is reported as privileged.
# (The table may list more: a capability the engine itself lacks - here
# SYS_RESOURCE - cannot reach the container even when privileged.)
priv_missing=$(for c in $(kernel_caps "$(col priv pid)" | tr , ' '); do
  case ",$(table_caps priv)," in *",$c,"*) ;; *) echo "$c" ;; esac
done)
assert_eq podman-priv-capabilities-cover-kernel "" "$priv_missing"
assert_eq podman-priv-capabilities-source privileged \
  "$(pq "SELECT group_concat(DISTINCT k.source) AS s FROM docker_container_capabilities k
         JOIN docker_containers c USING (id) WHERE c.name = '/$P-priv'" | jq -r '.[0].s')"

want_drop=$(echo "$DOCKER_DEFAULT_CAPS" | tr ' ' '\n' | sort | paste -sd, -)
got_drop=$(col hard cap_drop | jq -r 'map(ascii_upcase | sub("^CAP_"; "")) | sort | join(",")')
assert_eq podman-hard-cap-drop-all-as-list "$want_drop" "$got_drop"
assert_eq podman-hard-kernel-no-caps "" "$(kernel_caps "$(col hard pid)")"
assert_eq podman-limits-kernel-default-set "$(podman_default_caps | sort | paste -sd, -)" \
  "$(kernel_caps "$(col limits pid)")"

# --- host namespaces: Podman reports IpcMode "shareable" even for --ipc host,
# so the namespace inode is what proves it.
ns() { readlink "/proc/self/ns/$1" | tr -dc 0-9; }
assert_eq podman-hostns-pid-mode host "$(col hostns pid_mode)"
assert_eq podman-hostns-uts-mode host "$(col hostns uts_mode)"
echo "INFO podman IpcMode for --ipc host: $(col hostns ipc_mode)"
assert_eq podman-hostns-ipc-namespace-is-host "$(ns ipc)" "$(col hostns ipc_namespace)"
assert_eq podman-hostns-pid-namespace-is-host "$(ns pid)" "$(col hostns pid_namespace)"
assert_eq podman-hostns-uts-namespace-is-host "$(ns uts)" "$(col hostns uts_namespace)"
ipc_caps=$(col caps ipc_namespace)
[ -n "$ipc_caps" ] && [ "$ipc_caps" != "NULL" ] && [ "$ipc_caps" != "$(ns ipc)" ] &&
  pass podman-caps-ipc-namespace-private || fail podman-caps-ipc-namespace-private "got [$ipc_caps]"

# --- host processes map to Podman containers (libpod cgroup paths)
for n in caps limits; do
  assert_eq "podman-$n-processes-join" "$(col "$n" pid):sleep" \
    "$(pq "SELECT p.pid || ':' || p.name AS v FROM docker_containers c JOIN processes p
           ON p.container_id = c.id WHERE c.name = '/$P-$n'" | jq -r 'map(.v) | join(" ")')"
done

# --- docker_container_processes: Podman's compat /top runs ps inside the
# container for docker's ps_args; the table asks Podman's host-side
# descriptors instead, so pid is the host PID (it joins `processes` and
# equals State.Pid) and user the host's name for the uid.
top() {
  pq "SELECT p.$2 AS v FROM docker_container_processes p JOIN docker_containers c ON c.id = p.id
      WHERE c.name = '/$P-$1' ORDER BY p.pid" | jq -r 'map(.v | tostring) | join(" ")'
}
for n in caps limits; do
  assert_eq "podman-$n-top-host-pid" "$(col "$n" pid)" "$(top "$n" pid)"
  assert_eq "podman-$n-top-name" sleep "$(top "$n" name)"
done
assert_eq podman-limits-top-user "$(getent passwd 1000 | cut -d: -f1 | grep . || echo 1000)" \
  "$(top limits user)"
assert_eq podman-caps-top-joins-processes "$(col caps pid)" \
  "$(pq "SELECT p.pid AS v FROM docker_container_processes p JOIN processes h ON h.pid = p.pid
         AND h.container_id = p.id JOIN docker_containers c ON c.id = p.id
         WHERE c.name = '/$P-caps'" | jq -r 'map(.v | tostring) | join(" ")')"
# comm, not argv[0] (exec -a sleep): what D04.17 and D09.7 match on.
assert_eq podman-daemons-top-names "apk sshd" \
  "$(pq "SELECT p.name AS v FROM docker_container_processes p JOIN docker_containers c ON c.id = p.id
         WHERE c.name = '/$P-daemons' ORDER BY p.name" | jq -r 'map(.v) | join(" ")')"
# --pid host: Podman lists the whole host (hpid "?"); only the container's
# own processes (below its conmon) may come back, as host PIDs.
assert_eq podman-hostns-top-own-processes-only "$(col hostns pid):sleep" \
  "$(pq "SELECT p.pid || ':' || p.name AS v FROM docker_container_processes p
         JOIN docker_containers c ON c.id = p.id WHERE c.name = '/$P-hostns'" | jq -r 'map(.v) | join(" ")')"

# --- the OWASP pack runs against Podman, every check (none errors).
DOCKER_HOST="$PODMAN_HOST" timeout 300 "$DS" run owasp-docker-top10 --format json >"$PODMAN_DIR/pack.json" 2>"$PODMAN_DIR/pack.err"
rc=$?
echo "INFO podman pack exit $rc"
bad=$(jq -r '.results[] | select(.status == "error") | .check + ": " + .error' "$PODMAN_DIR/pack.json" 2>&1)
assert_eq podman-owasp-pack-checks-run "" "$bad"
# checks_of NAME: the checks failing on one test container, sorted.
checks_of() {
  jq -r --arg n "$P-$1" '[.results[] | select(.status == "fail")
    | select([.findings[].container_name] | index($n)) | .check] | sort | join(",")' "$PODMAN_DIR/pack.json"
}
# has_check NAME CHECK: 1 when CHECK fails on the container, else 0.
has_check() { case ",$(checks_of "$1")," in *",$2,"*) echo 1 ;; *) echo 0 ;; esac; }
# The hardened container (non-root, caps dropped, no-new-privileges) triggers
# none of the fixed checks; the rest (no read-only rootfs, no memory limit, ...)
# are real.
hard_fail=$(checks_of hard)
echo "INFO podman: checks failing on the hardened container: $hard_fail"
assert_contains podman-owasp-privileged-found "D01.4" "$(checks_of priv)"
# D04.13: masks seen in the kernel's mount table, not in the API's [].
assert_eq podman-owasp-d04.13-unmask-found 1 "$(has_check unmask D04.13)"
assert_eq podman-owasp-d04.13-masked-not-found 0 "$(has_check plain D04.13)"
assert_eq podman-owasp-d04.13-hard-not-found 0 "$(has_check hard D04.13)"
assert_eq podman-owasp-d04.13-by-kernel kernel "$(jq -r --arg n "$P-unmask" '.results[] | select(.check == "D04.13")
  | .findings[] | select(.container_name == $n) | .seen_by' "$PODMAN_DIR/pack.json")"
# D04.11: --ipc host alone, from the namespace link (IpcMode says shareable).
assert_eq podman-owasp-d04.11-ipc-host-found ipc "$(jq -r --arg n "$P-ipconly" '.results[] | select(.check == "D04.11")
  | .findings[] | select(.container_name == $n) | .host_namespaces' "$PODMAN_DIR/pack.json")"
assert_eq podman-owasp-d04.11-all-host-found "pid ipc uts" "$(jq -r --arg n "$P-hostns" '.results[] | select(.check == "D04.11")
  | .findings[] | select(.container_name == $n) | .host_namespaces' "$PODMAN_DIR/pack.json")"
assert_eq podman-owasp-d04.11-private-not-found 0 "$(has_check plain D04.11)"
# D04.3: from the effective set - the plain container keeps Podman's whole
# default set, the ones with --cap-drop do not.
assert_eq podman-owasp-d04.3-plain-found 1 "$(has_check plain D04.3)"
assert_eq podman-owasp-d04.3-cap-drop-chown-not-found 0 "$(has_check caps D04.3)"
assert_eq podman-owasp-d04.3-cap-drop-all-not-found 0 "$(has_check hard D04.3)"
assert_eq podman-owasp-d04.3-privileged-not-found 0 "$(has_check priv D04.3)"
# D04.17 / D09.7: sshd and apk found through Podman's top; not elsewhere.
assert_eq podman-owasp-d04.17-sshd-found 1 "$(has_check daemons D04.17)"
assert_eq podman-owasp-d09.7-apk-found 1 "$(has_check daemons D09.7)"
assert_eq podman-owasp-d04.17-plain-not-found 0 "$(has_check plain D04.17)"
assert_eq podman-owasp-d04.17-hostns-not-found 0 "$(has_check hostns D04.17)"
assert_eq podman-owasp-d09.7-plain-not-found 0 "$(has_check plain D09.7)"
# the host PID: the kernel's process named sshd in the container's cgroup
daemons_id=$(podman_cmd inspect -f '{{.Id}}' "$P-daemons")
sshd_pid=$(for f in /proc/[0-9]*/comm; do
  d=${f%/comm}
  [ "$(cat "$f" 2>/dev/null)" = sshd ] && grep -q "$daemons_id" "$d/cgroup" 2>/dev/null && echo "${d#/proc/}"
done)
assert_eq podman-owasp-d04.17-host-pid "${sshd_pid:-no sshd in the container's cgroup}" \
  "$(jq -r --arg n "$P-daemons" '.results[] | select(.check == "D04.17") | .findings[]
     | select(.container_name == $n) | .pid' "$PODMAN_DIR/pack.json")"
# D02.1: Podman's version against Podman's floor, not Docker's release line;
# with a floor below it the same SQL stays silent.
assert_eq podman-owasp-d02.1-engine podman "$(jq -r '.results[] | select(.check == "D02.1") | .findings[0].engine // "none"' "$PODMAN_DIR/pack.json")"
ver_major=$(echo "$ver" | jq -r '.[0].version' | cut -d. -f1)
d021=$(awk '/^-- check: D02.1$/ { on = 1 } /^-- check: D02.2$/ { on = 0 } on' packs/owasp-docker-top10/D02-patch-management.sql |
  sed "s/('podman', [0-9]*, [0-9]*)/('podman', $ver_major, 0)/")
out=$(printf '%s\n' "$d021" | DOCKER_HOST="$PODMAN_HOST" timeout 60 "$DS" run - --format json 2>&1 | jq -r '.results[0].status')
assert_eq podman-owasp-d02.1-silent-at-own-floor pass "$out"

# --- the same through the loadable extension in the sqlite3 shell
out=$(DOCKER_HOST="$PODMAN_HOST" host_prog sql \
  "SELECT count(*) FROM docker_containers WHERE name LIKE '/$P-%' AND state = 'running'")
assert_eq podman-sqlite3-shell 9 "$out"
