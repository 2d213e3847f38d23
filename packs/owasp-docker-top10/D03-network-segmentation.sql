-- OWASP Docker Top 10 - D03 Network Segmentation and Firewalling
-- Expose each service only to its legitimate consumers, keep the engine's and
-- the host's management interfaces off the network, and separate what does
-- not need to talk.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D03-network-segmentation.sql

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
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, network_mode
FROM docker_containers
WHERE network_mode IN ('default', 'bridge')
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
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, network_mode
FROM docker_containers
WHERE network_mode = 'host'
ORDER BY container_name;

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
