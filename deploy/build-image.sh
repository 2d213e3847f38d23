#!/bin/sh
# deploy/build-image.sh [IMAGE] - builds the dockersec container image used
# by deploy/kubernetes/ from this tree, without any base image or registry:
# `make install` into a staging root, the shared libraries the binary links
# (as ldd resolves them on this build host), busybox for the DaemonSet's
# loop, the CA bundle for https:// log receivers, then `docker import`.
#   deploy/build-image.sh dockersec:latest && docker push ...
# Build on the distribution (and architecture) the image should match.
set -eu
IMAGE="${1:-dockersec:latest}"
BUILD="${BUILD:-build}"
cd "$(dirname "$0")/.."
root=$(mktemp -d /tmp/dockersec-image-XXXXXX)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"
make -s all BUILD="$BUILD" >/dev/null
make -s install BUILD="$BUILD" PREFIX=/usr/local DESTDIR="$root" >/dev/null
bin="$root/usr/local/bin/dockersec"
# Every shared library and the dynamic loader, at the paths ldd reports.
ldd "$bin" | awk '/=> \// {print $3} /^\t\// {print $1}' | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# /lib64 and friends are symlinks on merged-/usr systems: keep them so.
for l in /lib /lib64 /bin /sbin; do
  if [ -L "$l" ] && [ ! -e "$root$l" ]; then ln -s "$(readlink "$l")" "$root$l"; fi
done
mkdir -p "$root/usr/bin" "$root/tmp" "$root/etc/ssl/certs" "$root/var/lib/dockersec" "$root/host"
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/usr/bin/busybox"
for applet in sh sleep cat env; do ln -s busybox "$root/usr/bin/$applet"; done
[ -r /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENTRYPOINT ["/usr/local/bin/dockersec"]' \
  --change 'CMD ["run", "owasp-docker-top10"]' \
  --change "LABEL org.opencontainers.image.title=dockersec org.opencontainers.image.version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)" \
  - "$IMAGE" >/dev/null
echo "$IMAGE"
