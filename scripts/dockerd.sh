#!/bin/sh
# Makes sure a Docker engine answers on DOCKER_HOST's socket (default
# /var/run/docker.sock).  Starts dockerd in the background when none does and
# records its pid in $DOCKERSEC_DOCKERD_PIDFILE so the caller can stop what it
# started.  Fails after a time-out instead of hanging.
#   scripts/dockerd.sh start   -> prints "started" or "running"
#   scripts/dockerd.sh stop    -> stops dockerd only if we started it
set -eu
SOCK="${DOCKER_HOST:-unix:///var/run/docker.sock}"
SOCK="${SOCK#unix://}"
PIDFILE="${DOCKERSEC_DOCKERD_PIDFILE:-/tmp/dockersec-dockerd.pid}"

answers() { curl -s --max-time 5 --unix-socket "$SOCK" http://localhost/_ping 2>/dev/null | grep -q OK; }

case "${1:-start}" in
start)
  if answers; then echo running; exit 0; fi
  command -v dockerd >/dev/null || { echo "dockerd not installed (run scripts/deps.sh)" >&2; exit 1; }
  # A dockerd that runs but does not answer on SOCK (DOCKER_HOST names
  # another socket): a second one would fail on its pid file anyway - say so
  # without touching the running one's log and pid files.
  if [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    echo "a dockerd already runs (pid $(cat /var/run/docker.pid)) but nothing answers on $SOCK" >&2
    exit 1
  fi
  nohup dockerd --host "unix://$SOCK" >/tmp/dockersec-dockerd.log 2>&1 &
  echo $! >"$PIDFILE"
  i=0
  while ! answers; do
    i=$((i + 1))
    if [ $i -gt 60 ]; then
      echo "dockerd did not answer on $SOCK within 60 s; log:" >&2
      tail -20 /tmp/dockersec-dockerd.log >&2
      exit 1
    fi
    sleep 1
  done
  echo started
  ;;
stop)
  if [ -f "$PIDFILE" ]; then
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
  fi
  ;;
esac
