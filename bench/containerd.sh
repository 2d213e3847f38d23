#!/bin/sh
# bench/containerd.sh OUT DS FLOOR N RUNS [COMPARE] - the containerd-only node level of
# bench/run.sh.  Run by bench/run.sh under `unshare -m --propagation private`:
# in this private mount namespace a fresh directory is bind-mounted over
# /run/containerd (containerd's state: the shim bundles dockersec reads) and an
# empty one over /run/docker (so Docker's own shims, on this shared machine,
# are not seen), a private containerd is started on its own socket, the test
# image is imported into namespace k8s.io, and N containers are run with
# `ctr run -d` (4 at a time) carrying the CRI annotations and a mix of
# settings (read-only rootfs with an added capability and a memory limit, a
# read-only host bind mount, host network, privileged as uid 1000, defaults).
# Nothing answers the Docker API: DOCKER_HOST=unix:///nonexistent.
#
# Measures, into OUT/ctr.*: `floor bundles` (every config.json + init.pid)
# and `dockersec run` of the pack - only when the build has the runtime-state
# `containers` table; otherwise OUT/ctr.note says so.  Everything started here
# is stopped here (trap EXIT), bounded by time-outs.
set -u
OUT=$1 DS=$2 FLOOR=$3 N=$4 RUNS=$5 COMPARE=${6:-}
PACK=packs/owasp-docker-top10
say() { echo "bench(containerd): $*" >&2; }
T=$(mktemp -d /tmp/dockersec-bench-ctr.XXXXXX)
SOCK="$T/containerd.sock"
CTD_PID=
tag=$(printf '%08x' $$)
ctr_() { timeout 120 ctr -a "$SOCK" -n k8s.io "$@"; }
cid() { printf '%s%056x' "$tag" "$1"; }

cleanup() {
  if [ -n "$CTD_PID" ]; then
    say "removing the $N containers"
    seq 0 $((N - 1)) | while read -r i; do cid "$i"; echo; done >"$T/ids"
    xargs -P 4 -I{} sh -c "timeout 60 ctr -a '$SOCK' -n k8s.io task kill -s KILL {} >/dev/null 2>&1" <"$T/ids"
    xargs -P 4 -I{} sh -c "timeout 60 ctr -a '$SOCK' -n k8s.io task rm -f {} >/dev/null 2>&1;
      timeout 60 ctr -a '$SOCK' -n k8s.io container rm {} >/dev/null 2>&1" <"$T/ids"
    kill "$CTD_PID" 2>/dev/null
    i=0
    while [ $i -lt 40 ] && kill -0 "$CTD_PID" 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
    kill -9 "$CTD_PID" 2>/dev/null
  fi
  awk -v t="$T" 'index($2, t) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null; done
  umount -l /run/containerd 2>/dev/null
  umount -l /run/docker 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

mkdir -p "$T/state" "$T/root" "$T/empty" "$T/hostdir" /run/containerd
mount --bind "$T/state" /run/containerd || { echo "cannot bind-mount /run/containerd" >"$OUT/ctr.note"; exit 1; }
[ -d /run/docker ] && mount --bind "$T/empty" /run/docker
cat >"$T/config.toml" <<EOC
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
EOC
containerd --config "$T/config.toml" >"$T/containerd.log" 2>&1 &
CTD_PID=$!
i=0
until ctr_ version >/dev/null 2>&1; do
  i=$((i + 1))
  if [ $i -gt 60 ] || ! kill -0 "$CTD_PID" 2>/dev/null; then
    echo "containerd did not start: $(tail -2 "$T/containerd.log")" >"$OUT/ctr.note"
    exit 1
  fi
  sleep 0.5
done
printf 'FROM dockersec-test:latest\nUSER 1000:1000\n' |
  timeout 120 docker build -q -t dockersec-test:u1000 - >/dev/null 2>&1
timeout 180 docker save dockersec-test:latest dockersec-test:u1000 -o "$T/img.tar" &&
  ctr_ images import "$T/img.tar" >/dev/null 2>&1 ||
  { echo "cannot import the test image into containerd" >"$OUT/ctr.note"; exit 1; }
rm -f "$T/img.tar"

# ---- N containers, 4 at a time --------------------------------------------------
cat >"$T/one.sh" <<EOS
#!/bin/sh
i=\$1
id=\$(printf '%s%056x' "$tag" "\$i")
img=docker.io/library/dockersec-test:latest
case \$((i % 5)) in
0) opts="" ;;
1) opts="--read-only --cap-add CAP_NET_ADMIN --memory-limit 67108864" ;;
2) opts="--mount type=bind,src=$T/hostdir,dst=/run/host,options=rbind:ro --env API_TOKEN=s3cret" ;;
3) opts="--net-host" ;;
4) opts="--privileged"; img=docker.io/library/dockersec-test:u1000 ;;
esac
timeout 120 ctr -a "$SOCK" -n k8s.io run -d \\
  --annotation io.kubernetes.cri.container-type=container \\
  --annotation io.kubernetes.cri.container-name=c\$i \\
  --annotation io.kubernetes.cri.sandbox-name=bench-\$((i / 4)) \\
  --annotation io.kubernetes.cri.sandbox-namespace=bench \\
  --label io.kubernetes.cri.container-type=container \\
  \$opts "\$img" "\$id" sleep 3600 >/dev/null 2>&1 || echo "cannot run \$i" >&2
