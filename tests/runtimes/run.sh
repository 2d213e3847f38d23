#!/bin/sh
# needs: engine root host-proc
# tests/runtimes/run.sh - the runtime-state tables (containers,
# container_mounts, container_envs, container_devices) against real runtimes,
# with no engine API answering (DOCKER_HOST=unix:///nonexistent):
#
#  - a real containerd started here as on a Kubernetes node (Debian's
#    containerd 1.6: `containerd --root <tmp> --state /run/containerd
#    --address <tmp>.sock`, its own config so it does not clash with
#    Docker's), the test image imported into namespace k8s.io, containers
#    created with `ctr run -d` carrying the CRI annotations and --net-host,
#    --read-only, --cap-add, --privileged (as uid 1000: a root privileged
#    container cannot start on these machines), --mount of a host socket
#    directory, --memory-limit;
#  - Docker's own running containers (labelled dockersec.test=runtimes): a
#    containers row with the same id whose user, readonly_rootfs and
#    privileged agree with `docker inspect`.
# Everything started here is stopped here, bounded by time-outs.
. tests/lib/common.sh
. tests/lib/engine.sh
SUITE=runtimes
for tool in containerd ctr; do
  command -v "$tool" >/dev/null 2>&1 || {
    fail "runtimes-$tool" "$tool is not installed (scripts/deps.sh installs it)"
    exit 0
  }
done
if [ "$(id -u)" != 0 ]; then
  fail runtimes-root "needs root (containerd, /run/containerd)"
  exit 0
fi

T=$(mktemp -d /tmp/dockersec-runtimes-XXXXXX)
SOCK="$T.sock"
CTD_PID=
NOHOST=unix:///nonexistent
# Container ids: 64 hex like Kubernetes' (cgroup paths resolve only those),
# unique per run so concurrent runs on one machine never meet.
tag=$(printf '%08x' $$)
WEB=${tag}0000000000000000000000000000000000000000000000000000000a
SANDBOX=${tag}0000000000000000000000000000000000000000000000000000000b
PRIV=${tag}0000000000000000000000000000000000000000000000000000000c
PLAIN=${tag}0000000000000000000000000000000000000000000000000000000d
CTR_IDS="$WEB $SANDBOX $PRIV $PLAIN"

ctr_() { timeout 60 ctr -a "$SOCK" -n k8s.io "$@"; }

cleanup() {
  for id in $CTR_IDS; do
    ctr_ task kill -s KILL "$id" >/dev/null 2>&1
  done
  for id in $CTR_IDS; do
    i=0
    while [ $i -lt 20 ] && ! ctr_ task rm -f "$id" >/dev/null 2>&1; do
      ctr_ task ls -q 2>/dev/null | grep -qx "$id" || break
      sleep 0.5
      i=$((i + 1))
    done
    ctr_ container rm "$id" >/dev/null 2>&1
  done
  if [ -n "$CTD_PID" ]; then
    kill "$CTD_PID" 2>/dev/null
    i=0
    while [ $i -lt 20 ] && kill -0 "$CTD_PID" 2>/dev/null; do
      sleep 0.5
      i=$((i + 1))
    done
    kill -9 "$CTD_PID" 2>/dev/null
  fi
  rm_labelled "dockersec.test=$SUITE"
  # Snapshots containerd left mounted under its root, deepest first.
  awk -v t="$T" 'index($2, t) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -rf "$T" "$SOCK" "$SOCK.ttrpc"
}
trap cleanup EXIT

# ---- containerd, as on a node ----------------------------------------------
POD_UID=8f2e0f43-2c55-4a1e-9d7c-5c1f7c3a9e11
# A pod volume as kubelet lays it out (an emptyDir): a managed volume, never
# reported as a writable host path.
EMPTYDIR="$T/kubelet/pods/$POD_UID/volumes/kubernetes.io~empty-dir/cache"
mkdir -p "$T/root" "$T/sockdir" "$T/data" "$EMPTYDIR"
cat >"$T/config.toml" <<EOF
version = 2
root = "$T/root"
state = "/run/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
containerd --config "$T/config.toml" --root "$T/root" --state /run/containerd \
  --address "$SOCK" >"$T/containerd.log" 2>&1 &
