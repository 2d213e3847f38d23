-- OWASP Docker Top 10 - D07 Resource Protection
-- Containers share the host's CPU, memory, process table and disk.  One that
-- runs out of control - by a bug or on purpose - starves the host and its
-- neighbours, and the OOM killer may kill the wrong process.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D07-resource-protection.sql

-- check: D07.1
-- control: D07
-- title: No memory limit
-- severity: medium
-- description: The container was started without --memory (or its cgroup, read from the
--   host's cgroup files, enforces no memory limit), so it can use all of the host's memory and
--   push the kernel's OOM killer onto other containers or the engine.
-- remediation: Run with --memory (and --memory-reservation for a soft limit) sized for the
--   workload.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/engine/containers/resource_constraints/#memory
-- cis: 5.11
WITH cg AS (
  SELECT container_id, limit_value FROM cgroup_limits
  WHERE name IN ('memory.max', 'memory.limit_in_bytes'))
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state, c.memory_limit,
       CASE WHEN c.state <> 'running' THEN NULL
            WHEN cg.container_id IS NULL THEN 'not found'
            ELSE coalesce(cg.limit_value, 'unlimited') END AS cgroup_memory_limit
FROM all_containers AS c
LEFT JOIN cg ON cg.container_id = c.id AND c.state = 'running'
WHERE c.memory_limit = 0
   OR (cg.container_id IS NOT NULL AND cg.limit_value IS NULL)
ORDER BY container_name;

-- check: D07.2
-- control: D07
-- title: Unlimited swap
-- severity: low
-- description: The container has a memory limit but --memory-swap -1, so it can swap without
--   bound and slow the whole host down instead of being stopped at its limit.
-- remediation: Remove --memory-swap -1 (the default allows swap equal to the memory limit) or
--   set it to a bounded value.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/engine/containers/resource_constraints/#--memory-swap-details
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, memory_limit, memory_swap
FROM docker_containers
WHERE memory_limit > 0 AND memory_swap = -1
ORDER BY container_name;

-- check: D07.3
-- control: D07
-- title: No CPU limit
-- severity: low
-- description: The container has neither --cpus, --cpu-quota nor --cpu-shares (or --cpus was
--   given but its cgroup enforces no quota), so a busy loop in it competes on equal terms
--   with everything else on the host.
-- remediation: Run with --cpus (hard limit) or --cpu-shares (relative weight).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/engine/containers/resource_constraints/#cpu
-- cis: 5.12
WITH cg AS (
  SELECT container_id, limit_value FROM cgroup_limits
  WHERE name IN ('cpu.max', 'cpu.cfs_quota_us'))
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state, c.nano_cpus,
       c.cpu_quota, c.cpu_shares,
       CASE WHEN c.state <> 'running' THEN NULL
            WHEN cg.container_id IS NULL THEN 'not found'
            ELSE coalesce(cg.limit_value, 'unlimited') END AS cgroup_cpu_quota_us
FROM all_containers AS c
LEFT JOIN cg ON cg.container_id = c.id AND c.state = 'running'
WHERE (c.nano_cpus = 0 AND c.cpu_quota <= 0 AND c.cpu_shares = 0)
   OR (c.nano_cpus > 0 AND cg.container_id IS NOT NULL AND cg.limit_value IS NULL)
ORDER BY container_name;

-- check: D07.4
-- control: D07
-- title: No PIDs limit
-- severity: medium
-- description: The container has no --pids-limit (unset, 0 and -1 all mean unlimited), or its
--   pids cgroup says max, so a fork bomb in it exhausts the host's process table.  dockerd has
--   no daemon-wide default.
-- remediation: Run with --pids-limit sized for the workload (e.g. 100-1000).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/reference/cli/docker/container/run/#pids-limit
-- cis: 5.29
WITH cg AS (SELECT container_id, limit_value FROM cgroup_limits WHERE name = 'pids.max')
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state, c.pids_limit,
       CASE WHEN c.state <> 'running' THEN NULL
            WHEN cg.container_id IS NULL THEN 'not found'
            ELSE coalesce(cg.limit_value, 'max') END AS cgroup_pids_max
FROM all_containers AS c
LEFT JOIN cg ON cg.container_id = c.id AND c.state = 'running'
WHERE c.pids_limit IS NULL OR c.pids_limit <= 0
   OR (cg.container_id IS NOT NULL AND cg.limit_value IS NULL)
ORDER BY container_name;

-- check: D07.5
-- control: D07
-- title: OOM killer disabled without a memory limit
-- severity: high
-- description: --oom-kill-disable on a container without --memory means that when the host runs
--   out of memory the kernel kills host processes instead of this container.
-- remediation: Set --memory whenever --oom-kill-disable is used, or drop --oom-kill-disable.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/engine/containers/resource_constraints/#understand-the-risks-of-running-out-of-memory
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, memory_limit,
       oom_kill_disable
FROM docker_containers
WHERE oom_kill_disable = 1 AND memory_limit = 0
ORDER BY container_name;

-- check: D07.6
-- control: D07
-- title: No default ulimits on the engine
-- severity: low
-- description: The engine sets no default-ulimits, so containers inherit the engine's own
--   (usually very high) limits on open files and processes unless each one sets --ulimit.
-- remediation: Set "default-ulimits" in daemon.json (e.g. nofile 65536, nproc 4096) and raise
--   them per container only where needed.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/reference/cli/dockerd/#default-ulimit-settings
-- cis: 2.8
SELECT value AS default_ulimits, source
FROM docker_daemon_settings
WHERE effective = 1 AND key = 'default-ulimits' AND value IN ('{}', '', 'null', '[]')
ORDER BY 1;

-- check: D07.7
-- control: D07
-- title: Restart policy unbounded
-- severity: low
-- description: The container restarts forever (restart policy always or unless-stopped, or
--   on-failure without a limit or with more than 5 retries): a crash loop keeps consuming
--   resources and hides the failure.
-- remediation: Use --restart on-failure:5 (or an orchestrator with back-off) so a broken
--   container stops and alerts.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/engine/containers/start-containers-automatically/
-- cis: 5.15
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, restart_policy,
       restart_max_retries, restart_count
FROM docker_containers
WHERE restart_policy IN ('always', 'unless-stopped')
   OR (restart_policy = 'on-failure' AND (restart_max_retries = 0 OR restart_max_retries > 5))
ORDER BY container_name;

-- check: D07.9
-- control: D07
-- title: Container logs can fill the disk
-- severity: medium
-- description: The container logs with the json-file driver and no max-size, so its log file
--   grows without bound on the host's disk (the local driver rotates by default).
-- remediation: Run with --log-opt max-size=10m --log-opt max-file=3, set log-opts in
--   daemon.json for every container, or use the local driver.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/engine/logging/drivers/json-file/
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, log_driver, log_options
FROM docker_containers
WHERE log_driver = 'json-file' AND json_extract(log_options, '$."max-size"') IS NULL
ORDER BY container_name;

-- check: D07.12
-- control: D07
-- title: Kernel cannot enforce container limits
-- severity: medium
-- description: The engine reports that the kernel or cgroup setup lacks memory, swap, CPU quota
--   or PIDs limit support, so the corresponding limits set on containers are silently not
--   enforced.
-- remediation: Enable the missing cgroup controllers (e.g. cgroup_enable=memory swapaccount=1
--   on the kernel command line, or move to cgroup v2) and restart the engine.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/engine/containers/resource_constraints/
SELECT name AS engine_host,
       trim(CASE WHEN memory_limit = 0 THEN 'memory ' ELSE '' END
            || CASE WHEN swap_limit = 0 THEN 'swap ' ELSE '' END
            || CASE WHEN cpu_cfs_quota = 0 THEN 'cpu-quota ' ELSE '' END
            || CASE WHEN pids_limit = 0 THEN 'pids ' ELSE '' END) AS unsupported_limits
FROM docker_info
WHERE podman = 0
  AND (memory_limit = 0 OR swap_limit = 0 OR cpu_cfs_quota = 0 OR pids_limit = 0)
ORDER BY 1;

-- check: D07.16
-- control: D07
-- title: Container ulimit raised to unlimited
-- severity: low
-- description: The container overrides a resource limit (--ulimit) with unlimited (-1) for
--   open files, processes, locked memory, core size or file size, removing a per-process
--   safety net against exhaustion.
-- remediation: Set a bounded value (e.g. --ulimit nofile=65536:65536, nproc=4096) or drop the
--   override.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D07%20-%20Resource%20Protection.md
--   https://docs.docker.com/reference/cli/docker/container/run/#ulimit
-- cis: 5.19
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, u.name AS ulimit, u.soft,
       u.hard
FROM docker_containers AS c
JOIN docker_container_ulimits AS u ON u.id = c.id
WHERE (u.soft = -1 OR u.hard = -1)
  AND u.name IN ('nofile', 'nproc', 'memlock', 'core', 'fsize', 'as', 'data', 'stack',
                 'sigpending', 'msgqueue')
ORDER BY container_name, ulimit;
