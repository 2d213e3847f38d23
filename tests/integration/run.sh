#!/bin/bash
# needs: engine
# Integration suite: the docker_* tables against the real engine.
#
# Starts containers with known settings (tests/integration/engine_setup.sh,
# label dockersec.test=integration), then checks that every column of every
# docker table equals what `docker inspect` (parsed with jq) - or the
# engine's own API answer where the CLI only prints a humanised form - says,
# for running and stopped containers; plus id push-down, secret redaction on
# and off, and the error when no daemon answers.  Removes only what it
# created (trap EXIT).  Needs bash, jq, curl and a docker engine.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
. tests/integration/engine_setup.sh
. tests/lib/engine.sh

SOCK="${DOCKER_HOST:-unix:///var/run/docker.sock}"
SOCK="${SOCK#unix://}"
TAB=$(printf '\t')
WORK=$(mktemp -d)
fe_init
trap 'it_cleanup; fe_stop; rm -rf "$WORK" "$FE_DIR"' EXIT
trap 'exit 2' INT TERM

for tool in docker jq curl; do
  command -v $tool >/dev/null || { fail "integration-$tool" "$tool is not installed (scripts/deps.sh)"; exit 0; }
done
if ! timeout 90 scripts/dockerd.sh start >/dev/null; then
  fail integration-engine "no Docker engine answers on $SOCK and dockerd could not be started"
  exit 0
fi

# ---- helpers ---------------------------------------------------------------

# ds SQL: rows tab-separated, NULL as NULL, errors on the same stream.
ds() { sql -nullvalue NULL -separator "$TAB" "$1"; }
# ds_reveal SQL: the same with dockersec_config('reveal_secrets', 1).
ds_reveal() { sql -reveal -nullvalue NULL -separator "$TAB" "$1"; }
api() { curl -s --max-time 30 --unix-socket "$SOCK" "http://localhost$1"; }

# jq prelude shared by every expectation: row rendering like the sqlite3
# shell's (NULL for null, 1/0 for booleans), JSON columns compact.
JQ_DEFS='
def cell: if . == null then "NULL" elif type == "boolean" then (if . then 1 else 0 end)
          elif type == "array" or type == "object" then tojson else tostring end;
def row: map(cell) | join("\t");
def strip: sub("^sha256:"; "");
def epoch: sub("\\.[0-9]+"; "") | sub("\\+00:00$"; "Z") | fromdateiso8601;
def nonempty: if . == "" then null else . end;
'
jqx() { jq -r "$JQ_DEFS $1" "${@:2}"; }

# assert_rows NAME EXPECTED ACTUAL: compares as sorted line sets, and
# insists the expectation is not empty (a check that cannot fail is no check).
assert_rows() {
  local e a
  e=$(printf '%s\n' "$2" | LC_ALL=C sort)
  a=$(printf '%s\n' "$3" | LC_ALL=C sort)
  if [ -z "$2" ] && [ "${4:-}" != allow-empty ]; then
    fail "$1" "empty expectation"
  elif [ "$e" = "$a" ]; then
    pass "$1"
  else
    fail "$1" "$(diff <(printf '%s\n' "$e") <(printf '%s\n' "$a") | head -20 | tr '\n' ' ')"
  fi
}

# ---- set-up ---------------------------------------------------------------------

if ! it_setup integration 2>"$WORK/setup.err"; then
  fail integration-setup "$(tr '\n' ' ' <"$WORK/setup.err")"
  exit 0
fi
pass integration-setup
ROLES="priv full hostns dropall addall hist created"
for r in $ROLES; do dk inspect "${IT_ID[$r]}" | jq '.[0]' >"$WORK/$r.json"; done

# ---- docker_containers (the issue's headline query) ----------------------------

