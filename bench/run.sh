#!/bin/sh
# bench/run.sh BUILD [--levels "0 50 200 200@10 containerd200"] [--with-1000]
#                    [--runs N] [--docker-bench DIR] [--no-write]
#                    [--keep-created] [--skip "tables single"] [--compare DIR]
# bench/run.sh BUILD --create-only N   (creates N stopped bench containers, exits)
#
# `make bench`: dockersec against the raw Docker API floor, side by side, in
# one run, on the real engine.  Levels (--levels, `make bench BENCH_LEVELS=…`):
#   N             N containers, every one running (a mix of settings: -u 1000,
#                 --read-only, --cap-drop ALL/--cap-add, --memory/--pids-limit,
#                 published ports, read-only host mounts, no-new-privileges,
#                 --network none, privileged as uid 1000, defaults);
#   N@P           N containers of which P % run (200@10: the 10 %-running level
#                 the earlier BENCHMARKS.md measured, for continuity);
#   containerdN   a containerd-only node: N containers run by a private
#                 containerd in namespace k8s.io, no Docker API at all
#                 (bench/containerd.sh, in a private mount namespace).
# Default "0 50 200 200@10 containerd200"; --with-1000 adds 1000 (all running:
# creating them takes minutes and ~10 GB; skipped when MemAvailable < 12 GB).
# Per Docker level, with hyperfine (median/min/max over RUNS runs after one
# warm-up, each under /usr/bin/time for CPU and peak RSS):
#   floor-seq   bench/floor.c: list + /info + /version + every inspect, one
#               keep-alive connection, one request after the other;
#   floor-par   the same with curl multi, everything overlapped (the floor is
#               the faster of the two);
#   floor-pack-seq / floor-pack-par (N@P levels only) the same plus
#               /images/json, /networks, /volumes and `docker top` of every
#               running container (what the pack asked before issue 13);
#   pack        `dockersec run packs/owasp-docker-top10`;
#   tables      `dockersec query` of one `SELECT *` per table the pack reads
#               (bench/tables-sql.sh), one snapshot, no check logic;
#   single      `dockersec query "SELECT * FROM docker_containers WHERE id = …"`;
#   docker-bench, docker-bench-s5 (level 50, with --docker-bench DIR: a checkout
#               of docker/docker-bench-security kept outside this repository)
#               the full run and `-c container_runtime`, DB_RUNS runs (default
#               1) through bench/countproxy.py, which counts its API requests;
#               with `-t dockersec.bench=1`: only our containers and image,
#               since its check 5.7 runs `docker exec <c> ps -el` in every
#               container it audits (not ours to touch on a shared engine);
#   pack-compare (with --compare DIR: another built tree of dockersec, e.g. a
#               branch not merged yet; keep DIR outside BUILD: the Makefile
#               reads every *.d under it) `DIR/build/dockersec run
#               DIR/packs/owasp-docker-top10`, at every level, containerd too;
# plus, once, `SELECT count(*) FROM processes` with ~5,000 extra processes,
# the API requests of one pack run (dockersec run --stats) and the engine's
# CPU (dockerd + its children, /proc/PID/stat) over that run.  Ratios are
# taken run by run (run i of a figure / run i of the floor).  Prints the table
# and writes BENCHMARKS.md (analysis: bench/notes.md).
#
# Shared engine: only containers labelled dockersec.bench=1 are created and
# removed (trap EXIT), at most 4 docker calls at a time, each under a time-out;
# nothing is pruned.  --create-only N creates N of them, stopped, and leaves
# them; a later run with --keep-created starts from them instead of removing
# them first (so the 1,000 containers can be created ahead of a time window in
# which that many may run).
set -u
# ---- creating one container (run in parallel by xargs: "$0" --create-one I) ---
if [ "${1:-}" = "--create-one" ]; then
  LABEL=dockersec.bench=1
  IMAGE=dockersec-bench:latest
  i=$2
  # A mix of settings, so the generators see what an audited host holds.
  case $((i % 8)) in
  0) opts="" ;;
  1) opts="-u 1000 --read-only --tmpfs /tmp" ;;
  2) opts="--cap-drop ALL --cap-add NET_BIND_SERVICE --cap-add CHOWN" ;;
  3) opts="-e DB_PASSWORD=hunter2 -e MODE=bench --memory 64m --pids-limit 100" ;;
  4) opts="--security-opt no-new-privileges --network none --restart on-failure:3" ;;
  5) opts="-p 127.0.0.1::8080 --cap-add NET_ADMIN" ;;
  6) opts="-v /var/log:/host/log:ro -v /etc/hostname:/host/hostname:ro --read-only" ;;
  7) opts="-u 1000 --privileged --memory 32m --cpus 0.5" ;;
  esac
  # shellcheck disable=SC2086
  timeout 60 docker create --label "$LABEL" --label dockersec.test=bench \
    --name "dsbench-$i" $opts "$IMAGE" sleep 7200 >/dev/null ||
    { echo "bench: cannot create dsbench-$i" >&2; exit 1; }
  exit 0
