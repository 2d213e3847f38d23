#!/bin/bash
# needs: engine
#
# Suite "osquery-compat": queries written for osquery, run unchanged.
#
# Every query below is run through both front ends - the sqlite3 shell with
# `.load` and `dockersec query` - against a labelled test container (with a
# labelled network and volume, a published port, a memory limit and a
# changed file) that this suite starts from the local test image
# (scripts/test-image.sh; no registry needed) and removes at exit.
#   - osquery's own table-spec examples for every docker table (the
#     examples() of specs/posix/docker_*.table, osquery a5b14f63d), with the
#     placeholder ids replaced by the test objects' ids;
#   - published osquery queries that touch docker tables (sources cited per
#     case: chainguard-dev/osquery-defense-kit @84bdcdb, the DockerK8SLabs
#     osquery lab, osquery's docs and PRs).
# A case is checked three ways: it runs without error in both front ends;
# both return the same number of rows; and, where given, the columns named
# in CHECK equal what `docker inspect` / the docker CLI says for the test
# objects.  Counted: run / error / differs.  Queries that need a table
# dockersec does not have (osquery_info, user_groups, process_open_sockets,
# deb_packages) are expected errors: listed, counted, not failures.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh

if ! timeout 10 docker version >/dev/null 2>&1; then
  fail osquery-compat-engine "no Docker engine answers (make test starts one)"
  exit 0
fi
scripts/test-image.sh >/dev/null 2>&1 || { fail osquery-compat-image "cannot build the test image"; exit 0; }

TAG="i16c$$"
NET="dsc-net-$TAG"
VOL="dsc-vol-$TAG"
CTR="dsc-ctr-$TAG"
cleanup() {
  docker rm -f "$CTR" >/dev/null 2>&1
  docker network rm "$NET" >/dev/null 2>&1
  docker volume rm "$VOL" >/dev/null 2>&1
}
trap 'cleanup; rm -rf "$WORK"' EXIT
docker network create --label "dockersec.test=osquery-compat" --label team=blue "$NET" >/dev/null
docker volume create --label "dockersec.test=osquery-compat" --label team=red "$VOL" >/dev/null
docker run -d --name "$CTR" --label "dockersec.test=osquery-compat" --label com.example.app=compat \
  -e APP_MODE=compat -e DB_PASSWORD=hunter2 --network "$NET" -v "$VOL:/data" \
  -p 127.0.0.1::80 -m 64m dockersec-test:latest \
  sh -c 'echo hi > /tmp/marker; rm /etc/group; sleep 600' >/dev/null ||
  { fail osquery-compat-container "could not start the test container"; exit 0; }
sleep 1

CID=$(docker inspect -f '{{.Id}}' "$CTR")
IID=$(docker inspect -f '{{.Image}}' "$CTR" | sed 's/^sha256://')
NID=$(docker network inspect -f '{{.Id}}' "$NET")
insp() { docker inspect -f "$1" "$CTR"; }

# run_sql SQL: sqlite3 shell, list mode '|', errors on the same stream.
run_sql() { sql "$1"; }
# run_cli SQL: the CLI, csv without header; its exit status is written to
# $WORK/rc (the caller runs it in a command substitution).
WORK=$(mktemp -d)
run_cli() {
  local out
  out=$(timeout 60 "$DS" query "$1" --format csv 2>&1)
  echo $? >"$WORK/rc"
  printf '%s\n' "$out" | tail -n +2 | tr -d '\r'
}

RUN=0 ERRORS=0 DIFFERS=0 EXPECTED_ERRORS=0
# Tables osquery has that dockersec does not: a query using one is an
# expected error.
GAPS="osquery_info user_groups process_open_sockets deb_packages"

