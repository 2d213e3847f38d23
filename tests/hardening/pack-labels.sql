-- check: H02.1
-- control: D10
-- title: Labels, env keys, mounts and commands as evidence
-- severity: high
-- description: Shows values a container owner controls.
-- remediation: None: a test pack.
-- references: https://owasp.org/www-project-docker-top-10/
SELECT id AS container_id, key AS value FROM docker_container_labels
UNION ALL SELECT id, key FROM docker_container_envs
UNION ALL SELECT id, source FROM docker_container_mounts
UNION ALL SELECT id, command FROM docker_containers;
