-- Resource limits as configured (docker inspect) next to what the kernel
-- enforces (the container's cgroup files): they must agree.
SELECT ltrim(c.name, '/') AS container,
       c.memory_limit AS memory_config,
       max(CASE WHEN l.name IN ('memory.max', 'memory.limit_in_bytes') THEN
                coalesce(l.limit_value, 'unlimited') END) AS memory_cgroup,
       c.pids_limit AS pids_config,
       max(CASE WHEN l.name = 'pids.max' THEN coalesce(l.limit_value, 'max') END) AS pids_cgroup,
       c.nano_cpus / 1e9 AS cpus_config,
       max(CASE WHEN l.name IN ('cpu.max', 'cpu.cfs_quota_us') THEN
                coalesce(l.limit_value, 'unlimited') END) AS cpu_quota_us_cgroup
FROM docker_containers AS c
JOIN cgroup_limits AS l ON l.container_id = c.id
WHERE c.state = 'running'
GROUP BY c.id
ORDER BY container;
