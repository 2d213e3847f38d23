-- Who can talk to whom: containers per network, with their addresses and
-- whether the network is the default bridge (where icc decides everything).
SELECT n.name AS network, d.driver, d.default_bridge, d.enable_icc, d.internal,
       ltrim(c.name, '/') AS container, n.ip_address
FROM docker_container_networks AS n
JOIN docker_containers AS c ON c.id = n.id
LEFT JOIN docker_networks AS d ON d.id = n.network_id
ORDER BY network, container;
