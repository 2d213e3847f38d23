# tests/integration/engine_setup.sh - creates (and removes) the objects the
# integration suite and the fixture capture run against, on the real engine.
# Source it (bash), then call it_setup LABEL_VALUE; it_cleanup removes exactly
# what it_setup created, found by the label dockersec.test=LABEL_VALUE.
#
# Every docker call goes through `dk` (a time-out, so a stuck engine fails
# instead of hanging).  Containers are created one at a time: the engine is
# shared with other test suites.

dk() { timeout "${DK_TIMEOUT:-60}" docker "$@"; }

# Objects created, exported for the checks.
IT_LABEL=""
IT_PREFIX=""
IT_IMAGE="dockersec-test:latest"
IT_HIST_IMAGE=""
IT_NET=""
IT_VOL=""
IT_BINDDIR=""
declare -A IT_ID=() # role -> full container id

it_cleanup() {
  [ -n "$IT_LABEL" ] || return 0
  local ids
  ids=$(dk ps -aq --filter "label=dockersec.test=$IT_LABEL")
  # shellcheck disable=SC2086
  # -v: also the anonymous volumes their images declared (VOLUME /data).
  [ -n "$ids" ] && dk rm -f -v $ids >/dev/null 2>&1
  [ -n "$IT_NET" ] && dk network rm "$IT_NET" >/dev/null 2>&1
  [ -n "$IT_VOL" ] && dk volume rm "$IT_VOL" >/dev/null 2>&1
  [ -n "$IT_HIST_IMAGE" ] && dk rmi "$IT_HIST_IMAGE" >/dev/null 2>&1
  [ -n "$IT_BINDDIR" ] && rm -rf "$IT_BINDDIR"
  return 0
}

# An image with a build history holding secrets (ENV, ARG, --build-arg) and
# every Config field the image tables read.  The legacy builder is used: it
# needs no buildx and records the instructions as `docker history` shows.
it_build_history_image() {
  local dir
  dir=$(mktemp -d)
  cat >"$dir/Dockerfile" <<EOF
FROM $IT_IMAGE
ARG PASSWORD=default
ENV API_TOKEN=abc123 PLAIN=1
RUN true
LABEL dockersec.test=$IT_LABEL app=history
USER 1000
EXPOSE 8080
VOLUME /data
WORKDIR /app
HEALTHCHECK CMD true
STOPSIGNAL SIGTERM
EOF
  DOCKER_BUILDKIT=0 DK_TIMEOUT=180 dk build -q --build-arg PASSWORD=hunter2 \
    -t "$IT_HIST_IMAGE" "$dir" >/dev/null 2>&1
  local rc=$?
  rm -rf "$dir"
  return $rc
}

# run ROLE ARGS... : docker run -d with the label; records the id.
it_run() {
  local role=$1
  shift
  local id
  id=$(dk run -d --label "dockersec.test=$IT_LABEL" --name "$IT_PREFIX-$role" "$@") || return 1
  IT_ID[$role]=$id
}

it_create() {
  local role=$1
  shift
  local id
  id=$(dk create --label "dockersec.test=$IT_LABEL" --name "$IT_PREFIX-$role" "$@") || return 1
  IT_ID[$role]=$id
}

# it_setup LABEL_VALUE: builds the images and starts the containers.
# Returns non-zero (with a message on stderr) when the engine refuses one.
it_setup() {
  IT_LABEL=$1
  IT_PREFIX="ds-$1-$$"
  IT_HIST_IMAGE="dockersec-test-history:$1-$$"
  IT_NET="$IT_PREFIX-net"
  IT_VOL="$IT_PREFIX-vol"
  IT_BINDDIR=$(mktemp -d)
  DK_TIMEOUT=180 timeout 200 scripts/test-image.sh "$IT_IMAGE" || { echo "test image" >&2; return 1; }
  it_build_history_image || { echo "history image build failed" >&2; return 1; }
  dk network create --label "dockersec.test=$IT_LABEL" --internal \
    --opt com.docker.network.bridge.enable_icc=false "$IT_NET" >/dev/null || return 1
  dk volume create --label "dockersec.test=$IT_LABEL" --label tier=data \
    --opt type=tmpfs --opt device=tmpfs --opt o=size=1m "$IT_VOL" >/dev/null || return 1

  # --privileged as root needs CAP_SYS_RESOURCE, which this machine lacks.
  it_run priv --privileged -u 1000 "$IT_IMAGE" sleep 600 || return 1
  it_run full -u 1000:1000 --cap-add NET_ADMIN --cap-add SYS_PTRACE --cap-drop MKNOD \
    --cap-drop NET_RAW --read-only --memory 64m --cpus 0.5 --pids-limit 50 \
    --restart on-failure:3 --ulimit nofile=1024:2048 --ulimit nproc=100:200 \
    --device /dev/null:/dev/xnull:r -e API_TOKEN=s3cr3t-value -e FOO=bar -l app=web \
    -l tier=front -v "$IT_BINDDIR:/hostdir:ro" -v "$IT_VOL:/data" \
    -p 127.0.0.1::80 -p 81/udp "$IT_IMAGE" sleep 600 || return 1
  dk network connect --alias web-alias "$IT_NET" "${IT_ID[full]}" || return 1
  it_run hostns --pid host --network host --ipc host "$IT_IMAGE" sleep 600 || return 1
  it_run dropall --cap-drop ALL --cap-add NET_BIND_SERVICE "$IT_IMAGE" sleep 600 || return 1
  it_run addall -u 1000 --cap-add ALL --cap-drop SYS_ADMIN "$IT_IMAGE" sleep 600 || return 1
  it_run hist "$IT_HIST_IMAGE" sleep 600 || return 1
  it_create created -p 127.0.0.1:19999:90 -p 91/tcp -e DB_PASSWORD=pw -e MODE=test \
    -l app=db --cap-drop CHOWN --cap-add SYS_TIME --device /dev/null:/dev/ynull \
    --ulimit core=0:0 -v "$IT_VOL:/vol:ro" --restart always "$IT_IMAGE" sleep 600 || return 1
  return 0
}
