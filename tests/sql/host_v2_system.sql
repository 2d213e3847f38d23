-- host-wide tables on the cgroup v2 fixture root.
SELECT device, device_alias, path, type, flags, propagation FROM mounts ORDER BY path;
-- statfs is skipped for network filesystems (it can hang): NULL, not 0.
SELECT path, blocks_size IS NULL AS no_statfs FROM mounts WHERE type = 'nfs4' ORDER BY path;

SELECT container_id, cgroup_path, cgroup_version, controller, name, value, limit_value
FROM cgroup_limits ORDER BY container_id, controller, name;
-- container_id push-down, and a host cgroup by path (container_id NULL).
SELECT name, value, limit_value FROM cgroup_limits
WHERE container_id = 'A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1'
  AND name IN ('memory.max', 'pids.max', 'cpu.max') ORDER BY name;
SELECT container_id, cgroup_path, name, value FROM cgroup_limits
WHERE cgroup_path = '/system.slice/docker.service' ORDER BY name;
SELECT count(*) FROM cgroup_limits WHERE container_id = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff';
SELECT count(*) FROM cgroup_limits WHERE cgroup_path = '/../../etc';
-- processes of a container joined to its limits.
SELECT p.pid, l.value FROM processes p JOIN cgroup_limits l ON l.container_id = p.container_id
WHERE l.name = 'memory.max' ORDER BY p.pid;

SELECT * FROM user_namespace_maps ORDER BY type, start;

SELECT * FROM audit_rules ORDER BY file, line;
SELECT path, permissions, key FROM audit_rules
WHERE type = 'watch' AND path IN ('/usr/bin/dockerd', '/etc/docker') ORDER BY path;

SELECT * FROM os_version;
SELECT * FROM kernel_info;

SELECT * FROM listening_ports ORDER BY net_namespace, family, protocol, port, socket, pid;

-- file: modes are set by the .env; owner resolves from the fixture's /etc/passwd.
SELECT path, directory, filename, type, mode, mode_int, symlink, symlink_target, size
FROM file WHERE directory = '/etc/docker' ORDER BY path;
SELECT path, type, mode FROM file WHERE path IN ('/etc/docker/certs/key.pem', '/etc/docker/',
  '/etc/docker/link-to-daemon.json', '/etc/docker/nope', 'relative/path') ORDER BY path;
-- an absolute symlink and ".." stay inside the root prefix.
SELECT path, size = (SELECT size FROM file WHERE path = '/etc/docker/daemon.json') AS same_file
FROM file WHERE path = '/etc/docker/link-to-daemon.json';
SELECT path, type FROM file WHERE path = '/../../../etc/passwd';
SELECT (owner IS NOT NULL) = (uid IN (0, 1, 999, 1000)) AS owner_from_root_passwd
FROM file WHERE path = '/etc/passwd';
SELECT count(*) FROM file;

-- dockerd flags + daemon.json, engine unreachable: no info rows, one info_error row.
SELECT key, value, source, effective, note FROM docker_daemon_settings
WHERE key != 'info_error' ORDER BY key, source;
SELECT key, source, effective, value IS NOT NULL AS has_message, note FROM docker_daemon_settings
WHERE key = 'info_error';
SELECT key, value FROM docker_daemon_settings WHERE effective = 1 AND key IN
  ('icc', 'live-restore', 'userns-remap', 'no-new-privileges', 'hosts', 'tlsverify') ORDER BY key;
