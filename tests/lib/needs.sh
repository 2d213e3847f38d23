# tests/lib/needs.sh - what a suite may declare it needs, and how
# tests/run.sh finds out whether this machine has it (tests/README.md).
#
# A suite declares its needs in its header, one line:
#   # needs: engine podman node root host-proc slow
# (no line, or "# needs: none": runs anywhere the build runs).
#
#   need_check WORD   status 0 when the need is met here; otherwise prints
#                     the reason on stdout and returns 1
#   suite_needs FILE  the words of FILE's "# needs:" line
#
# Installed tools (valgrind, clang, jq, chromium, rsyslog, openssl...) are not
# needs: `scripts/deps.sh test` installs them, and a suite that misses one
# fails, naming it.

NEEDS_WORDS="engine podman node root host-proc slow"

suite_needs() {
  sed -n 's/^# needs: *//p' "$1" | head -1 | sed 's/\<none\>//'
}

# The engine's address (the suites' default too).
_needs_sock() {
  _s="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  case "$_s" in unix://*) echo "${_s#unix://}" ;; *) echo "" ;; esac
}

need_check() {
  case $1 in
  engine)
    # A Docker engine answers on DOCKER_HOST (default /var/run/docker.sock).
    _s=$(_needs_sock)
    if [ -z "$_s" ]; then
      timeout 15 docker version >/dev/null 2>&1 && return 0
      echo "no Docker engine answers on $DOCKER_HOST"
      return 1
    fi
    if curl -s --max-time 5 --unix-socket "$_s" http://localhost/_ping 2>/dev/null | grep -q OK; then
      return 0
    fi
    echo "no Docker engine answers on unix://$_s"
    return 1
    ;;
  podman)
    # Podman installed and able to make a container here: it needs a mount
    # namespace of its own, which an unprivileged container cannot create.
    if ! command -v podman >/dev/null 2>&1; then
      echo "podman is not installed (scripts/deps.sh test)"
      return 1
    fi
    if ! timeout 10 unshare --mount --fork true 2>/dev/null; then
      echo "podman cannot run containers here (no mount namespace: an unprivileged container?)"
      return 1
    fi
    ;;
  node)
    # Node.js and npm (the npm modules come from the registry, cached by
    # scripts/npm-deps.sh).
    for _t in node npm; do
      command -v $_t >/dev/null 2>&1 || { echo "$_t is not installed (scripts/deps.sh test)"; return 1; }
    done
    ;;
  root)
    [ "$(id -u)" -eq 0 ] || { echo "needs root (uid 0), running as uid $(id -u)"; return 1; }
    ;;
  host-proc)
    # This /proc, /sys/fs/cgroup and /dev are the engine's host's: its
    # containers' processes are visible here.  Not so inside a container
    # that only has the engine's socket mounted, nor for a remote engine.
    for _p in /proc/[0-9]*; do
      case $(cat "$_p/comm" 2>/dev/null) in
      dockerd | containerd) return 0 ;;
      esac
    done
    echo "the engine's host /proc, cgroups and devices are not visible here (no dockerd in this /proc: a container with only the engine socket, or a remote engine)"
    return 1
    ;;
  slow)
    # Takes minutes: a tier, not a resource - tests/run.sh --check leaves
    # the suite out; anywhere else it runs.
    ;;
  *)
    echo "unknown need '$1' (tests/README.md lists them)"
    return 1
    ;;
  esac
  return 0
}
