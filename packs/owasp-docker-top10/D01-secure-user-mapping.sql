-- OWASP Docker Top 10 - D01 Secure User Mapping
-- The application in a container should not run as root, and never as root
-- of the host: a compromise then gives the attacker root one layer closer to
-- the host.  --privileged is close to no container at all.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D01-secure-user-mapping.sql

-- check: D01.1
-- control: D01
-- title: Container runs as root
-- severity: medium
-- description: The user part of Config.User is empty, 0 or root (also written 0:0, root:root or
--   0:GROUP), so the container's processes run as UID 0 - and, without user-namespace
--   remapping, as root of the host.  An empty user means the image's default, which is root
--   when the image has no USER instruction.
-- remediation: Add a USER instruction with an unprivileged UID to the image (or run with
--   --user UID:GID); grant a single root power with a capability (setcap) instead of root.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D01%20-%20Secure%20User%20Mapping.md
--   https://docs.docker.com/reference/dockerfile/#user
-- cis: 4.1
SELECT id AS container_id,
       ltrim(name, '/') AS container_name, runtime,
       state,
       CASE WHEN user = '' THEN '(image default: root)' ELSE user END AS user
FROM all_containers
WHERE lower(CASE WHEN instr(user, ':') > 0 THEN substr(user, 1, instr(user, ':') - 1)
                 ELSE user END) IN ('', '0', 'root')
ORDER BY container_name;

