-- OWASP Docker Top 10 - D09 Follow Immutable Paradigm
-- A deployed container rarely needs to write to its own filesystem or to the
-- host's.  Running it read-only stops an intruder from dropping tools or
-- changing the application in place.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D09-follow-immutable-paradigm.sql

-- check: D09.1
-- control: D09
-- title: Writable root filesystem
-- severity: medium
-- description: The container's root filesystem is writable (no --read-only), so an intruder can
--   modify binaries and configuration of the running application.
-- remediation: Run with --read-only and mount a tmpfs (--tmpfs /tmp) or a volume only where
--   the application must write.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D09%20-%20Follow%20Immutable%20Paradigm.md
--   https://docs.docker.com/reference/cli/docker/container/run/#read-only
-- cis: 5.13
SELECT id AS container_id, ltrim(name, '/') AS container_name, runtime, state, readonly_rootfs
FROM all_containers
WHERE readonly_rootfs = 0
ORDER BY container_name;

-- check: D09.2
-- control: D09
-- title: Writable bind mount of a host path
-- severity: medium
-- description: A host directory or file is bind-mounted read-write: the container can change
--   host files, and what it writes survives the container.
-- remediation: Mount it read-only (:ro) and write to a named volume or tmpfs instead.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D09%20-%20Follow%20Immutable%20Paradigm.md
--   https://docs.docker.com/engine/storage/bind-mounts/#use-a-read-only-bind-mount
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       m.source, m.destination
FROM all_containers AS c
JOIN all_container_mounts AS m ON m.id = c.id
WHERE m.type = 'bind' AND m.rw = 1
  -- one finding per mount: system paths are D04.31, the socket's directories D01.13, the
  -- D-Bus socket D04.33
  AND NOT (rtrim(m.source, '/') IN ('/etc', '/boot', '/dev', '/proc', '/sys', '/usr', '/lib', '/lib64',
                                     '/bin', '/sbin', '/root', '/var/lib/docker', '/var/lib/containerd',
                                     '/var/lib/kubelet', '/var/spool/cron')
           OR m.source GLOB '/etc/*' OR m.source GLOB '/boot/*' OR m.source GLOB '/proc/*'
           OR m.source GLOB '/sys/*' OR m.source GLOB '/usr/*' OR m.source GLOB '/lib/*'
           OR m.source GLOB '/lib64/*' OR m.source GLOB '/bin/*' OR m.source GLOB '/sbin/*'
           OR m.source GLOB '/root/*' OR m.source GLOB '/var/lib/docker/*'
           OR m.source GLOB '/var/lib/containerd/*' OR m.source GLOB '/var/lib/kubelet/*'
           OR m.source GLOB '/var/spool/cron/*')
  AND NOT (m.source GLOB '*/docker.sock' OR m.source GLOB '*/containerd.sock'
       OR m.source GLOB '*/podman.sock' OR m.source GLOB '*/crio.sock'
       OR m.destination GLOB '*/docker.sock' OR m.destination GLOB '*/containerd.sock'
       OR m.destination GLOB '*/podman.sock' OR m.destination GLOB '*/crio.sock'
       OR (m.type = 'bind' AND rtrim(m.source, '/') IN (
             '', '/var', '/run', '/var/run', '/run/docker', '/var/run/docker', '/run/containerd',
             '/var/run/containerd', '/run/podman', '/var/run/podman', '/run/crio', '/var/run/crio')))
  AND NOT (rtrim(m.source, '/') IN ('/run/dbus', '/var/run/dbus') OR m.source GLOB '*/system_bus_socket')
ORDER BY container_name, m.destination;

-- check: D09.7
-- control: D09
-- title: Package manager running in a container
-- severity: low
-- description: A package manager (apt, dpkg, yum, dnf, rpm, apk, pip, npm, gem) runs inside a
--   deployed container: the container is being changed in place instead of rebuilt, or an
--   intruder is installing tools.
-- remediation: Install software at build time only; rebuild and redeploy to change a container.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D09%20-%20Follow%20Immutable%20Paradigm.md
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, p.pid, p.name
FROM docker_containers AS c
JOIN docker_container_processes AS p ON p.id = c.id
-- (the IN asks the tops of all running containers at once, concurrently)
WHERE p.id IN (SELECT id FROM docker_containers WHERE state = 'running')
  AND +p.name IN ('apt', 'apt-get', 'aptitude', 'dpkg', 'yum', 'dnf', 'microdnf', 'rpm', 'apk',
                  'pip', 'pip3', 'npm', 'gem', 'zypper')
ORDER BY container_name, p.pid;

-- check: D09.9
-- control: D09
-- title: Many stopped containers
-- severity: info
-- description: More than 25 containers are stopped (policy in the SQL): pets rather than cattle,
--   old configurations and data that nobody maintains and that may be restarted by mistake.
-- remediation: Remove containers that are not needed (docker container prune) and recreate
--   from images instead of restarting old containers.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D09%20-%20Follow%20Immutable%20Paradigm.md
-- cis: 6.2
WITH policy(max_stopped) AS (VALUES (25))
SELECT i.name AS engine_host, i.containers_stopped, p.max_stopped AS policy_maximum
FROM docker_info AS i, policy AS p
WHERE i.containers_stopped > p.max_stopped
ORDER BY 1;

-- check: D09.10
-- control: D09
-- title: Dangling volume
-- severity: info
-- description: A volume is not mounted by any container: data left behind (possibly with
--   secrets or personal data) that no one maintains.
-- remediation: Back it up if needed and remove it (docker volume prune).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D09%20-%20Follow%20Immutable%20Paradigm.md
--   https://docs.docker.com/reference/cli/docker/volume/prune/
SELECT v.name AS volume, v.driver, datetime(v.created, 'unixepoch') AS created
FROM docker_volumes AS v
WHERE v.name NOT IN (SELECT m.name FROM docker_containers AS c
                     JOIN docker_container_mounts AS m ON m.id = c.id
                     WHERE m.type = 'volume' AND m.name IS NOT NULL)
ORDER BY volume;