fi

CMDLINE="bench/run.sh $*"
BUILD="${1:-build}"
shift 2>/dev/null || true
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
SELF="$ROOT/bench/run.sh"
DS="$ROOT/$BUILD/dockersec"
FLOOR="$ROOT/$BUILD/bench/floor"
LABEL=dockersec.bench=1
IMAGE=dockersec-bench:latest
RUNS=5
LEVELS="0 50 200 200@10 containerd200"
WRITE=1
KEEP=0
CREATE_ONLY=""
SKIP=""
COMPARE=""
NPROCS=5000
DOCKER_BENCH=""
DB_RUNS=${DB_RUNS:-1}
export LC_ALL=C

while [ $# -gt 0 ]; do
  case "$1" in
  --with-1000) LEVELS="$LEVELS 1000" ;;
  --runs) RUNS=$2; shift ;;
  --levels) LEVELS=$2; shift ;;
  --docker-bench) DOCKER_BENCH=$2; shift ;;
  --no-write) WRITE=0 ;;
  --keep-created) KEEP=1 ;;
  --skip) SKIP=" $2 "; shift ;;
  --compare) COMPARE=$(cd "$2" && pwd); shift ;;
  --create-only) CREATE_ONLY=$2; shift ;;
  *) echo "usage: bench/run.sh BUILD [--levels LIST] [--with-1000] [--runs N] [--docker-bench DIR] [--no-write] [--keep-created] | BUILD --create-only N" >&2; exit 2 ;;
  esac
  shift
done
[ "$RUNS" -ge 3 ] 2>/dev/null || { echo "bench: --runs must be >= 3" >&2; exit 2; }

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 2; }

for tool in hyperfine python3 docker /usr/bin/time pkg-config; do
  command -v "$tool" >/dev/null || die "$tool missing (run scripts/deps.sh bench)"
