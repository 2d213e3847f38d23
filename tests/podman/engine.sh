# tests/podman/engine.sh - start/stop a private Podman API service for the
# tests.  Source it; needs $PODMAN_DIR (a fresh temporary directory).
#
# Everything Podman writes goes under $PODMAN_DIR (storage with the vfs
# driver, run root, tmp dir), so the test leaves nothing in /var/lib/containers
# or /run/libpod.  containers.conf comes through CONTAINERS_CONF: no default
# ulimits and no pids limit (this machine lacks CAP_SYS_RESOURCE, so Podman's
# defaults make `podman run` fail), and the distribution's default capability
# set written out, because a CONTAINERS_CONF file replaces
# /usr/share/containers/containers.conf and Podman's compiled-in default is
# larger (14, Docker's).
# The socket lives in $PODMAN_DIR: test runs of several checkouts on one
# machine (a fixed /tmp path was shared) each talk to their own service.
PODMAN_SOCK="$PODMAN_DIR/podman.sock"
PODMAN_HOST="unix://$PODMAN_SOCK"
# podman_cmd ARGS...: the podman CLI on the test's private storage, bounded
# by a time-out so a stuck engine fails the test instead of hanging it.
podman_cmd() {
  CONTAINERS_CONF="$PODMAN_DIR/containers.conf" timeout "${PODMAN_TIMEOUT:-120}" podman \
    --root "$PODMAN_DIR/storage" --runroot "$PODMAN_DIR/run" --tmpdir "$PODMAN_DIR/tmp" \
    --storage-driver vfs --cgroup-manager cgroupfs --events-backend file "$@"
}

# The distribution's default_capabilities (Debian: 11), or Podman's
# documented default when the file is absent.
podman_default_caps() {
  f=/usr/share/containers/containers.conf
  if [ -r "$f" ]; then
    awk '/^default_capabilities *= *\[/{on=1; next} on && /\]/{exit} on {gsub(/[", \t]/, ""); if ($0 != "") print}' "$f"
  else
    printf '%s\n' CHOWN DAC_OVERRIDE FOWNER FSETID KILL NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT
  fi
}

podman_write_conf() {
  mkdir -p "$PODMAN_DIR/storage" "$PODMAN_DIR/run" "$PODMAN_DIR/tmp"
  {
    echo '[containers]'
    echo 'default_ulimits = []'
    echo 'pids_limit = 0'
    printf 'default_capabilities = ['
    podman_default_caps | awk '{printf "%s\"%s\"", (NR > 1 ? ", " : ""), $0}'
    echo ']'
    echo '[engine]'
    echo 'cgroup_manager = "cgroupfs"'
    echo 'events_logger = "file"'
  } >"$PODMAN_DIR/containers.conf"
}

# podman_start: starts `podman system service` on $PODMAN_SOCK in the
# background ($PODMAN_PID) and waits until /_ping answers.  Returns non-zero
# when it does not come up.
podman_start() {
  podman_write_conf
  rm -f "$PODMAN_SOCK"
  # Not through podman_cmd: the service runs until podman_stop kills it.
  CONTAINERS_CONF="$PODMAN_DIR/containers.conf" podman --root "$PODMAN_DIR/storage" \
    --runroot "$PODMAN_DIR/run" --tmpdir "$PODMAN_DIR/tmp" --storage-driver vfs \
    --cgroup-manager cgroupfs --events-backend file \
    system service --time=0 "$PODMAN_HOST" >"$PODMAN_DIR/service.log" 2>&1 &
  PODMAN_PID=$!
  i=0
  while [ $i -lt 100 ]; do
    if curl -sf --max-time 2 --unix-socket "$PODMAN_SOCK" http://podman/_ping >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$PODMAN_PID" 2>/dev/null || return 1
    sleep 0.2
    i=$((i + 1))
  done
  return 1
}

# podman_stop: removes the test's containers and images, stops the service it
# started (by pid) and deletes $PODMAN_DIR.
podman_stop() {
  podman_cmd rm -af -t 0 >/dev/null 2>&1
  podman_cmd rmi -af >/dev/null 2>&1
  if [ -n "${PODMAN_PID:-}" ]; then
    kill "$PODMAN_PID" 2>/dev/null
    i=0
    while kill -0 "$PODMAN_PID" 2>/dev/null && [ $i -lt 50 ]; do
      sleep 0.2
      i=$((i + 1))
    done
    kill -9 "$PODMAN_PID" 2>/dev/null
    wait "$PODMAN_PID" 2>/dev/null
  fi
  # Per-container /dev/shm mounts are gone after rm; unmount any left over
  # before deleting the tree.
  grep -o " $PODMAN_DIR/[^ ]*" /proc/self/mounts 2>/dev/null | sort -r | while read -r m; do
    umount "$m" 2>/dev/null
  done
  rm -rf "$PODMAN_DIR"
}

# podman_import_busybox IMAGE: the busybox-static rootfs (as
# scripts/test-image.sh builds it for dockerd), imported into Podman.
podman_import_busybox() {
  root="$PODMAN_DIR/rootfs"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
  chmod 755 "$root"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh sleep id cat ps ls true; do ln -s busybox "$root/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\napp:x:1000:1000:app:/:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\napp:x:1000:\n' >"$root/etc/group"
  tar -C "$root" -c . | podman_cmd import -q --change 'ENV PATH=/bin' \
    --change 'CMD ["/bin/sh"]' - "$1" >/dev/null
}