CTD_PID=$!
i=0
until ctr_ version >/dev/null 2>&1; do
  i=$((i + 1))
  if [ $i -gt 40 ] || ! kill -0 "$CTD_PID" 2>/dev/null; then
    fail runtimes-containerd-started "$(tail -3 "$T/containerd.log")"
    exit 0
  fi
  sleep 0.5
done
pass runtimes-containerd-started

# The test image, and a variant running as uid 1000 (ctr has no --user: it
# takes the image's).
scripts/test-image.sh dockersec-test:latest || fail runtimes-image "scripts/test-image.sh failed"
printf 'FROM dockersec-test:latest\nUSER 1000:1000\n' |
  DK_TIMEOUT=120 dk build -q -t dockersec-test:u1000 - >/dev/null 2>&1 ||
  fail runtimes-image-u1000 "docker build of the uid-1000 variant failed"
DK_TIMEOUT=120 dk save dockersec-test:latest dockersec-test:u1000 -o "$T/img.tar" &&
  ctr_ images import "$T/img.tar" >/dev/null 2>&1 ||
  fail runtimes-image-import "docker save | ctr images import failed"
IMG=docker.io/library/dockersec-test:latest
IMG_U=docker.io/library/dockersec-test:u1000

cri() { # cri ID NAME TYPE: the CRI annotations of a pod web-7d9f in namespace prod
  echo "--annotation io.kubernetes.cri.container-type=$3" \
    "--annotation io.kubernetes.cri.container-name=$2" \
    "--annotation io.kubernetes.cri.sandbox-name=web-7d9f" \
    "--annotation io.kubernetes.cri.sandbox-namespace=prod" \
    "--annotation io.kubernetes.cri.sandbox-uid=$POD_UID" \
    "--label io.kubernetes.cri.container-type=$3"
}
run_ctr() { # run_ctr NAME ARGS... (the last two: image id)
  n=$1
  shift
  ctr_ run -d "$@" sleep 600 >"$T/run-$n.log" 2>&1 || fail "runtimes-ctr-run-$n" "$(tail -2 "$T/run-$n.log")"
}
# shellcheck disable=SC2046 # the annotations are words on purpose
run_ctr sandbox $(cri "$SANDBOX" "" sandbox) "$IMG" "$SANDBOX"
# shellcheck disable=SC2046
run_ctr web $(cri "$WEB" web container) --net-host --read-only --cap-add CAP_NET_ADMIN \
  --memory-limit 67108864 --mount "type=bind,src=$T/sockdir,dst=/run/host,options=rbind:ro" \
  --mount "type=bind,src=/run/containerd,dst=/run/containerd,options=rbind:ro" \
  --mount "type=bind,src=$T/data,dst=/data,options=rbind:rw" \
  --mount "type=bind,src=$EMPTYDIR,dst=/cache,options=rbind:rw" \
  --env API_TOKEN=s3cret "$IMG" "$WEB"
# shellcheck disable=SC2046
run_ctr priv $(cri "$PRIV" priv container) --privileged "$IMG_U" "$PRIV"
run_ctr plain "$IMG" "$PLAIN"

# ---- Docker containers (the shared engine), labelled ---------------------------
drun() {
  n=$1
  shift
  DK_TIMEOUT=60 dk run -d --label "dockersec.test=$SUITE" --name "dockersec-rt-$tag-$n" --network none \
    "$@" dockersec-test:latest sleep 600 >"$T/drun-$n.log" 2>&1 ||
    fail "runtimes-docker-run-$n" "$(tail -2 "$T/drun-$n.log")"
}
drun ro -u 1000 --read-only
drun priv -u 1000:1000 --privileged
drun root
drun hard -u 1000 --cap-drop ALL --security-opt no-new-privileges
# The mounts and environment the converted checks judge, for the comparison of
# the engine's and the runtime state's findings below.
drun mounts -u 1000 -v /run/containerd:/run/containerd:ro -v "$T/data:/data" -v /vol \
  -e API_TOKEN=s3cret
# /proc and /sys unmasked (D04.13) and a host device under another name
# (D04.12), judged alike from the engine and the spec.
drun unmasked -u 1000 --security-opt systempaths=unconfined --device /dev/null:/dev/hostnull:rw
# Drift: the limit changed after start lands in the cgroup, not the bundle.
drun updated -u 1000 --memory 64m --memory-swap 128m --pids-limit 50
DK_TIMEOUT=60 dk update --memory 96m --memory-swap 192m "dockersec-rt-$tag-updated" >/dev/null 2>&1 ||
  fail runtimes-docker-update "docker update --memory failed"

