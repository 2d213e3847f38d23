#!/bin/sh
# scripts/deps.sh [audit|test|bench] - installs the Debian packages a target
# needs, only those missing.  Run as root (or with sudo).  Idempotent.
#
#   audit  (make audit) building and running the audit: a C compiler, make,
#          pkg-config, the libraries (sqlite3, curl, json-c, udev, pcre2 for
#          regex_match, libcrypto for the hash functions), the sqlite3 shell, curl (to ask
#          the engine's socket) - and docker.io only when no engine answers
#          on DOCKER_HOST (default /var/run/docker.sock).
#   test   (make test, make check; the default) the audit's list plus
#          everything a suite runs: the engine and test image, jq, clang and
#          libFuzzer, valgrind, Podman, Chromium, rsyslog, openssl, Node.js
#          and npm, man/groff, python3-yaml, containerd.
#   bench  (make bench) the test list plus hyperfine and GNU time (peak RSS).
set -eu
AUDIT="gcc libc6-dev make pkg-config sqlite3 libsqlite3-dev libcurl4-openssl-dev libjson-c-dev
libudev-dev libpcre2-dev libssl-dev curl"
TEST="$AUDIT docker.io containerd busybox-static jq clang clang-format python3 python3-yaml
valgrind libfuzzer-14-dev libclang-rt-14-dev procps iproute2 util-linux podman chromium rsyslog
openssl nodejs man-db groff-base git ca-certificates"
# install PKG...: apt-get install of those not installed yet.
install() {
  missing=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "deps: installing:$missing" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
}
# engine_answers: an engine answers on DOCKER_HOST's unix socket (default
# /var/run/docker.sock); a remote DOCKER_HOST (tcp://) counts as answering:
# it is the user's, and no local engine would serve it.
engine_answers() {
  sock="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  case "$sock" in unix://*) ;; *) return 0 ;; esac
  curl -s --max-time 5 --unix-socket "${sock#unix://}" http://localhost/_ping 2>/dev/null | grep -q OK
}
case "${1:-test}" in
audit)
  # shellcheck disable=SC2086
  install $AUDIT
  # Then an engine, only when none answers (curl, installed above, asks).
  command -v dockerd >/dev/null 2>&1 || engine_answers || install docker.io
  ;;
test | bench)
  PKGS=$TEST
  [ "${1:-test}" = bench ] && PKGS="$PKGS hyperfine time"
  # npm: Debian's nodejs does not include it.  Only when no npm is on PATH:
  # a Node.js from elsewhere (e.g. NodeSource's nodejs package) brings its
  # own npm and conflicts with Debian's npm package.
  command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
  # shellcheck disable=SC2086
  install $PKGS
  ;;
*)
  echo "usage: scripts/deps.sh [audit|test|bench]" >&2
  exit 2
  ;;
esac
