-- processes on a cgroup v2 host (systemd and cgroupfs drivers), read from the fixture root.
SELECT pid, name, path, cmdline, state, cwd, root, uid, gid, euid, parent, threads, nice,
       resident_size, total_size, user_time, system_time, start_time, on_disk,
       disk_bytes_read, disk_bytes_written, cgroup_path, container_id
FROM processes ORDER BY pid;
-- pid push-down reads one process; a vanished one (4000) and a missing one (9999) are skipped.
SELECT pid, name FROM processes WHERE pid IN (2001, 4000, 9999) ORDER BY pid;
-- count(*) reads no file (that is what makes it fast), so it counts every
-- /proc entry, including one that vanishes before its files are read.
SELECT count(*) AS n FROM processes;
SELECT container_id, count(*) AS n FROM processes WHERE container_id IS NOT NULL
GROUP BY container_id ORDER BY container_id;

-- capabilities, Docker's spelling; NET_BIND_SERVICE only for container A.
SELECT pid, cap_set, capability, bit FROM process_capabilities
WHERE pid = 2001 ORDER BY cap_set, bit;
SELECT count(*) AS bounding_caps FROM process_capabilities WHERE pid = 2101 AND cap_set = 'bounding';
SELECT pid FROM process_capabilities WHERE capability = 'CAP_SYS_ADMIN' AND cap_set = 'effective'
ORDER BY pid;
SELECT pid, capability FROM process_capabilities WHERE capability = 'cap_net_raw' AND pid = 2101;

SELECT * FROM process_security ORDER BY pid;

SELECT * FROM process_namespaces ORDER BY pid;

SELECT * FROM process_id_maps WHERE pid IN (1, 2001) ORDER BY pid, type;

-- mountinfo of container A: / read-only, \040 decoded, propagation.
SELECT pid, mount_id, parent_id, device, root, path, type, source, options, read_only,
       propagation, optional_fields
FROM process_mounts WHERE pid = 2001 ORDER BY mount_id;
SELECT pid, read_only FROM process_mounts WHERE path = '/' AND pid IN (2001, 2101) ORDER BY pid;
