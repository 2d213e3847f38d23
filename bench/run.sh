#!/bin/sh
# bench/run.sh BUILD [--with-1000] [--runs N] [--levels "0 50 200"] [--no-write]
#
# `make bench`: dockersec against the raw Docker API floor, side by side, on
# the real engine, at several numbers of containers (0, 50, 200; 1000 with
# --with-1000 - creating them takes minutes).  Per level, with hyperfine
# (median/min/max over >= 5 runs) and /usr/bin/time (CPU, peak RSS):
#   floor-seq   bench/floor.c: list + /info + /version + every inspect, one
#               keep-alive connection, one request after the other;
#   floor-par   the same with curl multi, everything overlapped;
#   floor-pack-seq / floor-pack-par   the same plus everything else the pack
#               asks the engine (/images/json, /networks, /volumes and
#               `docker top` of every running container);
#   pack        `dockersec run packs/owasp-docker-top10` (or, while the
#               runner is not built, `dockersec query` over the SQL of
#               bench/pack-standin.sh: every docker table the pack reads);
#   single      `dockersec query "SELECT * FROM docker_containers WHERE id = …"`;
# plus, once, `SELECT count(*) FROM processes` with ~5,000 extra processes,
# and the Docker API requests of one pack run (dockersec_stats).  Ratios to
# the floor are taken run by run (run i of a figure / run i of the floor) and
# summarised by their median; the floor of a level is the faster of
# floor-seq and floor-par, the pack floor the faster of floor-pack-*.  Prints the table and writes BENCHMARKS.md.
#
# Shared engine: only containers labelled dockersec.bench=1 are created and
# removed (trap EXIT); nothing is pruned.  Every docker call has a time-out.
set -u
# ---- creating one container (run in parallel by xargs: "$0" --create-one I) ---
if [ "${1:-}" = "--create-one" ]; then
  LABEL=dockersec.bench=1
  IMAGE=dockersec-test:latest
  i=$2
  # A mix of settings, so the generators see what an audited host holds.
  case $((i % 5)) in
  0) opts="" ;;
  1) opts="-u 1000 --privileged" ;;
  2) opts="--cap-add NET_ADMIN --read-only" ;;
  3) opts="-e DB_PASSWORD=hunter2 -e MODE=bench --memory 64m --pids-limit 100 --expose 80" ;;
  4) opts="--security-opt no-new-privileges --network none --restart on-failure:3" ;;
  esac
  # shellcheck disable=SC2086
  timeout 60 docker create --label "$LABEL" --label dockersec.test=bench \
    --name "dsbench-$i" $opts "$IMAGE" sleep 3600 >/dev/null ||
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
IMAGE=dockersec-test:latest
RUNS=5
LEVELS="0 50 200"
WRITE=1
NPROCS=5000
export LC_ALL=C

while [ $# -gt 0 ]; do
  case "$1" in
  --with-1000) LEVELS="$LEVELS 1000" ;;
  --runs) RUNS=$2; shift ;;
  --levels) LEVELS=$2; shift ;;
  --no-write) WRITE=0 ;;
  *) echo "usage: bench/run.sh BUILD [--with-1000] [--runs N] [--levels LIST] [--no-write]" >&2; exit 2 ;;
  esac
  shift
done
[ "$RUNS" -ge 5 ] 2>/dev/null || { echo "bench: --runs must be >= 5" >&2; exit 2; }

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 2; }

for tool in hyperfine python3 docker /usr/bin/time pkg-config; do
  command -v "$tool" >/dev/null || die "$tool missing (run scripts/deps.sh)"
done
[ -x "$DS" ] || die "$DS missing (make all)"
timeout 90 scripts/dockerd.sh start >/dev/null || die "no Docker engine answers"
timeout 120 scripts/test-image.sh "$IMAGE" || die "cannot build $IMAGE"
mkdir -p "$BUILD/bench"
${CC:-cc} -O2 -g -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -o "$FLOOR" bench/floor.c \
  $(pkg-config --cflags --libs libcurl json-c) || die "cannot build bench/floor.c"

