#!/bin/sh
# Installs the Debian packages dockersec needs to build and test.  Idempotent:
# installs only what is missing.  Run as root (or with sudo).
set -eu
PKGS="build-essential pkg-config sqlite3 libsqlite3-dev libcurl4-openssl-dev libjson-c-dev
libudev-dev libpcre2-dev libssl-dev docker.io busybox-static jq curl clang clang-format python3 valgrind
libfuzzer-14-dev libclang-rt-14-dev hyperfine procps iproute2 util-linux
podman chromium rsyslog nodejs man-db groff-base python3-yaml"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