# rq SQL: the CLI with no engine API, csv without header.
rq() {
  DOCKER_HOST=$NOHOST timeout 60 "$DS" query "$1" --format csv 2>&1 | tail -n +2 | tr -d '\r'
}

# ---- the containerd containers -----------------------------------------------------
assert_eq runtimes-web-identity "containerd|k8s.io|web|web-7d9f|prod|8f2e0f43-2c55-4a1e-9d7c-5c1f7c3a9e11|0|running" \
  "$(rq "SELECT runtime, namespace, name, pod_name, pod_namespace, pod_uid, sandbox, state
         FROM containers WHERE id = '$WEB'" | tr , '|')"
assert_eq runtimes-web-settings "1|1|67108864|1|0|0:0|none" \
  "$(rq "SELECT host_network, readonly_rootfs, memory_limit,
                EXISTS (SELECT 1 FROM json_each(cap_bounding) WHERE value = 'CAP_NET_ADMIN') AS net_admin,
                privileged, user, seccomp FROM containers WHERE id = '$WEB'" | tr , '|')"
web_pid=$(ctr_ task ls 2>/dev/null | awk -v id="$WEB" '$1 == id { print $2 }')
assert_eq runtimes-web-pid "$web_pid" "$(rq "SELECT pid FROM containers WHERE id = '$WEB'")"
assert_eq runtimes-web-socket-mount "$T/sockdir|1|bind" \
  "$(rq "SELECT source, read_only, type FROM container_mounts
         WHERE id = '$WEB' AND destination = '/run/host'" | tr , '|')"
assert_eq runtimes-web-env-redacted "<redacted>|1" \
  "$(rq "SELECT value, secret_like FROM container_envs WHERE id = '$WEB' AND key = 'API_TOKEN'" |
    tr , '|')"
assert_eq runtimes-sandbox "1|web-7d9f|0" \
  "$(rq "SELECT sandbox, pod_name, host_network FROM containers WHERE id = '$SANDBOX'" | tr , '|')"
assert_eq runtimes-priv "1|1000:1000|1" \
  "$(rq "SELECT privileged, user, (SELECT count(*) FROM container_devices d
                                   WHERE d.id = c.id AND d.allows_all) AS all_devices
         FROM containers c WHERE id = '$PRIV'" | tr , '|')"
assert_eq runtimes-plain "0|0|0|NULL" \
  "$(rq "SELECT privileged, host_network, readonly_rootfs, coalesce(pod_name, 'NULL')
         FROM containers WHERE id = '$PLAIN'" | tr , '|')"
assert_eq runtimes-web-process-container-id "$WEB" \
  "$(rq "SELECT container_id FROM processes WHERE pid = $web_pid")"
assert_eq runtimes-web-cgroup-memory "67108864" \
  "$(rq "SELECT limit_value FROM cgroup_limits WHERE container_id = '$WEB'
         AND name IN ('memory.limit_in_bytes', 'memory.max')")"
assert_eq runtimes-join-runtime-kernel "web" \
  "$(rq "SELECT c.name FROM containers c JOIN processes p ON p.container_id = c.id
         WHERE p.pid = $web_pid")"
out=$(DOCKER_HOST=$NOHOST timeout 60 "$DS" query "SELECT count(*) FROM containers" 2>&1)
assert_eq runtimes-no-engine-no-error 0 "$?"

# ---- the OWASP pack with no engine API -----------------------------------------
# The per-container checks the runtime state answers read all_containers: the
# containerd container with host networking is reported, naming its pod and
# runtime; the engine-only checks are "skipped: no engine API", not errors.
DOCKER_HOST=$NOHOST timeout 120 "$DS" run packs/owasp-docker-top10 --format json >"$T/pack.json" 2>"$T/pack.err"
rc=$?
assert_eq runtimes-pack-no-engine-exit-findings 1 "$rc"
assert_eq runtimes-pack-no-engine-no-error 0 "$(jq -r .summary.errors "$T/pack.json")"
assert_eq runtimes-pack-host-network-names-pod "containerd|prod/web-7d9f/web" \
  "$(jq -r --arg id "$WEB" '.results[] | select(.check == "D03.10") | .findings[]
      | select(.container_id == $id) | "\(.runtime)|\(.container_name)"' "$T/pack.json")"
