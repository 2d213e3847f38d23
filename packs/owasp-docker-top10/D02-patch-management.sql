-- OWASP Docker Top 10 - D02 Patch Management Strategy
-- Host, engine and images all carry known bugs; patch them on a schedule,
-- and make sure a patch is actually running (restarted, redeployed).
-- The version floors below are policy: edit the VALUES lists to yours.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D02-patch-management.sql

-- check: D02.1
-- control: D02
-- title: Container engine older than the supported releases
-- severity: medium
-- description: The Docker Engine's upstream version is below the oldest release line still
--   maintained upstream (policy floor in the SQL: 28.0 as of late 2026).  Distribution packages
--   may carry backported fixes: the evidence shows the full version string so that can be
--   judged.
-- remediation: Upgrade the engine to a maintained release (or confirm your distribution still
--   backports security fixes to this version and raise the floor in your copy of the check).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
--   https://docs.docker.com/engine/release-notes/
-- cis: 1.2.2
WITH policy(min_major, min_minor) AS (VALUES (28, 0)),
v AS (SELECT version, api_version,
             CAST(version AS INTEGER) AS major,
             CAST(substr(version, instr(version, '.') + 1) AS INTEGER) AS minor
      FROM docker_version)
SELECT v.version AS engine_version, v.api_version,
       p.min_major || '.' || p.min_minor AS policy_minimum
FROM v, policy AS p
WHERE v.major < p.min_major OR (v.major = p.min_major AND v.minor < p.min_minor);

-- check: D02.2
-- control: D02
-- title: containerd or runc older than the security floor
-- severity: high
-- description: A runtime component reported by the engine is older than a release that fixed a
--   container escape: runc before 1.1.12 (CVE-2024-21626, "Leaky Vessels"), containerd before
--   1.7 (the 1.6 line is end of life).  Distribution builds may carry the fix as a backport:
--   the evidence shows the package revision.
-- remediation: Upgrade containerd and runc (they ship separately from dockerd), then restart the
--   containers so they run under the new runtime.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
--   https://github.com/opencontainers/runc/security/advisories/GHSA-xr7r-f8xq-vfvv
--   https://containerd.io/releases/
WITH policy(component, floor, major, minor, patch) AS (
  VALUES ('runc', '1.1.12', 1, 1, 12),
         ('containerd', '1.7.0', 1, 7, 0)),
comp AS (
  SELECT lower(json_extract(c.value, '$.Name')) AS component,
         json_extract(c.value, '$.Version') AS version,
         json_extract(c.value, '$.Details.GitCommit') AS git_commit
  FROM docker_version AS d, json_each(d.components) AS c),
parsed AS (
  SELECT component, version, git_commit,
         CAST(ltrim(version, 'v') AS INTEGER) AS major,
         CAST(substr(version, instr(version, '.') + 1) AS INTEGER) AS minor,
         CAST(substr(substr(version, instr(version, '.') + 1),
                     instr(substr(version, instr(version, '.') + 1), '.') + 1) AS INTEGER) AS patch
  FROM comp)
SELECT x.component, x.version, x.git_commit, p.floor AS policy_minimum
FROM parsed AS x JOIN policy AS p ON p.component = x.component
WHERE x.major * 1000000 + x.minor * 1000 + x.patch < p.major * 1000000 + p.minor * 1000 + p.patch
ORDER BY x.component;

-- check: D02.9
-- control: D02
-- title: Container not redeployed for a long time
-- severity: low
-- description: The container has been running for more than 90 days (policy in the SQL): image
--   and library fixes released since then are not in it, whatever was patched on disk.
-- remediation: Rebuild and redeploy regularly (at least monthly), so a patched base image
--   actually reaches production.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
--   https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often
WITH policy(max_days) AS (VALUES (90))
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.started_at,
       CAST(julianday('now') - julianday(c.started_at) AS INTEGER) AS running_days
FROM docker_containers AS c, policy AS p
WHERE c.state = 'running' AND julianday('now') - julianday(c.started_at) > p.max_days
ORDER BY container_name;
