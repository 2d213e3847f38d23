-- OWASP Docker Top 10 - D03 Network Segmentation and Firewalling
-- Expose each service only to its legitimate consumers, keep the engine's and
-- the host's management interfaces off the network, and separate what does
-- not need to talk.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D03-network-segmentation.sql

-- check: D03.1
-- control: D03
-- title: Engine API reachable over TCP without TLS
-- severity: critical
-- description: The engine's API listens on a TCP address without TLS client verification (the
--   engine's own warning, or a tcp:// entry in hosts on the command line or in daemon.json
--   while tlsverify is off).  Anyone who can reach that port controls the engine, which means
--   root on the host.
-- remediation: Remove the tcp:// listener (use the unix socket, or ssh://), or enable tlsverify
--   with tlscacert/tlscert/tlskey so only clients with a certificate from your CA get in.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/security/protect-access/
-- cis: 2.7
WITH tcp AS (
  SELECT h.value AS address
  FROM docker_daemon_settings AS s, json_each(s.value) AS h
  WHERE s.key = 'hosts' AND s.effective = 1 AND json_valid(s.value) AND h.value LIKE 'tcp://%'),
tls AS (
  SELECT coalesce((SELECT value = 'true' FROM docker_daemon_settings
                   WHERE key = 'tlsverify' AND effective = 1), 0) AS verify)
SELECT i.name AS engine_host, w.value AS evidence
FROM docker_info AS i, json_each(i.warnings) AS w
WHERE w.value LIKE '%API is accessible on http://%'
   OR w.value LIKE '%without encryption%'
   OR w.value LIKE '%without TLS client verification%'
UNION
SELECT (SELECT name FROM docker_info), 'dockerd listens on ' || tcp.address || ' without tlsverify'
FROM tcp, tls
WHERE NOT tls.verify
ORDER BY evidence;