done
[ -x "$DS" ] || die "$DS missing (make all)"
if [ -n "$DOCKER_BENCH" ]; then
  [ -f "$DOCKER_BENCH/docker-bench-security.sh" ] || die "$DOCKER_BENCH: no docker-bench-security.sh"
  case "$(cd "$DOCKER_BENCH" && pwd)/" in "$ROOT"/*) die "$DOCKER_BENCH: keep docker-bench-security outside this repository" ;; esac
fi
timeout 90 scripts/dockerd.sh start >/dev/null || die "no Docker engine answers"
timeout 120 scripts/test-image.sh dockersec-test:latest || die "cannot build dockersec-test:latest"
# The bench image: the test image labelled, so docker-bench-security can be
# pointed at our containers and image only (-t dockersec.bench=1).
printf 'FROM dockersec-test:latest\nLABEL %s\n' "$LABEL" |
  timeout 120 docker build -q -t "$IMAGE" - >/dev/null || die "cannot build $IMAGE"
mkdir -p "$BUILD/bench"
${CC:-cc} -O2 -g -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -o "$FLOOR" bench/floor.c \
  $(pkg-config --cflags --libs libcurl json-c) || die "cannot build bench/floor.c"

OUT=$(mktemp -d /tmp/dockersec-bench.XXXXXX)
PROCS_PGID=""
PROXY_PID=""
remove_bench_containers() {
  ids=$(timeout 60 docker ps -aq --filter "label=$LABEL")
  [ -z "$ids" ] && return 0
  # shellcheck disable=SC2086
  echo $ids | xargs -n 25 -P 4 timeout 300 docker rm -f >/dev/null 2>&1
}
stop_procs() {
  # Our own process group only (setsid below), by its id; wait until gone.
  [ -z "$PROCS_PGID" ] && return 0
  # procps kill: dash's builtin does not take "--" before a negative id.
  /bin/kill -TERM -- "-$PROCS_PGID" 2>/dev/null
  i=0
  while pgrep -g "$PROCS_PGID" >/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
  pgrep -g "$PROCS_PGID" >/dev/null && say "some sleep processes of group $PROCS_PGID survived"
  PROCS_PGID=""
}
stop_proxy() {
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null && wait "$PROXY_PID" 2>/dev/null
  PROXY_PID=""
}
cleanup() {
  [ -z "$PROCS_PGID" ] && [ -s "$OUT/procs.pgid" ] && PROCS_PGID=$(cat "$OUT/procs.pgid")
  stop_procs
  stop_proxy
  say "removing the bench containers"
  remove_bench_containers
  # BENCH_KEEP_OUT=1 keeps the raw figures, so the analysis (bench/notes.md)
  # can be rewritten after reading them: python3 bench/report.py OUT COMMAND
  # BENCHMARKS.md bench/notes.md regenerates BENCHMARKS.md from the same run.
  if [ -n "${BENCH_KEEP_OUT:-}" ]; then say "raw figures kept in $OUT"; else rm -rf "$OUT"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
[ "$KEEP" = 1 ] || [ -n "$CREATE_ONLY" ] || remove_bench_containers

PACK_DESC="dockersec run packs/owasp-docker-top10"
# Exit status 1 means findings: only 2 (an error) fails the measurement.
PACK_CMD="$DS run packs/owasp-docker-top10 >/dev/null; test \$? -le 1"
PACK_STATS_CMD="$DS run --stats packs/owasp-docker-top10"
"$DS" run --help >/dev/null 2>&1 || die "this build has no \`dockersec run\`"
bench/tables-sql.sh "$DS" packs/owasp-docker-top10 >"$OUT/tables.sql" 2>"$OUT/tables.note" ||
  die "bench/tables-sql.sh failed"
TABLES_CMD="$DS query - <$OUT/tables.sql >/dev/null"
if [ -n "$COMPARE" ]; then
  [ -x "$COMPARE/build/dockersec" ] || die "$COMPARE/build/dockersec missing"
  CMP_CMD="cd $COMPARE && build/dockersec run packs/owasp-docker-top10 >/dev/null; test \$? -le 1"
  CMP_STATS_CMD="cd $COMPARE && build/dockersec run --stats packs/owasp-docker-top10"
fi

# ---- machine ---------------------------------------------------------------------
cgroup=$(stat -fc %T /sys/fs/cgroup 2>/dev/null)
case "$cgroup" in cgroup2fs) cgroup="v2" ;; *) cgroup="v1 ($cgroup)" ;; esac
{
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "nproc=$(nproc)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "docker=$(timeout 30 docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)"
  echo "storage=$(timeout 30 docker info --format '{{.Driver}}, cgroup driver {{.CgroupDriver}}' 2>/dev/null)"
  echo "containerd=$(containerd --version 2>/dev/null | cut -d' ' -f3)"
  echo "cgroup=$cgroup"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "start=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git describe --always --dirty 2>/dev/null)"
  echo "hyperfine=$(hyperfine --version | cut -d' ' -f2)"
  echo "pack=$PACK_DESC"
  echo "checks=$("$DS" run --list packs/owasp-docker-top10 2>/dev/null | grep -c '^D[0-9]')"
  echo "runs=$RUNS"
  echo "levels=$LEVELS"
  [ -n "$COMPARE" ] && echo "compare=$(cat "$COMPARE/.commit" 2>/dev/null || git -C "$COMPARE" describe --always 2>/dev/null || echo "$COMPARE") ($("$COMPARE/build/dockersec" run --list "$COMPARE/packs/owasp-docker-top10" 2>/dev/null | grep -c '^D[0-9]') checks)"
  if [ -n "$DOCKER_BENCH" ]; then
    dbc=$(git -C "$DOCKER_BENCH" rev-parse HEAD 2>/dev/null || cat "$DOCKER_BENCH/.commit" 2>/dev/null)
    echo "docker_bench=${dbc:-unknown commit} ($(sed -n "s/^version='\(.*\)'/\1/p" "$DOCKER_BENCH/docker-bench-security.sh"))"
  fi
} >"$OUT/machine"

# ---- containers ---------------------------------------------------------------------
bench_count() { timeout 60 docker ps -aq --filter "label=$LABEL" | grep -c .; }
# grow_to N RUNNING: creates dsbench-<have>..dsbench-<N-1> (4 at a time), then
# makes dsbench-0..RUNNING-1 run and every other one stop (4 calls at a time).
grow_to() {
  have=$(bench_count)
  if [ "$have" -lt "$1" ]; then
    say "creating containers $have..$(($1 - 1))"
    seq "$have" $(($1 - 1)) | xargs -P 4 -I{} "$SELF" --create-one {} || die "container creation failed"
  fi
  timeout 60 docker ps --filter "label=$LABEL" --format '{{.Names}}' | sort >"$OUT/running.now"
  i=0
  : >"$OUT/start.list"
  : >"$OUT/kill.list"
  while [ $i -lt "$1" ]; do
    if [ $i -lt "$2" ]; then
      grep -qx "dsbench-$i" "$OUT/running.now" || echo "dsbench-$i" >>"$OUT/start.list"
    else
      grep -qx "dsbench-$i" "$OUT/running.now" && echo "dsbench-$i" >>"$OUT/kill.list"
    fi
    i=$((i + 1))
  done
  [ -s "$OUT/start.list" ] && say "starting $(grep -c . "$OUT/start.list") containers" &&
    xargs -n 10 -P 4 timeout 300 docker start <"$OUT/start.list" >/dev/null
  [ -s "$OUT/kill.list" ] && say "stopping $(grep -c . "$OUT/kill.list") containers" &&
    xargs -n 10 -P 4 timeout 300 docker kill <"$OUT/kill.list" >/dev/null
  return 0
}

# timed NAME CMD: CMD under /usr/bin/time, appending "NAME wall user sys
# maxrss_kb" to "$OUT/$level.time" (so hyperfine's runs also give peak RSS).
timed() {
  printf "/usr/bin/time -a -o %s -f '%s %%e %%U %%S %%M' sh -c %s" "$OUT/$level.time" "$1" \
    "'$(printf '%s' "$2" | sed "s/'/'\\\\''/g")'"
}
# engine_cpu: dockerd's CPU (user+sys, its waited-for children included:
# `docker top` runs ps) in clock ticks.
engine_cpu() {
  pid=$(pgrep -o -x dockerd)
  [ -n "$pid" ] && awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat" || echo 0
}

# docker_bench NAME ARGS...: DB_RUNS runs of docker-bench-security (from its
# own directory, as it expects) through the counting proxy.
docker_bench() {
  name=$1
  shift
  rm -f "$OUT/proxy.sock"
  python3 bench/countproxy.py "$OUT/proxy.sock" /var/run/docker.sock "$OUT/$level.$name.requests" &
  PROXY_PID=$!
  w=0
  while [ ! -S "$OUT/proxy.sock" ] && [ $w -lt 100 ]; do sleep 0.1; w=$((w + 1)); done
  r=0
  while [ $r -lt "$DB_RUNS" ]; do
    : >"$OUT/$level.$name.requests"
    e0=$(engine_cpu)
    (cd "$DOCKER_BENCH" && DOCKER_HOST="unix://$OUT/proxy.sock" timeout 1200 /usr/bin/time \
      -a -o "$OUT/$level.dbtime" -f "$name %e %U %S %M" bash ./docker-bench-security.sh -b \
      -l "$OUT/$level.$name.log" -t "$LABEL" "$@" >/dev/null 2>&1)
    echo "$name $(($(engine_cpu) - e0))" >>"$OUT/$level.engine"
    r=$((r + 1))
  done
  stop_proxy
}

if [ -n "$CREATE_ONLY" ]; then
  grow_to "$CREATE_ONLY" 0
  say "$(bench_count) bench containers created, left stopped"
  trap - EXIT
  rm -rf "$OUT"
  exit 0
fi

for level in $LEVELS; do
  case "$level" in
  containerd*)
    n=${level#containerd}
    say "level $level: leaving no bench container running"
    remove_bench_containers
    say "level $level: a private containerd with $n containers"
    if ! command -v containerd >/dev/null || ! command -v ctr >/dev/null || [ "$(id -u)" != 0 ]; then
      echo "skipped: needs root, containerd and ctr" >"$OUT/ctr.note"
    else
      timeout 1500 unshare -m --propagation private sh bench/containerd.sh "$OUT" "$DS" "$FLOOR" "$n" "$RUNS" "$COMPARE" ||
        say "the containerd level failed: $(cat "$OUT/ctr.note" 2>/dev/null)"
    fi
    echo "$n" >"$OUT/ctr.level"
    continue
    ;;
  *@*) n=${level%@*} running=$((n * ${level#*@} / 100)) ;;
  *) n=$level running=$level ;;
  esac
  if [ "$n" -ge 1000 ]; then
    avail=$(awk '/MemAvailable/ { print int($2 / 1048576) }' /proc/meminfo)
    if [ "$avail" -le 12 ]; then
      say "level $level skipped: ${avail} GB available (needs > 12)"
      echo "skipped: ${avail} GB of memory available, > 12 needed" >"$OUT/$level.note"
      continue
    fi
  fi
  grow_to "$n" "$running"
  listed=$(timeout 60 docker ps -aq | grep -c .)
  say "level $level: $(bench_count) bench containers, $listed on the engine"
  single_id=$(timeout 60 docker ps -q --no-trunc --filter "label=$LABEL" | head -1)
  [ -z "$single_id" ] && single_id=$(timeout 60 docker ps -aq --no-trunc --filter "label=$LABEL" | head -1)
  : >"$OUT/$level.time"
  set -- -n floor-seq "$(timed floor-seq "$FLOOR seq")" -n floor-par "$(timed floor-par "$FLOOR par")"
  case "$level" in
  *@*) set -- "$@" -n floor-pack-seq "$(timed floor-pack-seq "$FLOOR seq --pack")" \
    -n floor-pack-par "$(timed floor-pack-par "$FLOOR par --pack")" ;;
  esac
  set -- "$@" -n pack "$(timed pack "$PACK_CMD")"
  [ -n "$COMPARE" ] && set -- "$@" -n pack-compare "$(timed pack-compare "$CMP_CMD")"
  case "$SKIP" in *" tables "*) ;; *) set -- "$@" -n tables "$(timed tables "$TABLES_CMD")" ;; esac
  case "$SKIP" in *" single "*) single_id="" ;; esac
  if [ -n "$single_id" ]; then
    SINGLE_CMD="$DS query \"SELECT * FROM docker_containers WHERE id = '$single_id'\" >/dev/null"
    set -- "$@" -n single "$(timed single "$SINGLE_CMD")"
  fi
  say "level $level: hyperfine ($RUNS runs each)"
  timeout 2400 hyperfine --style basic --runs "$RUNS" --warmup 1 \
    --export-json "$OUT/$level.json" "$@" >"$OUT/$level.hyperfine" 2>&1 ||
    { cat "$OUT/$level.hyperfine" >&2; die "hyperfine failed at level $level"; }
  # Requests of one pack run, from the client's own counters, and the engine's CPU.
  : >"$OUT/$level.engine"
  e0=$(engine_cpu)
  timeout 600 sh -c "$PACK_STATS_CMD" 2>&1 >/dev/null | grep '^dockersec-stats' >"$OUT/$level.stats"
  echo "pack $(($(engine_cpu) - e0))" >>"$OUT/$level.engine"
  if [ -n "$COMPARE" ]; then
    e0=$(engine_cpu)
    timeout 600 sh -c "$CMP_STATS_CMD" 2>&1 >/dev/null | grep '^dockersec-stats requests' |
      sed 's/^dockersec-stats/pack-compare/' >>"$OUT/$level.stats"
    echo "pack-compare $(($(engine_cpu) - e0))" >>"$OUT/$level.engine"
  fi
  e0=$(engine_cpu)
  "$FLOOR" par 2>/dev/null
  echo "floor-par $(($(engine_cpu) - e0))" >>"$OUT/$level.engine"
  case "$SKIP" in *" tables "*) ;; *)
    timeout 300 "$DS" query - --stats <"$OUT/tables.sql" 2>&1 >/dev/null |
      grep '^dockersec-stats requests' | sed 's/^dockersec-stats/tables/' >>"$OUT/$level.stats" ;;
  esac
  if [ -n "$single_id" ]; then
    timeout 60 "$DS" query "SELECT pid FROM docker_containers WHERE id = '$single_id'" --stats \
      2>&1 >/dev/null | grep '^dockersec-stats requests' | sed 's/^dockersec-stats/single/' >>"$OUT/$level.stats"
  fi
  echo "$listed" >"$OUT/$level.listed"
  timeout 60 docker ps -q | grep -c . >"$OUT/$level.running"
  case "$level" in
  *@*) "$FLOOR" par --pack 2>&1 | sed -n 's/^requests=\([0-9]*\).*/\1/p' >"$OUT/$level.packfloor" ;;
  esac
  if [ -n "$DOCKER_BENCH" ] && [ "$level" = 50 ]; then
    : >"$OUT/$level.dbtime"
    say "level $level: docker-bench-security, full run ($DB_RUNS run(s))"
    docker_bench docker-bench
    say "level $level: docker-bench-security -c container_runtime"
    docker_bench docker-bench-s5 -c container_runtime
  fi