-- check: D01.2
-- control: D01
-- title: Container process runs as root on the host
-- severity: high
-- description: A process of the container has real or effective UID 0 as the host sees it (read
--   from /proc on the host, not from the container's configuration) although its configured
--   user is not root: an entrypoint that switches back to root.  (A container configured as
--   root is D01.1's one finding.)  Under user-namespace remapping, root inside shows as
--   the remapped UID and passes.
-- remediation: Run the container as an unprivileged user (USER / --user) and make sure the
--   entrypoint does not switch back to root; or enable userns-remap.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D01%20-%20Secure%20User%20Mapping.md
--   https://docs.docker.com/engine/security/userns-remap/
-- (no count or pid in the row: they change without a change of configuration,
-- and a --state run would report the finding again each time)
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name,
       min(p.name) AS example_name
FROM docker_containers AS c
JOIN processes AS p ON p.container_id = c.id
WHERE c.state = 'running' AND (p.uid = 0 OR p.euid = 0)
  AND lower(CASE WHEN instr(c.user, ':') > 0 THEN substr(c.user, 1, instr(c.user, ':') - 1)
                 ELSE c.user END) NOT IN ('', '0', 'root')
GROUP BY c.id
ORDER BY container_name;

-- check: D01.4
-- control: D01
-- title: Privileged container
-- severity: critical
-- description: --privileged gives the container every capability, all host devices, no seccomp
--   or AppArmor confinement and a writable /sys: root in it is root on the host.
-- remediation: Remove --privileged; add only the capabilities and devices the workload needs
--   (--cap-add, --device).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D01%20-%20Secure%20User%20Mapping.md
--   https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
-- cis: 5.5
-- controls: D01, D04
SELECT id AS container_id, ltrim(name, '/') AS container_name, runtime, state, user
FROM all_containers
WHERE privileged = 1
ORDER BY container_name;

-- check: D01.5
-- control: D01
-- title: Engine does not remap users
-- severity: medium
-- description: The engine runs rootful without userns-remap, so UID 0 in any container is UID 0
--   on the host: one container escape gives the attacker host root.
-- remediation: Enable "userns-remap": "default" in /etc/docker/daemon.json (with /etc/subuid and
--   /etc/subgid ranges), or run the engine rootless.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D01%20-%20Secure%20User%20Mapping.md
--   https://docs.docker.com/engine/security/userns-remap/
--   https://docs.docker.com/engine/security/rootless/
-- cis: 2.9
SELECT i.name AS engine_host, i.server_version,
       (SELECT value FROM docker_daemon_settings WHERE key = 'userns-remap' AND effective = 1)
         AS userns_remap
FROM docker_info AS i
WHERE i.userns = 0 AND i.rootless = 0 AND i.podman = 0
ORDER BY 1;

-- check: D01.6
-- control: D01
-- title: Subordinate ID range missing or too small for user remapping
-- severity: low
-- description: userns-remap is on, but /etc/subuid or /etc/subgid has no range for the remap
--   user (dockremap for "default"), or a range of fewer than 65536 IDs, so containers cannot
--   get a full, private ID range.  Only judged when the engine remaps users.
-- remediation: Give the remap user a range of at least 65536 IDs that overlaps no other user's
--   range in both /etc/subuid and /etc/subgid, then restart the engine.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D01%20-%20Secure%20User%20Mapping.md
--   https://docs.docker.com/engine/security/userns-remap/#prerequisites
WITH remap AS (
  SELECT CASE WHEN value IN ('default', '') THEN 'dockremap'
              WHEN instr(value, ':') > 0 THEN substr(value, 1, instr(value, ':') - 1)
              ELSE value END AS user
  FROM docker_daemon_settings
  WHERE key = 'userns-remap' AND effective = 1
    AND (SELECT userns FROM docker_info) = 1),
kinds(type) AS (VALUES ('uid'), ('gid'))
SELECT r.user AS remap_user, k.type, coalesce(max(m.count), 0) AS ids_in_range
FROM remap AS r CROSS JOIN kinds AS k
LEFT JOIN user_namespace_maps AS m ON m.type = k.type AND m.user = r.user
GROUP BY r.user, k.type
HAVING coalesce(max(m.count), 0) < 65536
ORDER BY remap_user, k.type;

-- check: D01.10
-- control: D01
-- title: Container joins a privileged host group
-- severity: medium
-- description: --group-add puts the container's user into a group such as docker, disk, root,
--   shadow, adm or kvm, whose members can reach the engine, raw disks or protected files when
--   those are mounted or exposed.
-- remediation: Remove the --group-add entry; give the container only the files it needs,
--   owned by a dedicated group.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D01%20-%20Secure%20User%20Mapping.md
--   https://docs.docker.com/reference/cli/docker/container/run/#group-add
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, g.value AS group_added
FROM docker_containers AS c, json_each(c.group_add) AS g
WHERE lower(g.value) IN ('0', 'root', 'docker', 'disk', 'shadow', 'adm', 'kvm', 'sudo', 'wheel',
                         'sys', 'kmem', 'video')
ORDER BY container_name, group_added;

-- check: D01.13
-- control: D01
-- title: Engine socket reachable from a container
-- severity: critical
-- description: The container has the Docker, containerd, Podman or CRI-O API socket mounted,
--   or a host directory that holds it (/, /var, /run, /var/run, /run/docker, /run/containerd,
--   …).  Whoever controls that socket can start a privileged container with the host's /
--   mounted: the container is root on the host, read-only mount or not.
-- remediation: Remove the socket mount.  If the container must manage containers, put an
--   authorising proxy in front of the socket that allows only the calls it needs.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D01%20-%20Secure%20User%20Mapping.md
--   https://docs.docker.com/engine/security/protect-access/
-- cis: 5.32, 5.6
-- controls: D01, D04
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       m.source, m.destination, m.rw,
       CASE WHEN m.source GLOB '*.sock' OR m.destination GLOB '*.sock' THEN 'socket'
            ELSE 'directory holding the socket' END AS reach
FROM all_containers AS c
JOIN all_container_mounts AS m ON m.id = c.id
WHERE (m.source GLOB '*/docker.sock' OR m.source GLOB '*/containerd.sock'
   OR m.source GLOB '*/podman.sock' OR m.source GLOB '*/crio.sock'
   OR m.destination GLOB '*/docker.sock' OR m.destination GLOB '*/containerd.sock'
   OR m.destination GLOB '*/podman.sock' OR m.destination GLOB '*/crio.sock'
   OR (m.type = 'bind' AND rtrim(m.source, '/') IN (
         '', '/var', '/run', '/var/run', '/run/docker', '/var/run/docker', '/run/containerd',
         '/var/run/containerd', '/run/podman', '/var/run/podman', '/run/crio', '/var/run/crio')))
ORDER BY container_name, m.destination;
