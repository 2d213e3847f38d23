# tests/operator/self.sh - sourced by run.sh: dockersec run *inside* a
# container, as a DaemonSet or `docker run` would, recognises that container
# as its own and reports it marked, not skipped.  No DOCKERSEC_SELF_ID: the
# id comes from /proc/self/cgroup (cgroup v1, or v2 with the host's cgroup
# namespace) and, with a private cgroup namespace (the cgroup path is then
# "/"), from /proc/self/mountinfo (the container's /etc/hostname source).
#
# The test image is busybox only: the built CLI, the packs and this machine's
# /usr (the CLI's shared libraries; /lib and /lib64 are /usr's here) are
# bind-mounted read-only, with the engine's socket.  That needs the engine to
# share this machine's file system (host-proc), and a unix socket.
. tests/lib/needs.sh
self_run() { # self_run NAME [docker run options]: the report (jsonl) in $TMP/NAME.jsonl
  name=$1
  shift
  build_dir=$(cd "$BUILD" && pwd)
  DK_TIMEOUT=300 dk run --rm --label "$LABEL" --name "$name" "$@" \
    -v "$ENGINE_SOCK:/var/run/docker.sock" -v "$build_dir:/opt/dockersec:ro" \
    -v "$PWD/packs:/opt/packs:ro" -v /usr:/usr:ro -v /usr/lib:/lib:ro -v /usr/lib64:/lib64:ro \
    -e LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu:/usr/lib64 -e DOCKER_HOST=unix:///var/run/docker.sock \
    "$IMAGE_ID" /opt/dockersec/dockersec run /opt/packs/owasp-docker-top10 \
    --container "$name" --container op14-ci --format jsonl --fail-on none \
    >"$TMP/$name.jsonl" 2>"$TMP/$name.err"
}
# "container check self" lines of a report
self_rows() {
  jq -r 'select(.container_name != null) | "\(.container_name) \(.check) \(.dockersec_self // false)"' \
    "$TMP/$1.jsonl" | sort
}

ENGINE_SOCK=${ENGINE_HOST#unix://}
if [ "$ENGINE_SOCK" = "$ENGINE_HOST" ] || ! need_check host-proc >/dev/null 2>&1 ||
  [ ! -d /usr/lib64 ] || [ ! -d /usr/lib/x86_64-linux-gnu ]; then
  skip self-in-container "the engine does not share this machine's file system, or no x86_64 /usr"
else
  for mode in host private; do
    name=op14-self-$mode
    self_run "$name" --cgroupns "$mode"
    assert_eq "self-$mode-run" "" "$(cat "$TMP/$name.err")"
    rows=$(self_rows "$name")
    # reported (the socket, root...), every row marked; op14-ci beside it is not
    assert_contains "self-$mode-reported" "$name D01.13 true" "$rows"
    assert_eq "self-$mode-all-marked" "" "$(echo "$rows" | grep "^$name " | grep -v ' true$')"
    assert_contains "self-$mode-other-listed" "op14-ci D01.13 false" "$rows"
    assert_eq "self-$mode-other-unmarked" "" "$(echo "$rows" | grep '^op14-ci ' | grep -v ' false$')"
  done
fi