EOS
chmod +x "$T/one.sh"
say "running $N containers in namespace k8s.io"
seq 0 $((N - 1)) | xargs -P 4 -n 1 "$T/one.sh"
TASKS=/run/containerd/io.containerd.runtime.v2.task
running=$(ctr_ task ls 2>/dev/null | grep -c RUNNING)
echo "$running" >"$OUT/ctr.running"
say "$running tasks running"

export DOCKER_HOST=unix:///nonexistent
set -- -n floor-bundles "/usr/bin/time -a -o $OUT/ctr.time -f 'floor-bundles %e %U %S %M' $FLOOR bundles $TASKS"
if "$DS" tables | grep -qx containers; then
  set -- "$@" -n pack "/usr/bin/time -a -o $OUT/ctr.time -f 'pack %e %U %S %M' sh -c '$DS run $PACK >/dev/null 2>&1; test \$? -le 1'"
  timeout 300 "$DS" run --stats "$PACK" 2>&1 >/dev/null | grep '^dockersec-stats' >"$OUT/ctr.stats"
  "$DS" query "SELECT count(*) FROM containers WHERE namespace = 'k8s.io'" --format csv 2>&1 |
    tail -1 >"$OUT/ctr.rows"
else
  echo "not available in this build (no \`containers\` table: it comes with the runtimes issue, 13)" >"$OUT/ctr.note"
fi
if [ -n "$COMPARE" ] && "$COMPARE/build/dockersec" tables | grep -qx containers; then
  set -- "$@" -n pack-compare "/usr/bin/time -a -o $OUT/ctr.time -f 'pack-compare %e %U %S %M' sh -c 'cd $COMPARE && build/dockersec run $PACK >/dev/null 2>&1; test \$? -le 1'"
  (cd "$COMPARE" && timeout 300 build/dockersec run --stats "$PACK" 2>&1 >/dev/null) |
    grep '^dockersec-stats requests' | sed 's/^dockersec-stats/pack-compare/' >>"$OUT/ctr.stats"
  (cd "$COMPARE" && build/dockersec query "SELECT count(*) FROM containers WHERE namespace = 'k8s.io'" --format csv 2>&1) |
    tail -1 >"$OUT/ctr.rows"
fi
"$FLOOR" bundles "$TASKS" 2>"$OUT/ctr.floor"
: >"$OUT/ctr.time"
timeout 600 hyperfine --style basic -i --runs "$RUNS" --warmup 1 --export-json "$OUT/ctr.json" "$@" \
  >"$OUT/ctr.hyperfine" 2>&1 || say "hyperfine failed: $(tail -3 "$OUT/ctr.hyperfine")"