# qcase NAME SOURCE SQL [CHECK_COLUMNS EXPECTED]
qcase() {
  local name=$1 src=$2 sql=$3 cols=${4:-} exp=${5:-}
  RUN=$((RUN + 1))
  local a b na nb gap=""
  a=$(run_sql "$sql")
  b=$(run_cli "$sql")
  CLI_RC=$(cat "$WORK/rc")
  for t in $GAPS; do case "$sql" in *"$t"*) gap=$t ;; esac; done
  if printf '%s' "$a" | grep -q '^\(Error\|Parse error\|Runtime error\)' || [ "$CLI_RC" -ge 2 ]; then
    if [ -n "$gap" ]; then
      EXPECTED_ERRORS=$((EXPECTED_ERRORS + 1))
      ERRORS=$((ERRORS + 1))
      pass "compat-$name (expected error: no table $gap; $src)"
    else
      ERRORS=$((ERRORS + 1))
      fail "compat-$name" "error ($src): $(printf '%s' "$a" | head -c 300) / cli: $(printf '%s' "$b" | head -c 200)"
    fi
    return
  fi
  na=$(run_sql "SELECT count(*) FROM ($sql)")
  nb=$(run_cli "SELECT count(*) FROM ($sql)")
  if [ "$na" != "$nb" ]; then
    # Other suites share the engine: containers come and go between two
    # runs.  Asked again, both front ends must agree.
    sleep 1
    na=$(run_sql "SELECT count(*) FROM ($sql)")
    nb=$(run_cli "SELECT count(*) FROM ($sql)")
  fi
  if [ "$na" != "$nb" ]; then
    DIFFERS=$((DIFFERS + 1))
    fail "compat-$name" "front ends differ: sqlite3 $na rows, dockersec query $nb rows ($src)"
    return
  fi
  if [ -n "$cols" ]; then
    local got
    got=$(run_sql "SELECT $cols FROM ($sql)" | sort | tr '\n' ';')
    exp=$(printf '%s\n' "$exp" | sort | tr '\n' ';')
    if [ "$got" != "$exp" ]; then
      DIFFERS=$((DIFFERS + 1))
      fail "compat-$name" "differs from docker inspect: expected [$exp] got [$got] ($src)"
      return
    fi
  fi
  pass "compat-$name ($na rows)"
}

SPEC="osquery specs/posix"
# ---- osquery's table-spec examples, every docker table --------------------------------------------
qcase spec-containers-id "$SPEC/docker_containers.table" \
  "select * from docker_containers where id = '$CID'" \
  "name, image, privileged, readonly_rootfs, state, pid" \
  "$(insp '{{.Name}}|{{.Config.Image}}|{{if .HostConfig.Privileged}}1{{else}}0{{end}}|{{if .HostConfig.ReadonlyRootfs}}1{{else}}0{{end}}|{{.State.Status}}|{{.State.Pid}}')"
qcase spec-containers-name "$SPEC/docker_containers.table" \
  "select * from docker_containers where name = '/$CTR'" "id" "$CID"
qcase spec-labels-all "$SPEC/docker_container_labels.table" "select * from docker_container_labels"
qcase spec-labels-prefix "$SPEC/docker_container_labels.table" \
  "select * from docker_container_labels where id = '${CID:0:16}'" "key, value" \
  "$(docker inspect -f '{{range $k, $v := .Config.Labels}}{{$k}}|{{$v}}{{"\n"}}{{end}}' "$CTR" | sed '/^$/d')"
qcase spec-labels-id "$SPEC/docker_container_labels.table" \
  "select * from docker_container_labels where id = '$CID'" "count(*)" \
  "$(docker inspect -f '{{len .Config.Labels}}' "$CTR")"
qcase spec-mounts-all "$SPEC/docker_container_mounts.table" "select * from docker_container_mounts"
qcase spec-mounts-prefix "$SPEC/docker_container_mounts.table" \
  "select * from docker_container_mounts where id = '${CID:0:16}'" "type, name, destination, rw" \
  "$(insp '{{range .Mounts}}{{.Type}}|{{.Name}}|{{.Destination}}|{{if .RW}}1{{else}}0{{end}}{{end}}')"
qcase spec-mounts-id "$SPEC/docker_container_mounts.table" \
  "select * from docker_container_mounts where id = '$CID'" "source" \
  "$(insp '{{range .Mounts}}{{.Source}}{{end}}')"
