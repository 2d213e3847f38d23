-- Every container, running or not, with the settings that decide its isolation
-- at a glance.  Run: build/dockersec query - < queries/01-containers-overview.sql
SELECT ltrim(name, '/') AS container, state,
       CASE WHEN user = '' THEN '(root)' ELSE user END AS user,
       privileged, readonly_rootfs AS ro_rootfs, no_new_privileges AS nnp,
       cap_add, cap_drop, network_mode,
       memory_limit / 1048576 AS memory_mb, pids_limit, log_driver
FROM docker_containers
ORDER BY container;
