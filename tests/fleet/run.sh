#!/bin/sh
# needs: engine node host-proc
# Fleet deployment files: the Kubernetes manifests parse (python3-yaml),
# pass the API's schemas (kubernetes-models from npm: no Debian package
# offers kubeconform/kubeval, and kubectl's dry run needs an API server) and
# the deployment rules (k8s_lint.py); each checker must also reject a broken
# manifest.  The systemd units pass `systemd-analyze verify`.
. tests/lib/common.sh
tmp=$(mktemp -d /tmp/dockersec-fleet-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
K8S="deploy/kubernetes"
MANIFESTS="$K8S/namespace.yaml $K8S/daemonset.yaml $K8S/cronjob.yaml"

py=""
for p in python3 /usr/bin/python3; do
  "$p" -c 'import yaml' 2>/dev/null && { py=$p; break; }
done
[ -n "$py" ] || fail fleet-python-yaml "no python3 with the yaml module (python3-yaml)"

# --- YAML + deployment rules
# shellcheck disable=SC2086
out=$("$py" tests/fleet/k8s_lint.py $MANIFESTS "$K8S/kustomization.yaml" 2>&1)
rc=$?
assert_eq fleet-k8s-lint-exit 0 "$rc"
assert_not_contains fleet-k8s-lint-clean "error" "$out"
for f in $MANIFESTS; do
  assert_contains "fleet-k8s-lint-$(basename "$f" .yaml)" "ok $f" "$out"
done

# mutate NAME PYTHON-EXPR-ON-d: writes a broken daemonset.yaml; the linter
# must name the problem.
mutate() {
  "$py" - "$K8S/daemonset.yaml" "$tmp/$1.yaml" "$2" <<'PY'
import sys, yaml
src, dst, code = sys.argv[1:]
d = yaml.safe_load(open(src))
c = d["spec"]["template"]["spec"]["containers"][0]
exec(code)
yaml.safe_dump(d, open(dst, "w"))
PY
}
mutate writable-etc 'next(m for m in c["volumeMounts"] if m["name"] == "host-etc").pop("readOnly")'
mutate typo-readonly 'm = next(m for m in c["volumeMounts"] if m["name"] == "engine-socket"); m.pop("readOnly"); m["readonly"] = True'
mutate no-root 'c["env"] = [e for e in c["env"] if e["name"] != "DOCKERSEC_ROOT"]'
mutate privileged 'c["securityContext"]["privileged"] = True'
mutate selector 'd["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] = "other"'
mutate no-sys 'c["volumeMounts"] = [m for m in c["volumeMounts"] if m["name"] != "host-sys"]'
for case in writable-etc:"/etc must be mounted readOnly" typo-readonly:"/var/run/docker.sock must be mounted readOnly" \
  no-root:"DOCKERSEC_ROOT must be /host" privileged:"privileged must be false" \
  selector:"do not match the pod labels" no-sys:"host path /sys is not mounted"; do
  name=${case%%:*}
  out=$("$py" tests/fleet/k8s_lint.py "$tmp/$name.yaml" "$K8S/namespace.yaml" 2>&1)
  rc=$?
  if [ $rc -ne 0 ]; then assert_contains "fleet-k8s-lint-rejects-$name" "${case#*:}" "$out"; else
    fail "fleet-k8s-lint-rejects-$name" "accepted"
  fi
done
printf 'kind: [unclosed\n' >"$tmp/broken.yaml"
out=$("$py" tests/fleet/k8s_lint.py "$tmp/broken.yaml" 2>&1)
assert_contains fleet-k8s-lint-rejects-bad-yaml "error $tmp/broken.yaml: YAML" "$out"

# --- the overlays for nodes with no Docker, rendered as kustomize would
# (kustomize_render.py: no kubectl here) and held to the same rules; each
# keeps what it is for.
OVERLAYS=""
for o in kubernetes kubernetes-containerd kubernetes-cri-o; do
  mkdir -p "$tmp/render/$o"
  if "$py" tests/fleet/kustomize_render.py "deploy/$o" "$tmp/render/$o" >/dev/null 2>"$tmp/render.err"; then
    out=$("$py" tests/fleet/k8s_lint.py "$tmp/render/$o"/*.yaml 2>&1)
    assert_eq "fleet-overlay-$o-lint" "" "$(echo "$out" | grep -v '^ok ')"
    OVERLAYS="$OVERLAYS $tmp/render/$o/daemonset-dockersec.yaml $tmp/render/$o/cronjob-dockersec-audit.yaml"
  else
    fail "fleet-overlay-$o-render" "$(cat "$tmp/render.err")"
  fi
done
ds_of() { cat "$tmp/render/$1/daemonset-dockersec.yaml" 2>/dev/null; }
assert_not_contains fleet-overlay-containerd-no-socket-mount "/var/run/docker.sock" "$(ds_of kubernetes-containerd)"
assert_contains fleet-overlay-containerd-engine-via-run "unix:///host/run/docker.sock" "$(ds_of kubernetes-containerd)"
assert_contains fleet-overlay-cri-o-storage "/host/var/lib/containers" "$(ds_of kubernetes-cri-o)"
assert_contains fleet-overlay-image-tag "registry.example.org/security/dockersec:latest" "$(ds_of kubernetes-cri-o)"
# A patch deleting what is not there is an error, not a silent no-op.
mkdir -p "$tmp/bad-overlay"
printf 'resources: [%s]\npatches:\n  - path: p.yaml\n    target: {kind: DaemonSet}\n' \
  "$PWD/deploy/kubernetes" >"$tmp/bad-overlay/kustomization.yaml"
printf 'kind: DaemonSet\nspec: {template: {spec: {volumes: [{name: nope, $patch: delete}]}}}\n' \
  >"$tmp/bad-overlay/p.yaml"
out=$("$py" tests/fleet/kustomize_render.py "$tmp/bad-overlay" "$tmp/bad-overlay" 2>&1)
assert_contains fleet-overlay-render-rejects-bad-delete "nope" "$out"

# --- API schemas (kubernetes-models)
if modules=$(timeout 600 scripts/npm-deps.sh kubernetes-models@5 yaml@2 2>"$tmp/npm.log"); then
  # shellcheck disable=SC2086
  out=$(NODE_PATH="$modules" timeout 60 node tests/fleet/k8s_schema.mjs $MANIFESTS 2>&1)
  rc=$?
  assert_eq fleet-k8s-schema-exit 0 "$rc"
  # shellcheck disable=SC2086
  out2=$(NODE_PATH="$modules" timeout 60 node tests/fleet/k8s_schema.mjs $OVERLAYS 2>&1)
  assert_eq fleet-overlays-schema "0|" "$?|$(echo "$out2" | grep -v '^valid ')"
  for k in "Namespace dockersec" "ServiceAccount dockersec" "DaemonSet dockersec" "CronJob dockersec-audit"; do
    assert_contains "fleet-k8s-schema-$(echo "$k" | tr ' ' -)" "valid" "$(echo "$out" | grep " $k\$")"
  done
  mutate bad-type 'c["resources"]["limits"]["cpu"] = {"x": 1}; c["ports"] = [{"containerPort": "http"}]'
  mutate no-mountpath 'c["volumeMounts"][0].pop("mountPath")'
  for name in bad-type no-mountpath; do
    out=$(NODE_PATH="$modules" timeout 60 node tests/fleet/k8s_schema.mjs "$tmp/$name.yaml" 2>&1)
    assert_contains "fleet-k8s-schema-rejects-$name" "invalid $tmp/$name.yaml DaemonSet" "$out"
  done
else
  fail fleet-k8s-schema-modules "scripts/npm-deps.sh kubernetes-models@5 yaml@2: $(tail -3 "$tmp/npm.log")"
fi

# --- systemd units: `systemd-analyze verify` (unknown keys, bad values, the
# ExecStart binary and the man page in Documentation= must exist: the units
# are pointed at an install in a temporary DESTDIR).
san=""
case "$BUILD" in *asan*) san="SANITIZE=1" ;; esac
# shellcheck disable=SC2086
if timeout 300 make -s install BUILD="$BUILD" $san DESTDIR="$tmp/dest" >"$tmp/install.log" 2>&1; then
  mkdir -p "$tmp/units"
  sed "s|/usr/local/bin/dockersec|$tmp/dest/usr/local/bin/dockersec|" deploy/systemd/dockersec.service \
    >"$tmp/units/dockersec.service"
  cp deploy/systemd/dockersec.timer "$tmp/units/"
  out=$(cd "$tmp/units" && MANPATH="$tmp/dest/usr/local/share/man:" timeout 60 \
    systemd-analyze verify ./dockersec.service ./dockersec.timer 2>&1)
  assert_eq fleet-systemd-verify "" "$out"
  printf '[Service]\nProtectSytem=strict\n' >>"$tmp/units/dockersec.service"
  out=$(cd "$tmp/units" && MANPATH="$tmp/dest/usr/local/share/man:" timeout 60 \
    systemd-analyze verify ./dockersec.service 2>&1)
  assert_contains fleet-systemd-verify-rejects-typo "Unknown key 'ProtectSytem'" "$out"
else
  fail fleet-systemd-install "$(tail -3 "$tmp/install.log")"
fi

# --- the manifests' containers, run on the local engine as a kubelet would:
# an image built by deploy/build-image.sh, the pod spec turned into `docker
# run` arguments (pod_to_docker.py: host mounts read-only, env, security
# context, limits, command).  Containers are labelled dockersec.test=fleet.
IMG="dockersec-fleet-test:$$"
FLEET_LABEL="fleet-$$"
fleet_cleanup() {
  ids=$(timeout 30 docker ps -aq --filter label=dockersec.test=$FLEET_LABEL 2>/dev/null)
  # shellcheck disable=SC2086
  [ -n "$ids" ] && timeout 60 docker rm -f $ids >/dev/null 2>&1
  timeout 60 docker rmi "$IMG" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap fleet_cleanup EXIT
if BUILD="$BUILD" timeout 300 deploy/build-image.sh "$IMG" >"$tmp/image.log" 2>&1; then
  pass fleet-image-built
else
  fail fleet-image-built "$(tail -3 "$tmp/image.log")"
fi
# A sanitizer build needs far more memory than the manifests' limits.
case "$BUILD" in *asan*) asan_env="--set-env ASAN_OPTIONS=detect_leaks=0 --ignore-limits" ;; *) asan_env="" ;; esac
podargs() { # podargs MANIFEST [pod_to_docker options...] [-- COMMAND...]
  m=$1
  shift
  # shellcheck disable=SC2086
  "$py" tests/fleet/pod_to_docker.py "$m" --image "$IMG" --host-dir /var/lib/dockersec="$tmp/state" $asan_env "$@"
}
# podrun ARGSFILE RCFILE DOCKER-OPTIONS...: docker run with the pod's
# arguments; the exit status goes to RCFILE (xargs would fold it into 123).
podrun() {
  a=$1
  r=$2
  shift 2
  xargs -0 sh -c 'r=$1; shift; timeout 300 docker run "$@"; echo $? >"$r"' sh "$r" "$@" <"$a"
}
mkdir -p "$tmp/state"
hostid=$(cat /etc/hostname)

# The CronJob's container, with a query instead of the pack: the host's
# processes are visible through /host/proc (the container's own /proc would
# show none of dockerd's).
podargs "$K8S/cronjob.yaml" -- dockersec query "SELECT count(*) AS n FROM processes WHERE name = 'dockerd'" --format csv >"$tmp/q.args"
out=$(podrun "$tmp/q.args" "$tmp/q.rc" --rm --label "dockersec.test=$FLEET_LABEL" 2>&1)
assert_eq fleet-pod-sees-host-processes "n 1" "$(printf '%s' "$out" | tr -d '\r' | tr '\n' ' ' | sed 's/ $//')"
# The CronJob as written: one JSON report of every check, exit 0/1.
podargs "$K8S/cronjob.yaml" >"$tmp/cron.args"
podrun "$tmp/cron.args" "$tmp/cron.rc" --rm --label "dockersec.test=$FLEET_LABEL" >"$tmp/cron.out" 2>"$tmp/cron.err"
rc=$(cat "$tmp/cron.rc")
[ $rc -le 1 ] && pass fleet-cronjob-exit || fail fleet-cronjob-exit "exit $rc: $(tail -3 "$tmp/cron.err")"
assert_eq fleet-cronjob-all-checks "$("$DS" run packs/owasp-docker-top10 --list | wc -l)" \
  "$(jq '.results | length' "$tmp/cron.out" 2>&1)"
assert_eq fleet-cronjob-no-errors 0 "$(jq '.summary.errors' "$tmp/cron.out" 2>&1)"
assert_eq fleet-cronjob-host "$hostid" "$(jq -r '.host' "$tmp/cron.out" 2>&1)"

# The DaemonSet as written (interval shortened): differential lines on
# stdout, state kept in the one writable host directory.
podargs "$K8S/daemonset.yaml" --set-env DOCKERSEC_INTERVAL=2 >"$tmp/ds.args"
podrun "$tmp/ds.args" "$tmp/ds.rc" -d --name dockersec-fleet-ds-$$ --label "dockersec.test=$FLEET_LABEL" \
  >/dev/null 2>"$tmp/ds.err"
assert_eq fleet-daemonset-start 0 "$(cat "$tmp/ds.rc")"
# Until the loop has run twice (the pod is CPU-limited: give it 60 s).
i=0
while [ "$(sqlite3 "$tmp/state/state.db" 'SELECT max(counter) FROM queries' 2>/dev/null || echo 0)" != 1 ] &&
  [ "$(sqlite3 "$tmp/state/state.db" 'SELECT max(counter) > 1 FROM queries' 2>/dev/null || echo 0)" != 1 ] &&
  [ $i -lt 300 ]; do
  sleep 0.2
  i=$((i + 1))
done
timeout 30 docker logs dockersec-fleet-ds-$$ >"$tmp/ds.out" 2>"$tmp/ds.log"
assert_eq fleet-daemonset-running true "$(timeout 30 docker inspect -f '{{.State.Running}}' dockersec-fleet-ds-$$ 2>&1)"
added=$(grep -c '"action":"added"' "$tmp/ds.out")
[ "$added" -gt 0 ] && pass fleet-daemonset-added-lines || fail fleet-daemonset-added-lines "stdout: $(head -c 300 "$tmp/ds.out") stderr: $(tail -3 "$tmp/ds.log")"
assert_eq fleet-daemonset-host-identifier "$hostid" "$(jq -r .hostIdentifier "$tmp/ds.out" | sort -u)"
assert_eq fleet-daemonset-first-counter 0 "$(jq -r 'select(.action == "added") | .counter' "$tmp/ds.out" | sort -n | head -1)"
[ "$(sqlite3 "$tmp/state/state.db" 'SELECT max(counter) FROM queries' 2>&1)" -ge 1 ] 2>/dev/null &&
  pass fleet-daemonset-loops || fail fleet-daemonset-loops "counter $(sqlite3 "$tmp/state/state.db" 'SELECT max(counter) FROM queries' 2>&1)"
assert_eq fleet-daemonset-no-errors "" "$(grep -v '^$' "$tmp/ds.log")"
