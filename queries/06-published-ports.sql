-- Everything published on the host's network, and on which address: '0.0.0.0'
-- and '::' mean every interface (and Docker's rules bypass ufw/firewalld).
-- live bindings of running containers (osquery's table), and what stopped ones will publish
WITH ports AS (
  SELECT id, type, port, host_ip, host_port, published FROM docker_container_ports
  UNION ALL
  SELECT id, type, port, host_ip, host_port, published FROM docker_container_port_bindings
  WHERE state NOT IN ('running', 'paused'))
SELECT ltrim(c.name, '/') AS container, p.port || '/' || p.type AS container_port,
       CASE WHEN p.host_ip = '' THEN '0.0.0.0' ELSE p.host_ip END AS host_ip, p.host_port,
       c.network_mode
FROM docker_containers AS c
JOIN ports AS p ON p.id = c.id
WHERE p.published = 1
ORDER BY p.host_port, container;
