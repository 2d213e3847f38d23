#!/bin/sh
# Fleet deployment files: the Kubernetes manifests parse (python3-yaml),
# pass the API's schemas (kubernetes-models from npm: no Debian package
# offers kubeconform/kubeval, and kubectl's dry run needs an API server) and
# the deployment rules (k8s_lint.py); each checker must also reject a broken
# manifest.  The systemd units pass `systemd-analyze verify`.
. tests/lib.sh
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

# --- API schemas (kubernetes-models)
if modules=$(timeout 600 scripts/npm-deps.sh kubernetes-models@5 yaml@2 2>"$tmp/npm.log"); then
  # shellcheck disable=SC2086
  out=$(NODE_PATH="$modules" timeout 60 node tests/fleet/k8s_schema.mjs $MANIFESTS 2>&1)
  rc=$?
  assert_eq fleet-k8s-schema-exit 0 "$rc"
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