qcase spec-networks-all "$SPEC/docker_container_networks.table" "select * from docker_container_networks"
qcase spec-networks-prefix "$SPEC/docker_container_networks.table" \
  "select * from docker_container_networks where id = '${CID:0:16}'" \
  "name, network_id, ip_address, ip_prefix_len, mac_address" \
  "$(insp '{{range $n, $v := .NetworkSettings.Networks}}{{$n}}|{{$v.NetworkID}}|{{$v.IPAddress}}|{{$v.IPPrefixLen}}|{{$v.MacAddress}}{{end}}')"
qcase spec-networks-id "$SPEC/docker_container_networks.table" \
  "select * from docker_container_networks where id = '$CID'" "gateway" \
  "$(insp '{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}')"
qcase spec-ports-all "$SPEC/docker_container_ports.table" "select * from docker_container_ports"
qcase spec-ports-prefix "$SPEC/docker_container_ports.table" \
  "select * from docker_container_ports where id = '${CID:0:16}'" "type, port, host_ip, host_port" \
  "tcp|80|127.0.0.1|$(docker port "$CTR" 80/tcp | sed 's/.*://')"
qcase spec-ports-id "$SPEC/docker_container_ports.table" \
  "select * from docker_container_ports where id = '$CID'" "count(*)" "1"
qcase spec-processes-prefix "$SPEC/docker_container_processes.table" \
  "select * from docker_container_processes where id = '${CID:0:16}'" "pid, name" \
  "$(insp '{{.State.Pid}}')|sleep"
qcase spec-processes-id "$SPEC/docker_container_processes.table" \
  "select * from docker_container_processes where id = '$CID'" "count(*)" "1"
qcase spec-envs-all "$SPEC/docker_container_envs.table" "select * from docker_container_envs"
qcase spec-envs-prefix "$SPEC/docker_container_envs.table" \
  "select * from docker_container_envs where id = '${CID:0:16}'" "key" \
  "$(insp '{{range .Config.Env}}{{.}}{{"\n"}}{{end}}' | sed '/^$/d; s/=.*//')"
qcase spec-envs-id "$SPEC/docker_container_envs.table" \
  "select * from docker_container_envs where id = '$CID' and key = 'APP_MODE'" "value" "compat"
qcase spec-stats-prefix "$SPEC/docker_container_stats.table" \
  "select * from docker_container_stats where id = '${CID:0:16}'" "name, pids, memory_limit" \
  "/$CTR|1|$(insp '{{.HostConfig.Memory}}')"
qcase spec-stats-id "$SPEC/docker_container_stats.table" \
  "select * from docker_container_stats where id = '$CID'" "memory_usage > 0, cpu_total_usage > 0" "1|1"
qcase spec-fs-changes-prefix "$SPEC/docker_container_fs_changes.table" \
  "select * from docker_container_fs_changes where id = '${CID:0:16}'" "change_type, path" \
  "$(docker diff "$CTR" | tr ' ' '|')"
qcase spec-fs-changes-id "$SPEC/docker_container_fs_changes.table" \
  "select * from docker_container_fs_changes where id = '$CID'" "count(*)" \
  "$(docker diff "$CTR" | wc -l | tr -d ' ')"
qcase spec-image-history-all "$SPEC/docker_image_history.table" "select * from docker_image_history"
qcase spec-image-history-prefix "$SPEC/docker_image_history.table" \
  "select * from docker_image_history where id = '${IID:0:12}'" "count(*)" \
  "$(docker history -q --no-trunc "$IID" | wc -l | tr -d ' ')"
qcase spec-image-history-id "$SPEC/docker_image_history.table" \
  "select * from docker_image_history where id = '$IID'" "count(*)" \
  "$(docker history -q --no-trunc "$IID" | wc -l | tr -d ' ')"
