-- Everything published on the host's network, and on which address: '0.0.0.0'
-- and '::' mean every interface (and Docker's rules bypass ufw/firewalld).
SELECT ltrim(c.name, '/') AS container, p.port || '/' || p.type AS container_port,
       CASE WHEN p.host_ip = '' THEN '0.0.0.0' ELSE p.host_ip END AS host_ip, p.host_port,
       c.network_mode
FROM docker_containers AS c
JOIN docker_container_ports AS p ON p.id = c.id
WHERE p.published = 1
ORDER BY p.host_port, container;