assert_eq runtimes-pack-privileged-ctr "prod/web-7d9f/priv" \
  "$(jq -r --arg id "$PRIV" '.results[] | select(.check == "D01.4") | .findings[]
      | select(.container_id == $id) | .container_name' "$T/pack.json")"
assert_eq runtimes-pack-sandbox-not-reported "" \
  "$(jq -r --arg id "$SANDBOX" '.results[].findings[] | select(.container_id == $id) | .container_id' "$T/pack.json")"
# The mount and environment checks read all_container_mounts and
# all_container_envs: the containerd container's own mounts are judged - the
# socket's directory, a writable host path, its secret variable - and the
# runtime's (proc, /dev, /sys, the host's /etc/hosts of --net-host) and the
# pod volume (/cache, an emptyDir under kubelet's pods/<uid>) are not.
CONVERTED='["D01.13","D04.6","D04.8","D04.9","D04.10","D04.12","D04.13","D04.14","D04.16","D04.31",
  "D04.32","D04.33","D06.1","D06.6","D09.2"]'
finding() { # finding CHECK ID [FILE]: runtime|name|destination (or variable) of its findings
  jq -r --arg c "$1" --arg id "$2" '.results[] | select(.check == $c) | .findings[]
      | select(.container_id == $id) | "\(.runtime)|\(.container_name)|\(.destination // .variable)"' \
    "${3:-$T/pack.json}" | sort | paste -sd ';'
}
assert_eq runtimes-pack-converted-run "" \
  "$(jq -r --argjson l "$CONVERTED" '.results[] | select(.check as $c | $l | index($c))
      | select(.status == "skipped" or .status == "error") | .check' "$T/pack.json")"
assert_eq runtimes-pack-socket-dir-ctr "containerd|prod/web-7d9f/web|/run/containerd" "$(finding D01.13 "$WEB")"
assert_eq runtimes-pack-writable-bind-ctr "containerd|prod/web-7d9f/web|/data" "$(finding D09.2 "$WEB")"
assert_eq runtimes-pack-env-secret-ctr "containerd|prod/web-7d9f/web|API_TOKEN" "$(finding D06.1 "$WEB")"
# ctr run without --seccomp: no filter (the privileged one is D01.4's finding);
# containerd's default spec sets noNewPrivileges, so D04.10 has none of them
# (it reports the Docker containers without it from their runtime state: the
# comparison with the engine below).
ctr_ids() { # ctr_ids CHECK: the containerd containers it reports, sorted
  jq -r --arg c "$1" --arg t "$tag" '.results[] | select(.check == $c) | .findings[]
      | select(.runtime == "containerd" and (.container_id | startswith($t))) | .container_id' \
    "$T/pack.json" | sort | paste -sd ' '
}
assert_eq runtimes-pack-seccomp-ctr "$WEB $PLAIN" "$(ctr_ids D04.6)"
assert_eq runtimes-pack-no-new-privileges-ctr "" "$(ctr_ids D04.10)"
# containerd's default spec masks /proc and /sys (maskedPaths, readonlyPaths),
# so D04.13 has none of them (the privileged one's empty lists are D01.4's).
assert_eq runtimes-pack-masked-paths-ctr "" "$(ctr_ids D04.13)"
unmasked_id=$(dk inspect -f '{{.Id}}' "dockersec-rt-$tag-unmasked" 2>/dev/null)
assert_eq runtimes-pack-unmasked-docker-spec "docker|[]|[]|kernel" \
  "$(jq -r --arg id "$unmasked_id" '.results[] | select(.check == "D04.13") | .findings[]
      | select(.container_id == $id) | "\(.runtime)|\(.masked_paths)|\(.readonly_paths)|\(.seen_by)"' \
    "$T/pack.json")"
# The device: from the engine with the host's path; from the spec (no engine)
# the node in the container and the access its cgroup rule grants.
assert_eq runtimes-pack-device-docker-spec "docker|null|/dev/hostnull|rw" \
  "$(jq -r --arg id "$unmasked_id" '.results[] | select(.check == "D04.12") | .findings[]
      | select(.container_id == $id) | "\(.runtime)|\(.path_on_host)|\(.path_in_container)|\(.cgroup_permissions)"' \
    "$T/pack.json")"