qcase spec-image-labels-all "$SPEC/docker_image_labels.table" "select * from docker_image_labels"
qcase spec-image-labels-prefix "$SPEC/docker_image_labels.table" \
  "select * from docker_image_labels where id = '${IID:0:16}'" "key, value" \
  "org.opencontainers.image.source|dockersec-tests"
qcase spec-image-labels-id "$SPEC/docker_image_labels.table" \
  "select * from docker_image_labels where id = '$IID'" "count(*)" "1"
qcase spec-image-layers-all "$SPEC/docker_image_layers.table" "select * from docker_image_layers"
qcase spec-image-layers-prefix "$SPEC/docker_image_layers.table" \
  "select * from docker_image_layers where id = '${IID:0:12}'" "layer_order, layer_id" \
  "$(docker image inspect -f '{{range $i, $l := .RootFS.Layers}}{{$i}}|{{$l}}{{"\n"}}{{end}}' "$IID" |
    sed '/^$/d' | awk -F'|' '{ sub(/^sha256:/, "", $2); print $1 + 1 "|" $2 }')"
qcase spec-image-layers-id "$SPEC/docker_image_layers.table" \
  "select * from docker_image_layers where id = '$IID'" "count(*)" \
  "$(docker image inspect -f '{{len .RootFS.Layers}}' "$IID")"
qcase spec-images-all "$SPEC/docker_images.table" "select * from docker_images"
qcase spec-images-prefix "$SPEC/docker_images.table" \
  "select * from docker_images where id = '${IID:0:12}'" "tags, size_bytes" \
  "$(docker image inspect -f '{{join .RepoTags ","}}|{{.Size}}' "$IID")"
qcase spec-images-id "$SPEC/docker_images.table" \
  "select * from docker_images where id = '$IID'" "created" \
  "$(date -d "$(docker image inspect -f '{{.Created}}' "$IID")" +%s)"
# (not the container and image counts: other suites share the engine)
qcase spec-info "$SPEC/docker_info.table" "select * from docker_info" \
  "id, storage_driver, cpus, memory, name, root_dir" \
  "$(docker info -f '{{.ID}}|{{.Driver}}|{{.NCPU}}|{{.MemTotal}}|{{.Name}}|{{.DockerRootDir}}')"
qcase spec-version "$SPEC/docker_version.table" "select version from docker_version" "version" \
  "$(docker version -f '{{.Server.Version}}')"
qcase spec-network-labels-all "$SPEC/docker_network_labels.table" "select * from docker_network_labels"
qcase spec-network-labels-prefix "$SPEC/docker_network_labels.table" \
  "select * from docker_network_labels where id = '${NID:0:16}'" "key, value" \
  "$(docker network inspect -f '{{range $k, $v := .Labels}}{{$k}}|{{$v}}{{"\n"}}{{end}}' "$NET" | sed '/^$/d')"
qcase spec-network-labels-id "$SPEC/docker_network_labels.table" \
  "select * from docker_network_labels where id = '$NID'" "count(*)" "2"
qcase spec-networks-all-tables "$SPEC/docker_networks.table" "select * from docker_networks"
qcase spec-networks-prefix-net "$SPEC/docker_networks.table" \
  "select * from docker_networks where id = '${NID:0:12}'" "name, driver, subnet, gateway" \
  "$(docker network inspect -f '{{.Name}}|{{.Driver}}|{{range .IPAM.Config}}{{.Subnet}}|{{.Gateway}}{{end}}' "$NET")"
qcase spec-networks-id-net "$SPEC/docker_networks.table" \
  "select * from docker_networks where id = '$NID'" "enable_ipv6" \
  "$(docker network inspect -f '{{if .EnableIPv6}}1{{else}}0{{end}}' "$NET")"
qcase spec-volume-labels-all "$SPEC/docker_volume_labels.table" "select * from docker_volume_labels"
qcase spec-volume-labels-name "$SPEC/docker_volume_labels.table" \
  "select * from docker_volume_labels where name = '$VOL'" "key, value" \
  "$(docker volume inspect -f '{{range $k, $v := .Labels}}{{$k}}|{{$v}}{{"\n"}}{{end}}' "$VOL" | sed '/^$/d')"
