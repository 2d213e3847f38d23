-- Processes that run as root *on the host* (UID 0 in /proc/<pid>/status),
-- per container: the OWASP D01 "from the host's perspective" view that
-- `docker inspect` cannot give (entrypoints that never drop root, exec'd shells).
SELECT ltrim(c.name, '/') AS container, p.pid, p.name, p.uid, p.euid, p.cmdline
FROM docker_containers AS c
JOIN processes AS p ON p.container_id = c.id
WHERE p.uid = 0 OR p.euid = 0
ORDER BY container, p.pid;