for r in $ROLES; do
  id=${IT_ID[$r]}
  exp=$(jqx '[.Name, .Config.Image, (.Image | strip), .State.Status, .State.Pid,
             .HostConfig.Privileged, (.Config.User // ""), (.HostConfig.CapAdd // []),
             (.HostConfig.CapDrop // []), .HostConfig.ReadonlyRootfs, .HostConfig.PidsLimit,
             .HostConfig.Memory, .HostConfig.NanoCpus, .HostConfig.NetworkMode,
             .HostConfig.PidMode, .HostConfig.IpcMode, .HostConfig.RestartPolicy.Name,
             .HostConfig.RestartPolicy.MaximumRetryCount] | row' "$WORK/$r.json")
  act=$(ds "SELECT name, image, image_id, state, pid, privileged, user, cap_add, cap_drop,
              readonly_rootfs, pids_limit, memory_limit, nano_cpus, network_mode, pid_mode,
              ipc_mode, restart_policy, restart_max_retries
            FROM docker_containers WHERE id = '$id'")
  assert_rows "containers-$r" "$exp" "$act"
done
assert_eq containers-full-id-one-row 1 \
  "$(ds "SELECT count(*) FROM docker_containers WHERE id = '${IT_ID[full]}'")"
assert_eq containers-prefix-keeps-prefix "${IT_ID[full]:0:12}" \
  "$(ds "SELECT id FROM docker_containers WHERE id = '${IT_ID[full]:0:12}'")"

# ---- per-container tables ------------------------------------------------------------

for r in $ROLES; do
  id=${IT_ID[$r]}
  f="$WORK/$r.json"

  exp=$(jqx '.Mounts[] | [.Type, (.Name // "" | nonempty), .Source, .Destination,
             (.Driver // "" | nonempty), .Mode, .RW, .Propagation] | row' "$f")
  act=$(ds "SELECT type, name, source, destination, driver, mode, rw, propagation
            FROM docker_container_mounts WHERE id = '$id'")
  assert_rows "mounts-$r" "$exp" "$act" allow-empty

  # docker_container_ports (osquery's): the live bindings of a running
  # container, nothing for a stopped one.
  exp=$(jqx 'if .State.Running then
               (.NetworkSettings.Ports // {}) | to_entries[] | (.key | split("/")) as [$p, $t]
               | if .value == null then [$t, ($p | tonumber), "", 0, 0, "runtime"]
                 else .value[] | [$t, ($p | tonumber), .HostIp, (.HostPort | tonumber), 1,
                                  "runtime"] end
             else empty end | row' "$f")
  act=$(ds "SELECT type, port, host_ip, host_port, published, source
            FROM docker_container_ports WHERE id = '$id'")
  assert_rows "ports-$r" "$exp" "$act" allow-empty
  # docker_container_port_bindings: what every container is configured with.
  exp=$(jqx '(.HostConfig.PortBindings // {}) as $b
             | (($b | to_entries[] | (.key | split("/")) as [$p, $t] | .value[]
                 | [$t, ($p | tonumber), .HostIp,
                    (if .HostPort == "" then 0 else (.HostPort | tonumber) end), 1]),
                (.Config.ExposedPorts // {} | keys_unsorted[] | select($b[.] == null)
                 | split("/") as [$p, $t] | [$t, ($p | tonumber), "", 0, 0]))
             | row' "$f")
  act=$(ds "SELECT type, port, host_ip, host_port, published
            FROM docker_container_port_bindings WHERE id = '$id'")
  assert_rows "port-bindings-$r" "$exp" "$act" allow-empty

  exp=$(jqx '.Config.Labels // {} | to_entries[] | [.key, .value] | row' "$f")
  act=$(ds "SELECT key, value FROM docker_container_labels WHERE id = '$id'")
  assert_rows "labels-$r" "$exp" "$act"

  exp=$(jqx '.Config.Env[] | capture("^(?<k>[^=]*)=?(?<v>.*)$") | [.k, .v] | row' "$f")
  act=$(ds_reveal "SELECT key, value FROM docker_container_envs WHERE id = '$id'")
  assert_rows "envs-revealed-$r" "$exp" "$act"

  exp=$(jqx '.NetworkSettings.Networks | to_entries[] | .key as $n | .value
             | [$n, .NetworkID, .EndpointID, .Gateway, .IPAddress, .IPPrefixLen, .IPv6Gateway,
                .GlobalIPv6Address, .GlobalIPv6PrefixLen, .MacAddress, (.Aliases // [])] | row' "$f")
  act=$(ds "SELECT name, network_id, endpoint_id, gateway, ip_address, ip_prefix_len,
              ipv6_gateway, ipv6_address, ipv6_prefix_len, mac_address, aliases
            FROM docker_container_networks WHERE id = '$id'")
  assert_rows "networks-$r" "$exp" "$act"

  exp=$(jqx '.HostConfig.Devices // [] | .[] | [.PathOnHost, .PathInContainer,
             .CgroupPermissions] | row' "$f")
  act=$(ds "SELECT path_on_host, path_in_container, cgroup_permissions
            FROM docker_container_devices WHERE id = '$id'")
  assert_rows "devices-$r" "$exp" "$act" allow-empty

  exp=$(jqx '.HostConfig.Ulimits // [] | .[] | [.Name, .Soft, .Hard] | row' "$f")
  act=$(ds "SELECT name, soft, hard FROM docker_container_ulimits WHERE id = '$id'")
  assert_rows "ulimits-$r" "$exp" "$act" allow-empty
done
# The settings the checks above must have seen (so an empty table cannot pass).
assert_eq mounts-full-count 2 "$(ds "SELECT count(*) FROM docker_container_mounts WHERE id = '${IT_ID[full]}'")"
assert_eq ports-created-loopback "tcp${TAB}90${TAB}127.0.0.1${TAB}19999${TAB}1${TAB}created" \
  "$(ds "SELECT type, port, host_ip, host_port, published, state FROM docker_container_port_bindings
         WHERE id = '${IT_ID[created]}' AND port = 90")"
assert_eq ports-created-none-live 0 \
  "$(ds "SELECT count(*) FROM docker_container_ports WHERE id = '${IT_ID[created]}'")"
assert_eq ports-full-loopback-bound 1 \
  "$(ds "SELECT count(*) FROM docker_container_ports WHERE id = '${IT_ID[full]}'
         AND port = 80 AND host_ip = '127.0.0.1' AND host_port > 0 AND source = 'runtime'")"
assert_eq ports-hist-exposed-only "tcp${TAB}8080${TAB}${TAB}0${TAB}0" \
  "$(ds "SELECT type, port, host_ip, host_port, published FROM docker_container_ports
         WHERE id = '${IT_ID[hist]}'")"
assert_eq devices-full "/dev/null${TAB}/dev/xnull${TAB}r" \
  "$(ds "SELECT path_on_host, path_in_container, cgroup_permissions FROM docker_container_devices
         WHERE id = '${IT_ID[full]}'")"
assert_eq ulimits-full "nofile${TAB}1024${TAB}2048" \
  "$(ds "SELECT name, soft, hard FROM docker_container_ulimits WHERE id = '${IT_ID[full]}'
         AND name = 'nofile'")"
assert_eq networks-full-alias 1 \
  "$(ds "SELECT count(*) FROM docker_container_networks n, json_each(n.aliases) a
         WHERE n.id = '${IT_ID[full]}' AND n.name = '$IT_NET' AND a.value = 'web-alias'")"

# ---- envs: redaction on and off -----------------------------------------------------

full=${IT_ID[full]}
assert_eq envs-redacted "API_TOKEN${TAB}<redacted>${TAB}1" \
  "$(ds "SELECT key, value, secret_like FROM docker_container_envs WHERE id = '$full'
         AND key = 'API_TOKEN'")"
assert_eq envs-plain-not-secret "FOO${TAB}bar${TAB}0" \
  "$(ds "SELECT key, value, secret_like FROM docker_container_envs WHERE id = '$full'
         AND key = 'FOO'")"
assert_not_contains envs-no-leak s3cr3t-value "$(ds "SELECT * FROM docker_container_envs")"
assert_not_contains containers-env-no-leak s3cr3t-value \
  "$(ds "SELECT env_variables FROM docker_containers WHERE id = '$full'")"
assert_eq envs-revealed "API_TOKEN${TAB}s3cr3t-value${TAB}1" \
  "$(ds_reveal "SELECT key, value, secret_like FROM docker_container_envs WHERE id = '$full'
                AND key = 'API_TOKEN'")"
assert_eq envs-revealed-by-env s3cr3t-value \
  "$(DOCKERSEC_REVEAL_SECRETS=1 ds "SELECT value FROM docker_container_envs WHERE id = '$full'
                                    AND key = 'API_TOKEN'")"
assert_eq envs-stopped-redacted "DB_PASSWORD${TAB}<redacted>" \
  "$(ds "SELECT key, value FROM docker_container_envs WHERE id = '${IT_ID[created]}'
         AND secret_like")"

# ---- capabilities ------------------------------------------------------------------------

CAPS=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP
  LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER
  SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE
  SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP
  MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF
  CHECKPOINT_RESTORE)
last_cap=$(cat /proc/sys/kernel/cap_last_cap)
all_caps=$(for ((b = 0; b <= last_cap && b < ${#CAPS[@]}; b++)); do echo "CAP_${CAPS[$b]}"; done |
  jq -R . | jq -sc .)
# moby's TweakCapabilities, written again in jq from the documented rules.
JQ_CAPS='
def norm: ascii_upcase | if startswith("CAP_") then . else "CAP_" + . end
          | if . == "CAP_ALL" then "ALL" else . end;
def defaults: ["CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FSETID","CAP_FOWNER","CAP_MKNOD",
  "CAP_NET_RAW","CAP_SETGID","CAP_SETUID","CAP_SETFCAP","CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_KILL","CAP_AUDIT_WRITE"];
.HostConfig as $h
| if $h.Privileged then $all[] | [., "privileged", 1] | row
  else (($h.CapAdd // []) | map(norm)) as $add | (($h.CapDrop // []) | map(norm)) as $drop
  | (if ($add | index("ALL")) then ($all - $drop)
     elif ($drop | index("ALL")) then ($add)
     else ((defaults - $drop) + $add) end) as $eff
  | ((defaults + $eff + ($drop - ["ALL"]) + (if ($drop | index("ALL")) then defaults else [] end))
     | unique)[]
  | . as $c | ($eff | index($c) != null) as $on
  | [$c, (if ($on | not) then "dropped"
          elif (defaults | index($c)) and ($drop | index($c) | not) and ($drop | index("ALL") | not)
          then "default" else "added" end), (if $on then 1 else 0 end)] | row end'
# Bounding set of a running container's init process, decoded from /proc:
# only where this /proc is the engine's host's (tests/lib/needs.sh).
. tests/lib/needs.sh
NO_HOST_PROC=$(need_check host-proc)
# Bounding set of a running container's init process, decoded from /proc.
cap_bnd() {
  local hex bits b
  hex=$(awk '/^CapBnd:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return
  bits=$((16#$hex))
  for ((b = 0; b < ${#CAPS[@]}; b++)); do
    (((bits >> b) & 1)) && echo "CAP_${CAPS[$b]}"
  done
}
for r in $ROLES; do
  id=${IT_ID[$r]}
  exp=$(jq -r --argjson all "$all_caps" "$JQ_DEFS $JQ_CAPS" "$WORK/$r.json")
  act=$(ds "SELECT capability, source, effective FROM docker_container_capabilities
            WHERE id = '$id'")
  assert_rows "capabilities-$r" "$exp" "$act"
  pid=$(jq -r '.State.Pid' "$WORK/$r.json")
  [ "$pid" -gt 0 ] || continue
  if [ -n "$NO_HOST_PROC" ]; then
    skip "capabilities-kernel-$r" "$NO_HOST_PROC"
    continue
  fi
  # What the kernel gave the container: equal to our effective set, except
  # that --privileged/ALL cannot grant what the engine itself lacks (this
  # machine has no CAP_SYS_RESOURCE; dockerd 20.10 knows caps up to 37).
  kernel=$(cap_bnd "$pid")
  ours=$(ds "SELECT capability FROM docker_container_capabilities WHERE id = '$id' AND effective")
  if jq -e '.HostConfig.Privileged or ((.HostConfig.CapAdd // []) | map(ascii_upcase) | index("ALL"))' \
    "$WORK/$r.json" >/dev/null; then
    missing=$(comm -23 <(printf '%s\n' "$kernel" | sort) <(printf '%s\n' "$ours" | sort))
    assert_eq "capabilities-kernel-subset-$r" "" "$missing"
  else
    assert_rows "capabilities-kernel-$r" "$kernel" "$ours"
  fi
done
assert_eq capabilities-full-added "CAP_NET_ADMIN${TAB}added${TAB}1" \
  "$(ds "SELECT capability, source, effective FROM docker_container_capabilities
         WHERE id = '$full' AND capability = 'CAP_NET_ADMIN'")"
assert_eq capabilities-full-dropped "CAP_NET_RAW${TAB}dropped${TAB}0" \
  "$(ds "SELECT capability, source, effective FROM docker_container_capabilities
         WHERE id = '$full' AND capability = 'CAP_NET_RAW'")"

# ---- processes -----------------------------------------------------------------------------

for r in $ROLES; do
  id=${IT_ID[$r]}
  act=$(ds "SELECT pid, uid FROM docker_container_processes WHERE id = '$id'")
  if [ "$(jq -r .State.Running "$WORK/$r.json")" = true ]; then
    exp=$(dk top "$id" -eo pid,uid | tail -n +2 | awk -v OFS="$TAB" '{print $1, $2}')
    assert_rows "processes-$r" "$exp" "$act"
    assert_contains "processes-init-$r" "$(jq -r .State.Pid "$WORK/$r.json")$TAB" "$act"
  else
    assert_eq "processes-stopped-$r" "" "$act"
  fi
done
assert_eq processes-priv-uid-1000 "1000${TAB}sleep${TAB}sleep 600" \
  "$(ds "SELECT uid, name, cmdline FROM docker_container_processes WHERE id = '${IT_ID[priv]}'")"
assert_contains processes-id-required "docker_container_processes: id = is required" \
  "$(ds "SELECT * FROM docker_container_processes")"
assert_eq processes-via-join 1 \
  "$(ds "SELECT count(*) FROM docker_containers c JOIN docker_container_processes p ON p.id = c.id
         WHERE c.name = '/$IT_PREFIX-full'")"

# ---- images ------------------------------------------------------------------------------------

for img in "$IT_IMAGE" "$IT_HIST_IMAGE"; do
  dk image inspect "$img" | jq '.[0]' >"$WORK/img.json"
  iid=$(jq -r '.Id | sub("^sha256:"; "")' "$WORK/img.json")
  tag=${img%%:*}
  exp=$(jqx '[(.Id | strip), (.Created | epoch), .Size, (.RepoTags | join(",")),
             (.RepoDigests // []), (.Config.Labels // {}), (.Parent | strip), .Config.User,
             (.Config.Entrypoint // []), (.Config.Cmd // []), (.Config.Env // []),
             .Config.WorkingDir, (.Config.ExposedPorts // {} | keys_unsorted),
             (.Config.Volumes // {} | keys_unsorted), .Config.Healthcheck,
             (.Config.OnBuild // []), (.Config.StopSignal // null), .Architecture, .Os,
             .Author, .Comment, .DockerVersion, (.RootFS.Layers | length)] | row' "$WORK/img.json")
  act=$(ds_reveal "SELECT * FROM docker_images WHERE id = '$iid'")
  assert_rows "images-$tag" "$exp" "$act"
  exp=$(jqx '.Config.Labels // {} | to_entries[] | [.key, .value] | row' "$WORK/img.json")
  act=$(ds "SELECT key, value FROM docker_image_labels WHERE id = '$iid'")
  assert_rows "image-labels-$tag" "$exp" "$act"
  exp=$(jqx '.RootFS.Layers | to_entries[] | [(.value | strip), .key + 1] | row' "$WORK/img.json")
  act=$(ds "SELECT layer_id, layer_order FROM docker_image_layers WHERE id = '${iid:0:12}'")
  assert_rows "image-layers-$tag" "$exp" "$act"
  # docker history only prints humanised sizes and times: compare with the API.
  api "/images/$iid/history" >"$WORK/hist.json"
  exp=$(jqx 'length as $n | to_entries[] | .key as $i | .value
             | [.Created, .Size, .CreatedBy, ((.Tags // []) | join(",")), .Comment, $n - $i,
                (.Id | strip)] | row' "$WORK/hist.json")
  act=$(ds_reveal "SELECT created, size, created_by, tags, comment, step, history_id
                   FROM docker_image_history WHERE id = '$iid'")
  assert_rows "image-history-revealed-$tag" "$exp" "$act"
done
hid=$(dk image inspect -f '{{.Id}}' "$IT_HIST_IMAGE" | sed 's/^sha256://')
hist=$(ds "SELECT created_by FROM docker_image_history WHERE id = '$hid' AND secret_like")
assert_eq image-history-secret-steps 3 "$(printf '%s\n' "$hist" | grep -c .)"
assert_contains image-history-env-redacted "ENV API_TOKEN=<redacted> PLAIN=1" "$hist"
assert_contains image-history-build-arg-redacted "|1 PASSWORD=<redacted> /bin/sh -c true" "$hist"
assert_not_contains image-history-no-leak hunter2 "$(ds "SELECT * FROM docker_image_history")"
assert_not_contains images-env-no-leak abc123 "$(ds "SELECT env FROM docker_images")"
assert_eq images-user-1000 1000 "$(ds "SELECT user FROM docker_images WHERE id = '$hid'")"

# ---- docker_info ----------------------------------------------------------------------------------

# The CLI drops fields it considers deprecated (BridgeNfIptables): compare
# with the engine's own answer.
api /v1.41/info >"$WORK/info.json"
exp=$(jqx '[.ID, .Driver, .MemoryLimit, .SwapLimit, .KernelMemory, .CpuCfsPeriod, .CpuCfsQuota,
           .CPUShares, .CPUSet, .IPv4Forwarding, .BridgeNfIptables, .BridgeNfIp6tables,
           .OomKillDisable, .LoggingDriver, .CgroupDriver, .KernelVersion, .OperatingSystem,
           .OSType, .Architecture, .NCPU, .MemTotal, .HttpProxy, .HttpsProxy, .NoProxy, .Name,
           .ServerVersion, .DockerRootDir, (.SecurityOptions // []),
           ((.SecurityOptions // []) | any(startswith("name=seccomp"))),
           ((.SecurityOptions // []) | map(select(startswith("name=seccomp")) | capture("profile=(?<p>[^,]*)").p) | first // null),
           ((.SecurityOptions // []) | any(. == "name=apparmor")),
           ((.SecurityOptions // []) | any(startswith("name=selinux"))),
           ((.SecurityOptions // []) | any(startswith("name=userns"))),
           ((.SecurityOptions // []) | any(startswith("name=rootless"))),
           .CgroupVersion, .LiveRestoreEnabled, .Debug, .ExperimentalBuild, .PidsLimit,
           .DefaultRuntime, .Runtimes, .InitBinary, .Swarm.LocalNodeState,
           (.RegistryConfig.InsecureRegistryCIDRs + [.RegistryConfig.IndexConfigs | to_entries[]
             | select(.value.Secure == false) | .key]),
           (.RegistryConfig.Mirrors // []), (.Warnings // []), (.Labels // []),
           .ContainerdCommit.ID, .RuncCommit.ID, 0] | row' "$WORK/info.json")
act=$(ds "SELECT id, storage_driver, memory_limit, swap_limit, kernel_memory, cpu_cfs_period,
            cpu_cfs_quota, cpu_shares, cpu_set, ipv4_forwarding, bridge_nf_iptables,
            bridge_nf_ip6tables, oom_kill_disable, logging_driver, cgroup_driver,
            kernel_version, os, os_type, architecture, cpus, memory, http_proxy, https_proxy,
            no_proxy, name, server_version, root_dir, security_options, seccomp,
            seccomp_profile, apparmor, selinux, userns, rootless, cgroup_version, live_restore,
            debug, experimental_build, pids_limit, default_runtime, runtimes, init_binary,
            swarm_state, insecure_registries, registry_mirrors, warnings, labels,
            containerd_commit, runc_commit, podman FROM docker_info")
assert_rows info-columns "$exp" "$act"
# Counts move while other suites run: check they are sane, not equal.
assert_eq info-counts-sane 1 \
  "$(ds "SELECT containers >= 7 AND containers = containers_running + containers_paused
              + containers_stopped AND images >= 2 FROM docker_info")"

# ---- networks and volumes ---------------------------------------------------------------------------

dk network inspect bridge host none "$IT_NET" >"$WORK/nets.json"
exp=$(jqx '.[] | (.Options // {}) as $o | (.IPAM.Config // []) as $c
           | def opt($k): $o["com.docker.network.bridge." + $k];
             def bopt($k): opt($k) | if . == null then null else (. == "true") end;
           [.Id, .Name, .Driver, (.Created | epoch), .EnableIPv6, ($c[0].Subnet // null),
            ($c[0].Gateway // null), .Scope, .Internal, .Attachable, .Ingress, .IPAM.Driver, $c,
            $o, (.Labels // {}), (opt("default_bridge") == "true"), bopt("enable_icc"),
            bopt("enable_ip_masquerade"), opt("host_binding_ipv4"), opt("name")] | row' \
  "$WORK/nets.json")
act=$(ds "SELECT * FROM docker_networks WHERE name IN ('bridge', 'host', 'none', '$IT_NET')")
assert_rows networks-columns "$exp" "$act"
assert_eq networks-default-bridge-icc "bridge${TAB}1" \
  "$(ds "SELECT name, enable_icc FROM docker_networks WHERE default_bridge")"
assert_eq networks-own-icc-off "0${TAB}1" \
  "$(ds "SELECT enable_icc, internal FROM docker_networks WHERE name = '$IT_NET'")"
net_id=$(jq -r '.[3].Id' "$WORK/nets.json")
assert_eq networks-id-prefix "${net_id:0:12}" \
  "$(ds "SELECT id FROM docker_networks WHERE id = '${net_id:0:12}'")"

dk volume inspect "$IT_VOL" >"$WORK/vol.json"
exp=$(jqx '.[] | [.Name, .Driver, .Mountpoint, (.Options.type // null), .Scope,
           (.CreatedAt | epoch), (.Labels // {}), (.Options // {})] | row' "$WORK/vol.json")
act=$(ds "SELECT * FROM docker_volumes WHERE name = '$IT_VOL'")
assert_rows volumes-columns "$exp" "$act"

# ---- requests per query (through the recording proxy) ----------------------------

# WHERE id = '<full id>' must cost one (filtered) list and at most one
# inspect, whatever table asks.  docker_container_processes inspects (its
# State.Pid tells a local engine's container, whose processes are read from
# /proc) instead of asking /top.  tests/lib/fake_engine.py records the
# requests as a proxy in front of the real engine.
if fe_start --proxy "$SOCK" 2>"$WORK/proxy.err"; then
  # table / columns / expected inspects of the running container `full`
  while read -r t cols inspects; do
    : >"$FE_LOG"
    out=$(DOCKER_HOST="$FE_HOST" ds "SELECT $cols FROM $t WHERE id = '$full'")
    # The client's first request goes out unversioned, beside GET /version.
    lists=$(grep -cE ' (/v[0-9.]+)?/containers/json' "$FE_LOG")
    insp=$(grep -cE ' (/v[0-9.]+)?/containers/[0-9a-f]{64}/json$' "$FE_LOG")
    assert_eq "requests-$t-$cols" "1 list, $inspects inspect" "$lists list, $insp inspect"
    assert_not_contains "requests-$t-$cols-answer" "Error" "$out"
  done <<EOF
docker_containers * 1
docker_containers name 0
docker_container_envs * 1
docker_container_capabilities * 1
docker_container_mounts * 1
docker_container_devices * 1
docker_container_ulimits * 1
docker_container_labels * 0
docker_container_ports * 0
docker_container_port_bindings * 1
docker_container_networks name 0
docker_container_networks aliases 1
docker_container_processes pid 1
EOF
  fe_stop
else
  fail requests-proxy "the recording proxy did not start: $(cat "$WORK/proxy.err")"
fi

# ---- no daemon: every table fails with the socket's name ----------------------------------------------

# Every table that asks the engine (docker_daemon_settings reads /proc and
# /etc, not the API, so it has rows without a daemon).
for t in docker_containers docker_container_capabilities docker_container_devices \
  docker_container_envs docker_container_labels docker_container_mounts \
  docker_container_networks docker_container_ports docker_container_processes \
  docker_container_ulimits docker_image_history docker_image_labels docker_image_layers \
  docker_images docker_info docker_networks docker_version docker_volumes; do
  where=""
  [ "$t" = docker_container_processes ] && where="WHERE id = 'abc'"
  out=$(DOCKER_HOST=unix:///nonexistent.sock ds "SELECT * FROM $t $where")
  assert_contains "no-daemon-$t" "$t: GET /" "$out"
  assert_contains "no-daemon-socket-$t" "/nonexistent.sock" "$out"
done
