#!/bin/sh
# Builds the local test image (no registry is reachable): a rootfs holding
# Debian's busybox-static, imported with `docker import`.  Idempotent.
#   scripts/test-image.sh [IMAGE]   (default dockersec-test:latest)
set -eu
IMAGE="${1:-dockersec-test:latest}"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then exit 0; fi
BB=/bin/busybox
[ -x "$BB" ] || { echo "busybox-static missing (run scripts/deps.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/etc" "$tmp/tmp" "$tmp/proc" "$tmp/sys" "$tmp/dev"
cp "$BB" "$tmp/bin/busybox"
for applet in sh ash sleep id cat ps ls echo true false env wget nc grep; do
  ln -s busybox "$tmp/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\napp:x:1000:1000:app:/:/bin/sh\n' >"$tmp/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\napp:x:1000:\n' >"$tmp/etc/group"
tar -C "$tmp" -c . | docker import \
  --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' \
  --change 'LABEL org.opencontainers.image.source=dockersec-tests' - "$IMAGE" >/dev/null
