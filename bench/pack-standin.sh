#!/bin/sh
# bench/pack-standin.sh DOCKERSEC - prints, on stdout, SQL that reads what the
# OWASP pack reads from the engine, for `dockersec query` while the runner
# (`dockersec run`) is not built: one statement per container check the
# catalogue lists (D01 root/privileged, D03 host network, D04 capabilities,
# seccomp, namespaces, D06 secrets, D07 limits, D08 digests, D09 read-only,
# D10 logging), every other docker_* table there is, and each per-container
# table joined to docker_containers on id (as a pack check does).  Only
# tables the binary has are used, so it works on every branch.
set -eu
DS="$1"
tables=$("$DS" tables)
have() { echo "$tables" | grep -qx "$1"; }
has_id() {
  [ "$("$DS" query "SELECT count(*) FROM pragma_table_info('$1') WHERE name = 'id'" --format csv |
    tail -n +2 | tr -d '\r')" = 1 ]
}

cat <<'EOF'
SELECT id AS container_id, name AS container_name, user FROM docker_containers
  WHERE user IN ('', 'root', '0', '0:0', 'root:root');
SELECT id, name FROM docker_containers WHERE privileged = 1;
SELECT id, name, network_mode FROM docker_containers WHERE network_mode = 'host';
SELECT id, name, cap_add FROM docker_containers WHERE cap_add <> '[]';
SELECT id, name, cap_drop FROM docker_containers WHERE cap_drop = '[]';
SELECT id, name FROM docker_containers WHERE seccomp_profile = 'unconfined';
SELECT id, name FROM docker_containers WHERE apparmor_profile = 'unconfined';
SELECT id, name FROM docker_containers WHERE no_new_privileges = 0;
SELECT id, name, pid_mode, ipc_mode, uts_mode, userns_mode, cgroupns_mode FROM docker_containers
  WHERE pid_mode = 'host' OR ipc_mode = 'host' OR uts_mode = 'host' OR userns_mode = 'host'
     OR cgroupns_mode = 'host';
SELECT id, name FROM docker_containers WHERE masked_paths = '[]';
SELECT c.id, c.name, e.value FROM docker_containers c, json_each('["' ||
  replace(c.env_variables, ', ', '","') || '"]') e WHERE e.value LIKE '%<redacted>%';
SELECT id, name, labels FROM docker_containers WHERE labels LIKE '%password%';
SELECT id, name FROM docker_containers WHERE memory_limit = 0;
SELECT id, name FROM docker_containers WHERE nano_cpus = 0 AND cpu_quota = 0;
SELECT id, name FROM docker_containers WHERE pids_limit IS NULL OR pids_limit <= 0;
SELECT id, name FROM docker_containers WHERE restart_policy = 'always'
   OR (restart_policy = 'on-failure' AND restart_max_retries = 0);
SELECT id, name, image FROM docker_containers WHERE image_digest IS NULL;
SELECT id, name FROM docker_containers WHERE readonly_rootfs = 0;
SELECT id, name, log_driver FROM docker_containers WHERE log_driver IN ('none', 'json-file', 'local');
SELECT c.id, c.name, c.pid, c.pid_namespace FROM docker_containers c WHERE c.state = 'running';
SELECT version, api_version FROM docker_version WHERE api_version < '1.40';
EOF
for t in $tables; do
  case "$t" in
  docker_containers | docker_version) ;;
  # /top is one extra request per running container: only where a check asks.
  docker_container_processes) ;;
  docker_container_*)
    if has_id "$t"; then
      echo "SELECT c.id, c.name, t.* FROM docker_containers c JOIN $t t ON t.id = c.id;"
    else
      echo "SELECT * FROM $t;"
    fi
    ;;
  docker_image_*)
    if has_id "$t" && have docker_images; then
      echo "SELECT i.id, t.* FROM docker_images i JOIN $t t ON t.id = i.id;"
    else
      echo "SELECT * FROM $t;"
    fi
    ;;
  docker_*) echo "SELECT * FROM $t;" ;;
  esac
done
