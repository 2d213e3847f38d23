-- A cgroup v1 host: A uses the cgroupfs driver (/docker/<id>), B the systemd driver
-- (/system.slice/docker-<id>.scope), C a custom --cgroup-parent (/custom/<id>).
SELECT pid, name, cgroup_path, container_id FROM processes ORDER BY pid;

SELECT container_id, cgroup_path, cgroup_version, controller, name, value, limit_value
FROM cgroup_limits ORDER BY container_id, controller, name;
-- C is at no known place: found through its process's /proc/<pid>/cgroup.
SELECT cgroup_path, name, limit_value FROM cgroup_limits
WHERE container_id = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3' ORDER BY name;
SELECT container_id, name, value, limit_value FROM cgroup_limits
WHERE container_id IN ('b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', 'nothex')
  AND controller = 'memory' ORDER BY name;
SELECT count(*) FROM cgroup_limits WHERE container_id = 'a1a1';

SELECT pid, shares_host_pid, shares_host_net, shares_host_mnt, shares_host_user
FROM process_namespaces WHERE pid IN (2001, 2101, 2201) ORDER BY pid;

SELECT device, path, type, flags FROM mounts WHERE path LIKE '/sys/fs/cgroup%' ORDER BY path;

-- --config-file names a malformed file: reported, and the flags still show.
SELECT key, value, source, effective, note FROM docker_daemon_settings
WHERE source IN ('cmdline', 'daemon.json') ORDER BY key, source;
SELECT key, value FROM docker_daemon_settings
WHERE effective = 1 AND key IN ('icc', 'live-restore', 'userns-remap', 'hosts') ORDER BY key;

SELECT name, version, major, minor, platform, platform_like, codename FROM os_version;
SELECT version, path, device FROM kernel_info;