assert_eq runtimes-pack-device-ctr "" "$(ctr_ids D04.12)"
# AppArmor and SELinux are judged only where the host uses them: kernel_info
# reads that under the root prefix, and says here what the machine's /sys does.
aa=0
[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] && aa=1
se=0
[ -e /sys/fs/selinux/enforce ] && se=1
assert_eq runtimes-kernel-mac "$aa|$se" "$(rq "SELECT apparmor, selinux FROM kernel_info" | tr , '|')"
# ctr sets no apparmorProfile and no selinuxLabel: unconfined where the host
# has AppArmor / SELinux, not judged where it has not.
want_aa=
[ "$aa" = 1 ] && want_aa="$WEB $PLAIN"
assert_eq runtimes-pack-apparmor-ctr "$want_aa" "$(ctr_ids D04.8)"
want_se=
[ "$se" = 1 ] && want_se="$WEB $PRIV $PLAIN"
assert_eq runtimes-pack-selinux-ctr "$want_se" "$(ctr_ids D04.9)"
assert_eq runtimes-pack-runtime-mounts-not-reported "" \
  "$(jq -r --argjson l "$CONVERTED" --arg w "$WEB" --arg p "$PRIV" --arg d "$PLAIN" '.results[]
      | select(.check as $c | $l | index($c)) | .findings[]
      | select(.container_id == $w or .container_id == $p or .container_id == $d)
      | select(.destination != null and .destination != "/run/containerd" and .destination != "/data")
      | "\(.container_name) \(.destination)"' "$T/pack.json")"
skipped=$(jq -r '[.results[] | select(.status == "skipped")] | length' "$T/pack.json")
assert_eq runtimes-pack-engine-checks-skipped "$skipped" "$(jq -r .summary.skipped "$T/pack.json")"
assert_contains runtimes-pack-skipped-reason "skipped: no engine API" \
  "$(jq -r '.results[] | select(.check == "D10.2") | "\(.status) \(.error)"' "$T/pack.json")"
for fmt in table csv jsonl sarif html; do
  out=$(DOCKER_HOST=$NOHOST timeout 120 "$DS" run packs/owasp-docker-top10 --check D10.2 --check D03.10 \
    --format $fmt 2>&1)
  case $fmt in
  table) want="SKIPPED D10.2" ;; csv) want="D10.2,D10,high,skipped" ;; jsonl) want='"status":"skipped"' ;;
  sarif) want="check D10.2 not run: skipped: no engine API" ;; html) want='data-status="skipped"' ;;
  esac
  assert_contains "runtimes-pack-skipped-$fmt" "$want" "$out"
done
# A Docker container is reported once, from the engine, when one answers:
# no finding twice (a row of the engine's half and the same of the runtime
# state's would be equal), and D01.1's one per container.
checks=$(echo "$CONVERTED" | jq -r '.[] | "--check \(.)"' | paste -sd ' ')
# shellcheck disable=SC2086 # one word per option
timeout 120 "$DS" run packs/owasp-docker-top10 --check D01.1 $checks --format json \
  >"$T/pack-engine.json" 2>/dev/null
assert_eq runtimes-pack-docker-once "" \
  "$(jq -r '.results[] | select(.check == "D01.1") | .findings | group_by(.container_id)[]
      | select(length > 1) | .[0].container_id' "$T/pack-engine.json")"
assert_eq runtimes-pack-docker-once-converted "" \
  "$(jq -r '.results[] | .check as $c | .findings | group_by(tostring)[] | select(length > 1)
      | "\($c) \(.[0].container_name)"' "$T/pack-engine.json")"