qcase spec-volumes-all "$SPEC/docker_volumes.table" "select * from docker_volumes"
qcase spec-volumes-name "$SPEC/docker_volumes.table" \
  "select * from docker_volumes where name = '$VOL'" "driver, mount_point" \
  "$(docker volume inspect -f '{{.Driver}}|{{.Mountpoint}}' "$VOL")"

# ---- published osquery queries ----------------------------------------------------------------
ODK="chainguard-dev/osquery-defense-kit@84bdcdb"
qcase odk-privileged-containers "$ODK detection/privesc/1-unexpected-privileged-containers.sql" \
  "SELECT command, image_id, path, security_options, started_at, image,
     COALESCE(REGEX_MATCH (image, '(.*?):', 1), image) AS image_name
   FROM docker_containers
   WHERE privileged = 1
     AND image_name NOT IN ('distroless.dev/melange', 'docker.io/library/registry',
       'docker.io/rancher/k3s', 'gcr.io/k8s-minikube/kicbase', 'jdk-crac', 'kindest/node',
       'ligfx/k3d-registry-dockerd', 'moby/buildkit', 'wolfi')
     AND image NOT LIKE 'cgr.dev/chainguard%' AND image NOT LIKE 'ghcr.io/k3d-io/k3d-%'
     AND image NOT LIKE 'ghcr.io/wolfi-dev/%' AND image NOT LIKE 'k3d-k3d.localhost:%'
     AND image NOT LIKE 'melange-%' AND command NOT LIKE '/usr/bin/melange build %'
     AND command != '/bin/k3s server'"
qcase odk-image-name-regex "$ODK detection/privesc/1-unexpected-privileged-containers.sql (its regex_match on our container)" \
  "SELECT COALESCE(REGEX_MATCH (image, '(.*?):', 1), image) AS image_name FROM docker_containers
   WHERE id = '$CID'" "image_name" "dockersec-test"
qcase odk-mounting-root "$ODK detection/privesc/2-docker-container-mounting-root.sql" \
  "SELECT command, image_id, path, source, destination, security_options, started_at, image
   FROM docker_container_mounts AS dcm LEFT JOIN docker_containers dc ON dcm.id = dc.id
   WHERE dcm.source = \"/\" AND image NOT IN (\"ghcr.io/ublue-os/bluefin-cli\",
     \"ghcr.io/ublue-os/ubuntu-toolbox\") AND image NOT LIKE '%wolfi-sdk-toolbox:latest'"
qcase odk-sketchy-image-creator "$ODK detection/privesc/3-sketchy-docker-image-creator.sql" \
  "SELECT * FROM docker_image_history WHERE created > (strftime('%s', 'now') -86400)
   AND created_by LIKE '%/bin/sh%/lol%'"
qcase odk-ir-mounts "$ODK incident_response/docker_container_mounts.sql" \
  "SELECT * FROM docker_container_mounts"
qcase odk-ir-ports "$ODK incident_response/docker_container_ports.sql" \
  "SELECT * FROM docker_container_ports"
qcase odk-ir-processes "$ODK incident_response/docker_container_processes.sql" \
  "SELECT docker_container_processes.*, docker_containers.name FROM docker_containers
   JOIN docker_container_processes ON docker_containers.id = docker_container_processes.id"
qcase odk-ir-containers "$ODK incident_response/docker_containers.sql" "SELECT * FROM docker_containers"
qcase odk-ir-image-history "$ODK incident_response/docker_image_history.sql" \
  "SELECT * FROM docker_image_history"
qcase odk-ir-images "$ODK incident_response/docker_images.sql" "SELECT * FROM docker_images"

LAB="Srinivaskarthikputlur/DockerK8SLabs Container/OSQuery/osquery.md"
qcase lab-privileged "$LAB step 4" \
  "SELECT name, image, status from docker_containers where privileged=1"
