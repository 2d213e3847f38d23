-- Host paths bind-mounted into containers, writable ones first: where a
-- container can read or change the host.
SELECT ltrim(c.name, '/') AS container, m.source AS host_path, m.destination,
       CASE WHEN m.rw = 1 THEN 'rw' ELSE 'ro' END AS mode, m.propagation
FROM docker_containers AS c
JOIN docker_container_mounts AS m ON m.id = c.id
WHERE m.type = 'bind'
ORDER BY m.rw DESC, container, host_path;