done

# ---- processes with ~5,000 extra processes ------------------------------------
case "$SKIP" in *" processes "*) NPROCS=0 ;; esac
if [ "$NPROCS" -gt 0 ] && "$DS" tables | grep -qx processes; then
  say "spawning $NPROCS sleep processes"
  # Their own session and process group (the spawner's pid is its id, written
  # to a file: setsid may fork), so they are stopped by group id.
  rm -f "$OUT/procs.pgid"
  setsid sh -c "echo \$\$ >'$OUT/procs.pgid'; i=0; while [ \$i -lt $NPROCS ]; do sleep 3600 & i=\$((i + 1)); done; wait" \
    </dev/null >/dev/null 2>&1 &
  waited=0
  while [ ! -s "$OUT/procs.pgid" ] && [ $waited -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  PROCS_PGID=$(cat "$OUT/procs.pgid" 2>/dev/null)
  [ -n "$PROCS_PGID" ] || die "cannot start the sleep processes"
  waited=0
  while [ "$(pgrep -c -g "$PROCS_PGID")" -le $NPROCS ] && [ $waited -lt 300 ]; do
    sleep 1
    waited=$((waited + 1))
  done
  total=$(ls /proc | grep -c '^[0-9]')
  say "$total processes on the host"
  level=procs
  : >"$OUT/procs.time"
  timeout 600 hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$OUT/procs.json" \
    -n processes "$(timed processes "$DS query 'SELECT count(*) FROM processes' >/dev/null")" \
    >"$OUT/procs.hyperfine" 2>&1 || say "hyperfine failed on processes: $(tail -3 "$OUT/procs.hyperfine")"
  echo "$total" >"$OUT/procs.count"
  stop_procs
else
  say "no processes table in this build: skipping the 5,000-process figure"
fi

# ---- report ---------------------------------------------------------------------------
# The raw results stay in $BUILD/bench/last, so the report can be written again
# (python3 bench/report.py DIR COMMAND BENCHMARKS.md bench/notes.md).
echo "$CMDLINE" >"$OUT/command"
rm -rf "$BUILD/bench/last" && cp -r "$OUT" "$BUILD/bench/last"
if [ "$WRITE" = 1 ]; then
  python3 bench/report.py "$OUT" "$CMDLINE" BENCHMARKS.md bench/notes.md || die "report failed"
  say "wrote BENCHMARKS.md"
else
  python3 bench/report.py "$OUT" "$CMDLINE" /dev/null bench/notes.md || die "report failed"
fi