qcase lab-env-password "$LAB step 5" \
  "select name,env_variables FROM docker_containers where env_variables LIKE \"%PASSWORD%\"" \
  "name" "$(run_sql "SELECT name FROM docker_containers WHERE env_variables LIKE '%PASSWORD%'")"
qcase lab-env-password-ours "$LAB step 5 (our container)" \
  "select name,env_variables FROM docker_containers where env_variables LIKE \"%PASSWORD%\" and id = '$CID'" \
  "name, env_variables LIKE '%DB_PASSWORD=<redacted>%'" "/$CTR|1"
qcase lab-etc-mounts "$LAB step 6" \
  "select id, source, destination from docker_container_mounts where source LIKE \"%etc%\""
qcase lab-no-apparmor "$LAB step 7" \
  "SELECT name, image, state FROM docker_containers WHERE security_options NOT LIKE \"%apparmor%\""
qcase lab-docker-group-users "$LAB step 8" \
  "SELECT u.username FROM user_groups ug LEFT JOIN users u ON u.uid=ug.uid
   WHERE ug.gid IN (SELECT gid FROM groups WHERE groupname=\"docker\")"
qcase lab-stats-join "$LAB step 9" \
  "select ds.name, ds.memory_usage, ds.memory_limit from docker_container_stats ds, docker_containers dc where dc.id=ds.id"
qcase lab-stats-join-ours "$LAB step 9 (our container)" \
  "select ds.name, ds.memory_usage, ds.memory_limit from docker_container_stats ds, docker_containers dc where dc.id=ds.id and dc.id = '$CID'" \
  "name, memory_limit" "/$CTR|$(insp '{{.HostConfig.Memory}}')"

qcase osq-pr4024-sockets "osquery PR #4024 (process_open_sockets in container namespaces)" \
  "SELECT c.name, s.local_port FROM docker_containers c
   JOIN process_open_sockets s ON s.net_namespace = c.net_namespace"
qcase osq-ns-join "osquery docs: namespaces join process_namespaces (docker.cpp, proc.cpp)" \
  "SELECT c.name, count(p.pid) FROM docker_containers c
   JOIN process_namespaces p ON p.pid_namespace = c.pid_namespace WHERE c.id = '$CID'
   GROUP BY c.name" "count(*)" "1"
qcase osq-pid-with-namespace "osquery PR #6209/#6414: deb_packages WHERE pid_with_namespace" \
  "SELECT * FROM deb_packages WHERE pid_with_namespace = (SELECT pid FROM docker_containers WHERE id = '$CID')"
qcase osq-users-in-container "osquery PR #6209: users WHERE pid_with_namespace" \
  "SELECT username FROM users WHERE pid_with_namespace = (SELECT pid FROM docker_containers WHERE id = '$CID')" \
  "username" "$(printf 'root\nnobody\napp')"
qcase osq-sql-md-time "osquery docs/wiki/introduction/sql.md ('try SELECT * FROM time')" \
  "SELECT * FROM time" "timezone" "UTC"
qcase osq-sql-md-open-files "osquery docs/wiki/introduction/sql.md (osquery_info JOIN process_open_files)" \
  "SELECT p.pid, name, p.path as process_path, pf.path as open_path FROM osquery_info i
   JOIN processes p ON p.pid = i.pid JOIN process_open_files pf ON pf.pid = p.pid
   WHERE pf.path LIKE '/dev/%'"
qcase osq-version-collate "osquery specs docker_version [version] column" \
  "SELECT version FROM docker_version WHERE version >= '1.13.1'" "count(*)" "1"
qcase osq-uptime-join "osquery uptime with docker_info (Fleet-style host summary)" \
  "SELECT i.containers_running, u.days FROM docker_info i, uptime u" "count(*)" "1"
qcase osq-ports-processes-nocase "osquery [nocase] ids: upper-case id pushes down" \
  "SELECT count(*) FROM docker_container_processes WHERE id = upper('$CID')" "1" "1"

echo "osquery-compat: $RUN run, $ERRORS error ($EXPECTED_ERRORS expected: missing tables), $DIFFERS differs"