# The same Docker containers give the same findings of the converted checks
# from the engine's API and, with none answering, from their runtime state
# (the no-engine run above): the user's mounts and variables, not Docker's
# own /etc/hosts or the anonymous volume.
ours() { # ours FILE: check|id|source|destination of our Docker containers' findings
  jq -r --argjson l "$CONVERTED" --arg p "dockersec-rt-$tag-" '.results[]
      | select(.check as $c | $l | index($c)) | .check as $c | .findings[]
      | select(.container_name | startswith($p))
      | "\($c)|\(.container_id)|\(.source // "")|\(.destination // .variable)"' "$1" | sort
}
mounts_id=$(dk inspect -f '{{.Id}}' "dockersec-rt-$tag-mounts" 2>/dev/null)
assert_eq runtimes-pack-docker-engine-findings \
  "D01.13|$mounts_id|/run/containerd|/run/containerd;D04.10|$mounts_id||null;D06.1|$mounts_id||API_TOKEN;D09.2|$mounts_id|$T/data|/data" \
  "$(ours "$T/pack-engine.json" | grep "|$mounts_id|" | paste -sd ';')"
assert_eq runtimes-pack-device-docker-engine "/dev/null|/dev/hostnull|rw" \
  "$(jq -r --arg id "$unmasked_id" '.results[] | select(.check == "D04.12") | .findings[]
      | select(.container_id == $id) | "\(.path_on_host)|\(.path_in_container)|\(.cgroup_permissions)"' \
    "$T/pack-engine.json")"
assert_eq runtimes-pack-docker-same-without-engine "$(ours "$T/pack-engine.json")" "$(ours "$T/pack.json")"

# ---- Docker's containers agree with docker inspect ------------------------------------
ids=$(dk ps -q --no-trunc --filter "label=dockersec.test=$SUITE")
assert_eq runtimes-docker-running 7 "$(echo "$ids" | grep -c .)"
# With the engine up, its containers are listed_by_engine (all_containers
# skips their bundles unread); the containerd ones are not.
inlist=$(echo "$ids" | sed "s/.*/'&'/" | paste -sd, -)
assert_eq runtimes-listed-by-engine "7|0" \
  "$(timeout 60 "$DS" query "SELECT (SELECT count(*) FROM containers WHERE listed_by_engine = 1
      AND id IN ($inlist)) AS docker,
      (SELECT listed_by_engine FROM containers WHERE id = '$WEB') AS web" \
    --format csv 2>&1 | tail -n +2 | tr -d '\r' | tr , '|')"
for id in $ids; do
  n=$(dk inspect -f '{{.Name}}' "$id" | sed 's|^/||')
  # Config.User "1000" or "1000:1000" or "" (the image's: root here).
  user=$(dk inspect -f '{{.Config.User}}' "$id")
  case "$user" in "") user=0:0 ;; *:*) ;; *) user="$user:$user" ;; esac
  want="docker|$user|$(dk inspect -f '{{if .HostConfig.ReadonlyRootfs}}1{{else}}0{{end}}|{{if .HostConfig.Privileged}}1{{else}}0{{end}}' "$id")|$n"
  assert_eq "runtimes-docker-agrees-$n" "$want" \
    "$(rq "SELECT runtime, user, readonly_rootfs, privileged, name FROM containers
           WHERE id = '$id'" | tr , '|')"
done

# ---- declared vs enforced ------------------------------------------------------------
upd=$(dk inspect -f '{{.Id}}' "dockersec-rt-$tag-updated" 2>/dev/null)
assert_eq runtimes-drift-docker-update "67108864|100663296|1|1" \
  "$(rq "SELECT declared, enforced, drift, looser AS l FROM container_enforcement
         WHERE id = '$upd' AND setting = 'memory_limit'" | tr , '|')"
assert_eq runtimes-drift-pids-unchanged "50|50|0" \
  "$(rq "SELECT declared, enforced, drift FROM container_enforcement
         WHERE id = '$upd' AND setting = 'pids_limit'" | tr , '|')"
assert_eq runtimes-enforced-web "memory_limit|0;readonly_rootfs|0" \
  "$(rq "SELECT setting, drift FROM container_enforcement WHERE id = '$WEB'
         AND setting IN ('memory_limit', 'readonly_rootfs') ORDER BY setting" | tr , '|' | paste -sd ';')"
assert_eq runtimes-no-looser-drift-elsewhere "" \
  "$(rq "SELECT e.id, e.setting FROM container_enforcement e JOIN containers c USING (id)
         WHERE e.looser AND (e.id IN ('$WEB', '$PRIV', '$PLAIN')
                             OR (c.runtime = 'docker' AND c.name LIKE 'dockersec-rt-$tag-%'
                                 AND c.id <> '$upd'))")"
