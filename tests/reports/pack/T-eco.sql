-- A small pack over the containers tests/lib/eco.sh starts (named dseco-*):
-- known findings, whatever else runs on the engine.
-- check: T01.1
-- control: D01
-- title: Test container runs as root
-- severity: high
-- description: The container's user is root.
-- remediation: Run as a non-root user (USER in the image or --user).
-- references: https://owasp.org/www-project-docker-top-10/
SELECT id AS container_id, name AS container_name, user
FROM docker_containers
WHERE name LIKE '/dseco-%' AND user IN ('', 'root', '0', '0:0')
ORDER BY name;

-- check: T04.1
-- control: D04
-- title: Test container is privileged
-- severity: critical
-- description: --privileged gives every capability and every device.
-- remediation: Drop --privileged; add only the capabilities needed.
-- references: https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
-- cis: 5.5
SELECT id AS container_id, name AS container_name, privileged
FROM docker_containers
WHERE name LIKE '/dseco-%' AND privileged = 1
ORDER BY name;

-- check: T07.1
-- control: D07
-- title: Test container has no memory limit
-- severity: medium
-- description: Without a limit one container can exhaust the host's memory.
-- remediation: Set --memory.
-- references: https://owasp.org/www-project-docker-top-10/
-- cis: 5.11
SELECT id AS container_id, name AS container_name, memory_limit
FROM docker_containers
WHERE name LIKE '/dseco-%' AND memory_limit = 0
ORDER BY name;

-- check: T07.2
-- control: D07
-- title: Test container has a PIDs limit of one
-- severity: low
-- description: A check that passes: no test container has such a limit.
-- remediation: Nothing to do.
-- references: https://owasp.org/www-project-docker-top-10/
SELECT id AS container_id, name AS container_name
FROM docker_containers
WHERE name LIKE '/dseco-%' AND pids_limit = 1
ORDER BY name;