OUT=$(mktemp -d /tmp/dockersec-bench.XXXXXX)
PROCS_PGID=""
remove_bench_containers() {
  ids=$(timeout 60 docker ps -aq --filter "label=$LABEL")
  [ -z "$ids" ] && return 0
  # shellcheck disable=SC2086
  echo $ids | xargs -n 50 timeout 300 docker rm -f >/dev/null 2>&1
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
cleanup() {
  [ -z "$PROCS_PGID" ] && [ -s "$OUT/procs.pgid" ] && PROCS_PGID=$(cat "$OUT/procs.pgid")
  stop_procs
  say "removing the bench containers"
  remove_bench_containers
  rm -rf "$OUT"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
remove_bench_containers

# ---- what "the pack" is: the runner once it exists, the stand-in until then -----
if [ -d packs/owasp-docker-top10 ] && "$DS" run --help >/dev/null 2>&1; then
  PACK_DESC="dockersec run packs/owasp-docker-top10"
  # Exit status 1 means findings: only 2 (an error) fails the measurement.
  PACK_CMD="$DS run packs/owasp-docker-top10 >/dev/null; test \$? -le 1"
  PACK_STATS_CMD="$DS run --stats packs/owasp-docker-top10"
else
  bench/pack-standin.sh "$DS" >"$OUT/pack.sql" || die "cannot write the pack stand-in"
  PACK_DESC="dockersec query over bench/pack-standin.sh ($(grep -c ';$' "$OUT/pack.sql") statements; the runner is not built yet)"
  PACK_CMD="$DS query - <$OUT/pack.sql >/dev/null"
  PACK_STATS_CMD="$DS query - --stats <$OUT/pack.sql"
fi
say "pack = $PACK_DESC"

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
  echo "cgroup=$cgroup"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit=$(git describe --always --dirty 2>/dev/null)"
  echo "hyperfine=$(hyperfine --version | cut -d' ' -f2)"
  echo "pack=$PACK_DESC"
  echo "runs=$RUNS"
  echo "levels=$LEVELS"
} >"$OUT/machine"

# ---- containers ---------------------------------------------------------------------
bench_count() { timeout 60 docker ps -aq --filter "label=$LABEL" | grep -c .; }
# grow_to N: creates dsbench-<have>..dsbench-<N-1> (8 at a time), then starts
# one in ten (at most 20) so some have a pid, namespaces and processes.
grow_to() {
  have=$(bench_count)
  if [ "$have" -lt "$1" ]; then
    say "creating containers $have..$(($1 - 1))"
    seq "$have" $(($1 - 1)) | xargs -P 8 -I{} "$SELF" --create-one {} || die "container creation failed"
  fi
  want_running=$(($1 / 10))
  [ $want_running -gt 20 ] && want_running=20
  i=0
  while [ $i -lt $want_running ]; do
    timeout 60 docker start "dsbench-$i" >/dev/null 2>&1 || say "cannot start dsbench-$i"
    i=$((i + 1))
  done
}

# time_runs NAME CMD: /usr/bin/time over RUNS runs -> "$OUT/$level.time" lines
# "NAME wall user sys maxrss_kb".
time_runs() {
  r=0
  while [ $r -lt "$RUNS" ]; do
    timeout 300 /usr/bin/time -o "$OUT/t" -f "%e %U %S %M" sh -c "$2" >/dev/null 2>&1
    echo "$1 $(tail -1 "$OUT/t")" >>"$OUT/$level.time"
    r=$((r + 1))
  done
}

for level in $LEVELS; do
  grow_to "$level"
  listed=$(timeout 60 docker ps -aq | grep -c .)
  say "level $level: $(bench_count) bench containers, $listed on the engine"
  single_id=$(timeout 60 docker ps -q --no-trunc --filter "label=$LABEL" | head -1)
  [ -z "$single_id" ] && single_id=$(timeout 60 docker ps -aq --no-trunc --filter "label=$LABEL" | head -1)
  set -- -n floor-seq "$FLOOR seq" -n floor-par "$FLOOR par" \
    -n floor-pack-seq "$FLOOR seq --pack" -n floor-pack-par "$FLOOR par --pack" -n pack "$PACK_CMD"
  if [ -n "$single_id" ]; then
    SINGLE_CMD="$DS query \"SELECT * FROM docker_containers WHERE id = '$single_id'\" >/dev/null"
    set -- "$@" -n single "$SINGLE_CMD"
  fi
  say "level $level: hyperfine ($RUNS runs each)"
  timeout 900 hyperfine --style basic --runs "$RUNS" --warmup 1 \
    --export-json "$OUT/$level.json" "$@" >"$OUT/$level.hyperfine" 2>&1 ||
    { cat "$OUT/$level.hyperfine" >&2; die "hyperfine failed at level $level"; }
  : >"$OUT/$level.time"
  time_runs floor-seq "$FLOOR seq"
  time_runs floor-par "$FLOOR par"
  time_runs floor-pack-seq "$FLOOR seq --pack"
  time_runs floor-pack-par "$FLOOR par --pack"
  time_runs pack "$PACK_CMD"
  [ -n "$single_id" ] && time_runs single "$SINGLE_CMD"
  # Requests of one pack run, from the client's own counters.
  timeout 300 sh -c "$PACK_STATS_CMD" 2>&1 >/dev/null | grep '^dockersec-stats' >"$OUT/$level.stats"
  if [ -n "$single_id" ]; then
    timeout 60 "$DS" query "SELECT pid FROM docker_containers WHERE id = '$single_id'" --stats \
      2>&1 >/dev/null | grep '^dockersec-stats requests' | sed 's/^dockersec-stats/single/' >>"$OUT/$level.stats"
  fi
  echo "$listed" >"$OUT/$level.listed"
  timeout 60 docker ps -q | grep -c . >"$OUT/$level.running"
  "$FLOOR" par --pack 2>&1 | sed -n 's/^requests=\([0-9]*\).*/\1/p' >"$OUT/$level.packfloor"
done

# ---- processes with ~5,000 extra processes ------------------------------------
if "$DS" tables | grep -qx processes; then
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
  timeout 600 hyperfine --style basic --runs "$RUNS" --warmup 1 --export-json "$OUT/procs.json" \
    -n processes "$DS query 'SELECT count(*) FROM processes' >/dev/null" >"$OUT/procs.hyperfine" 2>&1 ||
    say "hyperfine failed on processes: $(tail -3 "$OUT/procs.hyperfine")"
  level=procs
  : >"$OUT/procs.time"
  time_runs processes "$DS query 'SELECT count(*) FROM processes' >/dev/null"
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
