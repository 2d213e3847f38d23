-- What each container's processes can really do: the effective capability
-- set as the kernel shows it, next to what `docker run` asked for.
SELECT ltrim(c.name, '/') AS container, p.pid, p.name, p.uid,
       count(pc.capability) AS effective_caps,
       group_concat(replace(pc.capability, 'CAP_', ''), ' ') AS capabilities,
       c.cap_add, c.cap_drop, c.privileged
FROM docker_containers AS c
JOIN processes AS p ON p.container_id = c.id
LEFT JOIN process_capabilities AS pc ON pc.pid = p.pid AND pc.cap_set = 'effective'
GROUP BY p.pid
ORDER BY container, p.pid;
