-- OWASP Docker Top 10 - D02 Patch Management Strategy
-- Host, engine and images all carry known bugs; patch them on a schedule,
-- and make sure a patch is actually running (restarted, redeployed).
-- The version floors below are policy: edit the VALUES lists to yours.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D02-patch-management.sql

-- check: D02.1
-- control: D02
-- title: Container engine older than the supported releases
-- severity: medium
-- description: The engine's upstream version is below the oldest release line still
--   maintained upstream, judged against that engine's own releases (policy floors in the SQL,
--   as of late 2026: Docker Engine 28.0; Podman 5.0, as upstream maintains only its latest
--   major).  Distribution packages may carry backported fixes: the evidence shows the engine
--   and the full version string so that can be judged.
-- remediation: Upgrade the engine to a maintained release (or confirm your distribution still
--   backports security fixes to this version and raise the floor in your copy of the check).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
--   https://docs.docker.com/engine/release-notes/
--   https://github.com/containers/podman/releases
-- cis: 1.2.2
WITH policy(engine, min_major, min_minor) AS (VALUES ('docker', 28, 0), ('podman', 5, 0)),
v AS (SELECT CASE WHEN i.podman = 1 THEN 'podman' ELSE 'docker' END AS engine,
             d.version, d.api_version,
             CAST(d.version AS INTEGER) AS major,
             CAST(substr(d.version, instr(d.version, '.') + 1) AS INTEGER) AS minor
      FROM docker_version AS d, docker_info AS i)
SELECT v.engine, v.version AS engine_version, v.api_version,
       p.min_major || '.' || p.min_minor AS policy_minimum
FROM v JOIN policy AS p ON p.engine = v.engine
WHERE v.major < p.min_major OR (v.major = p.min_major AND v.minor < p.min_minor)
ORDER BY 1;

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

-- check: D02.3
-- control: D02
-- title: Host runs an older kernel than the one installed
-- severity: medium
-- description: A newer kernel is installed (its /lib/modules directory is more recent than the
--   running kernel's, or the running kernel's modules are gone) but the host was not rebooted:
--   kernel fixes - the only fix for kernel escapes - are not in effect.  Hosts without
--   /lib/modules (custom or VM-provided kernels) are not judged.
-- remediation: Reboot into the new kernel in a maintenance window (live-migrate or drain the
--   containers first).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
WITH installed AS (
  SELECT filename AS release, mtime FROM file
  WHERE directory = '/lib/modules' AND type = 'directory'),
running AS (SELECT version AS release FROM kernel_info)
SELECT r.release AS running_kernel, i.release AS newest_installed,
       datetime(i.mtime, 'unixepoch') AS installed_at
FROM running AS r,
     (SELECT release, mtime FROM installed ORDER BY mtime DESC, release DESC LIMIT 1) AS i
WHERE i.release <> r.release
  AND (NOT EXISTS (SELECT 1 FROM installed WHERE release = r.release)
       OR i.mtime > (SELECT mtime FROM installed WHERE release = r.release))
ORDER BY 1;

-- check: D02.4
-- control: D02
-- title: Host reboot required after updates
-- severity: medium
-- description: The package manager flagged that updates (kernel, libc, systemd, …) take effect
--   only after a reboot (/run/reboot-required exists on Debian and Ubuntu).
-- remediation: Reboot the host in a maintenance window.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
SELECT path, datetime(mtime, 'unixepoch') AS flagged_at
FROM file
WHERE path IN ('/run/reboot-required', '/var/run/reboot-required')
ORDER BY path
LIMIT 1;

-- check: D02.5
-- control: D02
-- title: Engine running a binary replaced on disk
-- severity: medium
-- description: dockerd, containerd, a containerd shim, runc or docker-proxy runs from an
--   executable that has since been deleted or replaced: an update was installed but the
--   process was not restarted, so the running code is still the old, unpatched one.
-- remediation: Restart the engine services (systemctl restart containerd docker); restart
--   containers whose shims still run the old binary.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
SELECT pid, name, path, start_time
FROM processes
WHERE on_disk = 0
  AND (name IN ('dockerd', 'containerd', 'runc', 'docker-proxy', 'docker-init')
       OR name GLOB 'containerd-shim*')
ORDER BY name, pid;

-- check: D02.7
-- control: D02
-- title: Container runs a stale image
-- severity: medium
-- description: An image in use by a container was built more than 90 days ago (policy in the
--   SQL): the packages in it miss every fix released since.
-- remediation: Rebuild the image on a current base image (docker build --pull) and redeploy;
--   automate rebuilds so images never age past the policy.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
--   https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often
-- cis: 4.4
WITH policy(max_days) AS (VALUES (90))
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, i.id AS image_id,
       i.tags, datetime(i.created, 'unixepoch') AS image_created
