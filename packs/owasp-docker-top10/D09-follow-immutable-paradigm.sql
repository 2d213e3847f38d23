-- OWASP Docker Top 10 - D09 Follow Immutable Paradigm
-- A deployed container rarely needs to write to its own filesystem or to the
-- host's.  Running it read-only stops an intruder from dropping tools or
-- changing the application in place.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D09-follow-immutable-paradigm.sql

-- check: D09.1
-- control: D09
-- title: Writable root filesystem
-- severity: medium
-- description: The container's root filesystem is writable (no --read-only), so an intruder can
--   modify binaries and configuration of the running application.
-- remediation: Run with --read-only and mount a tmpfs (--tmpfs /tmp) or a volume only where
--   the application must write.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D09%20-%20Follow%20Immutable%20Paradigm.md
--   https://docs.docker.com/reference/cli/docker/container/run/#read-only
-- cis: 5.13
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, readonly_rootfs
FROM docker_containers
WHERE readonly_rootfs = 0
ORDER BY container_name;