-- check: D03.3
-- control: D03
-- title: Engine API bound to every interface
-- severity: high
-- description: dockerd listens on tcp://0.0.0.0, tcp://[::] or a tcp:// address without a host
--   (hosts on the command line or in daemon.json): the management API is offered on every
--   network the host is attached to, TLS or not.
-- remediation: Bind the TCP listener to the one management interface that needs it (or drop it
--   and use ssh:// or the unix socket), and firewall the port.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/daemon/remote-access/
SELECT h.value AS address, s.source
FROM docker_daemon_settings AS s, json_each(s.value) AS h
WHERE s.key = 'hosts' AND s.effective = 1 AND json_valid(s.value)
  AND (h.value LIKE 'tcp://0.0.0.0%' OR h.value LIKE 'tcp://:%' OR h.value LIKE 'tcp://[::]%'
       OR h.value = 'tcp://')
ORDER BY address;

-- check: D03.4
-- control: D03
-- title: Port published on every host interface
-- severity: medium
-- description: A container port is published on 0.0.0.0 or :: (the default of -p PORT:PORT), so
--   it is reachable from every network the host is on - and Docker's iptables rules bypass a
--   host firewall such as ufw.
-- remediation: Publish on the address that needs it (-p 127.0.0.1:8080:80 or an internal
--   interface), or set "ip": "127.0.0.1" in daemon.json to change the default.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/packet-filtering-firewalls/
-- cis: 5.14
-- live bindings of running containers (osquery's table), and what stopped ones will publish
WITH ports AS (
  SELECT id, type, port, host_ip, host_port, published FROM docker_container_ports
  UNION ALL
  SELECT id, type, port, host_ip, host_port, published FROM docker_container_port_bindings
  WHERE state NOT IN ('running', 'paused'))
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name,
       p.port || '/' || p.type AS container_port,
       CASE WHEN p.host_ip = '' THEN '0.0.0.0' ELSE p.host_ip END AS host_ip,
       p.host_port
FROM docker_containers AS c
JOIN ports AS p ON p.id = c.id
WHERE p.published = 1 AND p.host_ip IN ('', '0.0.0.0', '::')
  AND NOT (p.port IN (2375, 2376) AND p.type = 'tcp')  -- D03.21's one finding
ORDER BY container_name, p.port, p.type, host_ip;

-- check: D03.21
-- control: D03
-- title: Engine API published from a container
-- severity: critical
-- description: A container (Docker-in-Docker, a socket proxy) publishes the Docker Engine API
--   port 2375 (plain) or 2376 (TLS) on every host interface: whoever reaches it - with a client
--   certificate on 2376, anybody on 2375 - starts privileged containers in that engine.
-- remediation: Do not publish the engine API; reach Docker-in-Docker through a network shared
--   with its clients only, or bind it to 127.0.0.1 and require TLS client certificates.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/security/protect-access/
-- cis: 5.14
-- controls: D03, D04
WITH ports AS (
  SELECT id, type, port, host_ip, host_port, published FROM docker_container_ports
  UNION ALL
  SELECT id, type, port, host_ip, host_port, published FROM docker_container_port_bindings
  WHERE state NOT IN ('running', 'paused'))
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name,
       p.port || '/' || p.type AS container_port,
       CASE WHEN p.host_ip = '' THEN '0.0.0.0' ELSE p.host_ip END AS host_ip,
       p.host_port
FROM docker_containers AS c
JOIN ports AS p ON p.id = c.id
WHERE p.published = 1 AND p.host_ip IN ('', '0.0.0.0', '::')
  AND p.port IN (2375, 2376) AND p.type = 'tcp'
ORDER BY container_name, p.port, host_ip;

-- check: D03.5
-- control: D03
-- title: All exposed ports published
-- severity: medium
-- description: The container was started with -P (--publish-all): every port its image EXPOSEs
--   is published on random host ports on all interfaces, including ones nobody meant to offer.
-- remediation: Replace -P with explicit -p HOST_IP:PORT:PORT for the ports that must be
--   reachable.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/reference/cli/docker/container/run/#publish-all
-- cis: 5.9
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, publish_all_ports
FROM docker_containers
WHERE publish_all_ports = 1
ORDER BY container_name;

-- check: D03.7
-- control: D03
-- title: Privileged host port published
-- severity: low
-- description: A container port is published on a host port below 1024, a port that normally
--   only root services may bind and that clients trust accordingly.
-- remediation: Publish on a port of 1024 or above, or put a reverse proxy in front.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/#published-ports
-- cis: 5.8
-- live bindings of running containers (osquery's table), and what stopped ones will publish
WITH ports AS (
  SELECT id, type, port, host_ip, host_port, published FROM docker_container_ports
  UNION ALL
  SELECT id, type, port, host_ip, host_port, published FROM docker_container_port_bindings
  WHERE state NOT IN ('running', 'paused'))
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name,
       p.port || '/' || p.type AS container_port, p.host_ip, p.host_port
FROM docker_containers AS c
JOIN ports AS p ON p.id = c.id
WHERE p.published = 1 AND p.host_port BETWEEN 1 AND 1023
ORDER BY container_name, p.host_port;

-- check: D03.8
-- control: D03
-- title: Inter-container traffic allowed on the default bridge
-- severity: medium
-- description: On the default bridge network (docker0) every container can reach every port of
--   every other container (icc is on): one compromised container can attack all of them.
-- remediation: Set "icc": false in daemon.json and link the containers that must talk through
--   user-defined networks.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/drivers/bridge/#options
-- cis: 2.2
SELECT name AS network, id AS network_id, bridge_name, enable_icc
FROM docker_networks
WHERE default_bridge = 1 AND enable_icc = 1
ORDER BY 1;

-- check: D03.9
-- control: D03
-- title: Container on the default bridge network
-- severity: low
-- description: The container uses the default bridge (docker0), where every container can reach
--   every other one unless icc is off, and names do not resolve: no segmentation between
--   unrelated workloads.
-- remediation: Create a user-defined network per application (docker network create) and attach
--   only the containers that must talk; use --network none for containers that need no network.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/drivers/bridge/#differences-between-user-defined-bridges-and-the-default-bridge
-- cis: 5.30
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.state, c.network_mode
FROM docker_containers AS c
WHERE c.network_mode IN ('default', 'bridge')
   OR EXISTS (SELECT 1 FROM docker_container_networks AS n
              JOIN docker_networks AS d ON d.id = n.network_id
              WHERE n.id = c.id AND d.default_bridge = 1)
ORDER BY container_name;

-- check: D03.10
-- control: D03
-- title: Container shares the host's network namespace
-- severity: high
-- description: --network host puts the container on the host's interfaces: it can bind any host
--   port, reach services listening on localhost (including management interfaces) and sniff
--   host traffic with NET_RAW.
-- remediation: Use a bridge or user-defined network with published ports instead of
--   --network host.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/drivers/host/
-- cis: 5.10
SELECT id AS container_id, ltrim(name, '/') AS container_name, runtime, state, network_mode
FROM all_containers
WHERE network_mode = 'host'
ORDER BY container_name;

-- check: D03.13
-- control: D03
-- title: Engine not allowed to manage the firewall
-- severity: medium
-- description: iptables (or ip6tables) is false: the engine does not install its isolation and
--   NAT rules, so published ports and inter-network isolation depend entirely on rules
--   written by hand - usually none.
-- remediation: Remove "iptables": false (and "ip6tables": false) from daemon.json, or prove that
--   an equivalent firewall is managed elsewhere.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/packet-filtering-firewalls/
-- cis: 2.4
SELECT key AS setting, value, source
FROM docker_daemon_settings
WHERE effective = 1 AND key IN ('iptables', 'ip6tables') AND value = 'false'
ORDER BY setting;

-- check: D03.14
-- control: D03
-- title: Userland proxy in use
-- severity: low
-- description: The engine forwards published ports with docker-proxy processes in user space
--   (userland-proxy is on, the default): each is one more root process listening on the
--   network, and the source address of connections is lost.
-- remediation: Set "userland-proxy": false in daemon.json (hairpin NAT then uses iptables).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-on-a-router
-- cis: 2.16
SELECT s.value AS userland_proxy, s.source,
       EXISTS (SELECT 1 FROM processes WHERE name = 'docker-proxy') AS docker_proxy_running
FROM docker_daemon_settings AS s
WHERE s.key = 'userland-proxy' AND s.effective = 1 AND s.value = 'true'
ORDER BY 1;

-- check: D03.15
-- control: D03
-- title: Management port listening on every host interface
-- severity: high
-- description: A management service of the container stack listens on 0.0.0.0 or :: in the
--   host's network namespace: the Docker API (2375/2376), swarm management and gossip
--   (2377/7946), etcd (2379/2380), the kubelet (10250/10255) or the engine's metrics (9323).
--   Containers on the bridge and every network the host is on can reach it.
-- remediation: Bind the service to the management interface or loopback and firewall the port
--   (Docker's own iptables rules do not protect host services).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/packet-filtering-firewalls/
WITH ports(port, service) AS (
  VALUES (2375, 'Docker API'), (2376, 'Docker API (TLS)'), (2377, 'swarm management'),
         (7946, 'swarm gossip'), (2379, 'etcd client'), (2380, 'etcd peer'),
         (10250, 'kubelet'), (10255, 'kubelet read-only'), (9323, 'engine metrics')),
-- the sockets are listed once (MATERIALIZED), not once per port of the list
listening AS MATERIALIZED (
  SELECT address, port, pid FROM listening_ports
  WHERE protocol IN (6, 17) AND address IN ('0.0.0.0', '::')
    -- the host's namespace: pid 1's, or kthreadd's where pid 1's link is unreadable
    AND net_namespace = (SELECT net_namespace FROM process_namespaces
                         WHERE pid IN (1, 2) AND net_namespace <> '' ORDER BY pid LIMIT 1))
SELECT l.address, l.port, p.service, l.pid,
       (SELECT name FROM processes WHERE pid = l.pid) AS process
FROM listening AS l
JOIN ports AS p ON p.port = l.port
ORDER BY l.port, l.address;

-- check: D03.17
-- control: D03
-- title: Overlay network without encryption
-- severity: medium
-- description: A swarm overlay network carries container traffic between hosts in clear text
--   (it was created without --opt encrypted).
-- remediation: Recreate the network with docker network create -d overlay --opt encrypted.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/drivers/overlay/#encrypt-traffic-on-an-overlay-network
-- cis: 7.3
SELECT name AS network, id AS network_id, scope, options
FROM docker_networks
WHERE driver = 'overlay' AND json_extract(options, '$.encrypted') IS NULL
ORDER BY network;

-- check: D03.19
-- control: D03
-- title: Engine metrics endpoint on a network address
-- severity: medium
-- description: metrics-addr exposes the engine's Prometheus endpoint on an address other than
--   loopback, handing out internal details of the engine and its containers without
--   authentication.
-- remediation: Bind metrics-addr to 127.0.0.1 and scrape through a local agent, or firewall it
--   to the monitoring network.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/daemon/prometheus/
SELECT value AS metrics_addr, source
FROM docker_daemon_settings
WHERE effective = 1 AND key = 'metrics-addr' AND value <> ''
  AND value NOT LIKE '127.%' AND value NOT LIKE 'localhost:%' AND value NOT LIKE '[::1]:%'
ORDER BY 1;

-- check: D03.20
-- control: D03
-- title: Container joins another container's network namespace
-- severity: low
-- description: --network container:OTHER shares OTHER's interfaces and localhost: each container
--   can reach the other's loopback-only services, so the two are one network security zone.
-- remediation: Attach both containers to a user-defined network and talk over published
--   ports, unless the pair is deliberately one unit (a sidecar).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D03%20-%20Network%20Segmentation%20and%20Firewalling.md
--   https://docs.docker.com/engine/network/#container-networks
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, network_mode
FROM docker_containers
WHERE network_mode LIKE 'container:%'
ORDER BY container_name;
