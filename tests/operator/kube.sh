# tests/operator/kube.sh - sourced by run.sh: waivers and scope on Kubernetes
# containers that only the runtime state knows (containerd/k3s, CRI-O), read
# from the fixture trees of tests/fixtures/runtimes with no engine answering
# (all_containers names them namespace/pod/container).  No container is made.
#   k3s:                prod/web-7d9f/web (nginx, CRI annotations) and a
#                       container without annotations (a2a2a2a2a2a2)
#   containers-storage: CRI-O's payments/api-5f6d/api and three Podman ones
kube_run() { # kube_run TREE ARGS...: "container check waiver-reason" lines
  tree=$1
  shift
  DOCKERSEC_ROOT="tests/fixtures/runtimes/$tree" DOCKER_HOST=unix:///nonexistent \
    timeout 120 "$DS" run "$PACK" --format jsonl --fail-on none "$@" 2>/dev/null |
    jq -r 'select(.container_name != null)
           | "\(.container_name) \(.check) \(.waiver.reason // .expired_waiver.reason // "-")"' |
    sort
}
kube_names() { kube_run "$@" | awk '{ print $1 }' | sort -u | paste -sd' ' -; }

assert_eq kube-all "a2a2a2a2a2a2 prod/web-7d9f/web" "$(kube_names k3s)"
assert_eq kube-scope-pod-path "prod/web-7d9f/web" "$(kube_names k3s --container 'prod/*')"
assert_eq kube-scope-own-name "prod/web-7d9f/web" "$(kube_names k3s --container web)"
assert_eq kube-scope-exclude-pod "a2a2a2a2a2a2" "$(kube_names k3s --exclude-container 'prod/web-*/*')"
assert_eq kube-scope-image "prod/web-7d9f/web" "$(kube_names k3s --image 'docker.io/library/nginx:*')"
assert_eq kube-scope-namespace "prod/web-7d9f/web" "$(kube_names k3s --pod-namespace prod)"
assert_eq kube-scope-namespace-glob "prod/web-7d9f/web" "$(kube_names k3s --pod-namespace 'pr*')"
assert_eq kube-scope-namespace-none "" "$(kube_names k3s --pod-namespace kube-system)"
assert_eq kube-scope-crio-namespace "payments/api-5f6d/api" \
  "$(kube_names containers-storage --pod-namespace payments)"
assert_eq kube-scope-crio-exclude "e1e1e1e1e1e1 i13p old-job" \
  "$(kube_names containers-storage --exclude-container 'payments/*')"
# scope keeps the host-level findings
assert_contains kube-scope-host-kept "D10.8" \
  "$(DOCKERSEC_ROOT=tests/fixtures/runtimes/k3s DOCKER_HOST=unix:///nonexistent timeout 120 \
      "$DS" run "$PACK" --pod-namespace prod --format jsonl --fail-on none 2>/dev/null |
      jq -r 'select(.container_name == null and .status == "fail") | .check')"

cat >"$TMP/kube-waivers" <<'W'
D04     prod/web-*/web                -- the CNI plugin needs NET_ADMIN
D01.1   web  image=docker.io/library/nginx:*  -- nginx starts as root, drops to nginx
D07     payments/api-*/api  expires=2020-01-01  -- limits came with the chart
D03     prod/web-7d9f/other           -- no such container
W
KW="--waivers $TMP/kube-waivers"
# The D04 waiver covers every D04 finding of web the runtime state gives:
# no seccomp (D04.6), no AppArmor/SELinux label on a fixture host that has
# both (D04.8/9), its process without no_new_privs in /proc (D04.10),
# /dev/fuse (D04.12), NET_ADMIN (D04.2).
W4="the CNI plugin needs NET_ADMIN"
assert_eq kube-waivers-k3s "prod/web-7d9f/web D01.1 nginx starts as root, drops to nginx|prod/web-7d9f/web D04.10 $W4|prod/web-7d9f/web D04.12 $W4|prod/web-7d9f/web D04.2 $W4|prod/web-7d9f/web D04.6 $W4|prod/web-7d9f/web D04.8 $W4|prod/web-7d9f/web D04.9 $W4" \
  "$(kube_run k3s $KW | grep -v ' -$' | paste -sd'|' -)"
assert_eq kube-waivers-k3s-open "prod/web-7d9f/web D03.10 -|prod/web-7d9f/web D06.1 -|prod/web-7d9f/web D07.4 -" \
  "$(kube_run k3s $KW | grep '^prod/' | grep ' -$' | paste -sd'|' -)"
assert_eq kube-waivers-k3s-summary "7 waived" \
  "$(DOCKERSEC_ROOT=tests/fixtures/runtimes/k3s DOCKER_HOST=unix:///nonexistent timeout 120 \
      "$DS" run "$PACK" $KW --format json --fail-on none 2>/dev/null | jq -r '"\(.summary.waived) waived"')"
# CRI-O's pod, by its pod path; the waiver has expired: listed, not waiving
DOCKERSEC_ROOT=tests/fixtures/runtimes/containers-storage DOCKER_HOST=unix:///nonexistent \
  timeout 120 "$DS" run "$PACK" $KW --format json --fail-on none >"$TMP/kube-crio.json" 2>/dev/null
assert_eq kube-waivers-crio-expired "3" "$(jq -r '.waivers.expired[].line' "$TMP/kube-crio.json")"
assert_eq kube-waivers-crio-not-waived 0 "$(jq '.summary.waived' "$TMP/kube-crio.json")"
assert_eq kube-waivers-crio-matched 3 \
  "$(jq '[.results[].findings[] | select(.expired_waiver)] | length' "$TMP/kube-crio.json")"
assert_eq kube-waivers-stale "4" \
  "$(DOCKERSEC_ROOT=tests/fixtures/runtimes/k3s DOCKER_HOST=unix:///nonexistent timeout 120 \
      "$DS" run "$PACK" $KW --format json --fail-on none 2>/dev/null |
      jq -r '[.waivers.stale[].line | tostring] | join(" ")')"