FROM docker_containers AS c
JOIN docker_images AS i ON i.id = c.image_id, policy AS p
WHERE i.created > 0 AND strftime('%s', 'now') - i.created > p.max_days * 86400
ORDER BY container_name;

-- check: D02.8
-- control: D02
-- title: Container runs an older image than its tag
-- severity: medium
-- description: The tag the container was created from now points to a different image (it was
--   pulled or rebuilt since) but the container was not recreated: the fix in the new image is
--   not running.
-- remediation: Recreate the container from the current image (docker compose up -d, or
--   docker rm + docker run).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
--   https://docs.docker.com/reference/cli/docker/compose/up/
-- cis: 5.28
WITH ref AS (
  -- the last path segment ("name:tag" or "name") of the reference
  SELECT c.id, c.name, c.config_image, c.image_id,
         substr(c.config_image,
                length(rtrim(c.config_image, replace(c.config_image, '/', ''))) + 1) AS last
  FROM docker_containers AS c
  WHERE c.config_image NOT LIKE '%@sha256:%' AND c.config_image NOT LIKE 'sha256:%'),
norm AS (
  -- the tag as docker lists it: :latest when none, no docker.io/library/ prefix
  SELECT id, name, config_image, image_id,
         CASE WHEN config_image LIKE 'docker.io/library/%' THEN substr(config_image, 19)
              WHEN config_image LIKE 'docker.io/%' THEN substr(config_image, 11)
              ELSE config_image END
         || CASE WHEN instr(last, ':') > 0 THEN '' ELSE ':latest' END AS tag
  FROM ref)
SELECT n.id AS container_id, ltrim(n.name, '/') AS container_name, n.config_image,
       n.image_id AS running_image, i.id AS tag_now_points_to
FROM norm AS n
JOIN docker_images AS i ON ',' || replace(i.tags, ' ', '') || ',' LIKE '%,' || n.tag || ',%'
WHERE i.id <> n.image_id
ORDER BY container_name;

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
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.started_at
FROM docker_containers AS c, policy AS p
WHERE c.state = 'running' AND julianday('now') - julianday(c.started_at) > p.max_days
ORDER BY container_name;

-- check: D02.10
-- control: D02
-- title: Host operating system out of support
-- severity: high
-- description: The host's distribution release is past the end of its (long-term) security
--   support, so its kernel and the engine's dependencies no longer get fixes.  The end-of-life
--   table is policy in the SQL (Debian LTS, Ubuntu standard support, RHEL/CentOS maintenance).
-- remediation: Upgrade the host to a supported release (or buy extended support and record that
--   in your copy of the table).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
--   https://endoflife.date/
WITH eol(platform, major, minor, end_of_support) AS (
  VALUES ('debian', 8, NULL, '2020-06-30'), ('debian', 9, NULL, '2022-06-30'),
         ('debian', 10, NULL, '2024-06-30'), ('debian', 11, NULL, '2026-08-31'),
         ('debian', 12, NULL, '2028-06-30'),
         ('ubuntu', 16, 4, '2021-04-30'), ('ubuntu', 18, 4, '2023-05-31'),
         ('ubuntu', 20, 4, '2025-05-31'), ('ubuntu', 22, 4, '2027-06-01'),
         ('ubuntu', 24, 4, '2029-05-31'),
         ('centos', 7, NULL, '2024-06-30'), ('centos', 8, NULL, '2021-12-31'),
         ('rhel', 7, NULL, '2024-06-30'), ('rhel', 8, NULL, '2029-05-31'),
         ('rhel', 9, NULL, '2032-05-31'))
SELECT o.name, o.version, e.end_of_support
FROM os_version AS o
JOIN eol AS e ON e.platform = o.platform AND e.major = o.major
             AND (e.minor IS NULL OR e.minor = o.minor)
WHERE date('now') > e.end_of_support
ORDER BY 1;

-- check: D02.12
-- control: D02
-- title: Deprecated cgroup version or storage driver
-- severity: low
-- description: The engine runs on cgroup v1 (deprecated by Docker and the kernel; no
--   private cgroup namespaces by default, weaker resource control) or on a deprecated storage
--   driver (aufs, devicemapper, overlay).
-- remediation: Boot the host with the unified cgroup v2 hierarchy
--   (systemd.unified_cgroup_hierarchy=1) and use the overlay2 storage driver.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D02%20-%20Patch%20Management%20Strategy.md
--   https://docs.docker.com/engine/deprecated/
-- cis: 2.6
SELECT name AS engine_host, cgroup_version, storage_driver
FROM docker_info
WHERE cgroup_version = '1' OR storage_driver IN ('aufs', 'devicemapper', 'overlay')
ORDER BY 1;
