-- OWASP Docker Top 10 - D08 Container Image Integrity and Origin
-- The images that run must come from where you think, unchanged, and be
-- built in a way that can be verified.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D08-image-integrity.sql

-- check: D08.1
-- control: D08
-- title: Docker client running without content trust
-- severity: medium
-- description: A docker CLI, compose or CI runner process on this host runs without
--   DOCKER_CONTENT_TRUST=1 in its environment (read from /proc/<pid>/environ), so the images
--   it pulls and runs are not checked for a publisher signature.  Docker Content Trust (Notary
--   v1) is being retired: where it is not used, another signature check must take its place.
-- remediation: Export DOCKER_CONTENT_TRUST=1 for the users and CI agents that deploy (e.g. in
--   /etc/environment and the runner's service), or verify signatures with Sigstore cosign or
--   Notation in the pipeline and admission.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D08%20-%20Container%20Image%20Integrity%20and%20Origin.md
--   https://docs.docker.com/engine/security/trust/
-- cis: 4.5
WITH clients AS (
  SELECT pid, name, cmdline FROM processes
  WHERE name IN ('docker', 'docker-compose', 'gitlab-runner', 'buildkite-agent',
                 'Runner.Listener', 'Runner.Worker', 'act_runner', 'drone-runner-do',
                 'woodpecker-agent', 'jenkins-agent'))
SELECT c.pid, c.name,
       (SELECT e.value FROM process_envs AS e
        WHERE e.pid = c.pid AND e.key = 'DOCKER_CONTENT_TRUST') AS docker_content_trust
FROM clients AS c
WHERE coalesce((SELECT e.value FROM process_envs AS e
                WHERE e.pid = c.pid AND e.key = 'DOCKER_CONTENT_TRUST'), '') NOT IN ('1', 'true')
ORDER BY c.pid;

-- check: D08.2
-- control: D08
-- title: Image in use without a registry digest
-- severity: medium
-- description: An image that containers run has no repository digest: it was built or loaded
--   locally (docker build, load, import, commit) rather than pulled, so nothing ties it to a
--   reviewed, signed artefact in a registry.
-- remediation: Build in CI, push to your registry, and deploy by pulling (ideally by digest),
--   so every running image has a verifiable origin.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D08%20-%20Container%20Image%20Integrity%20and%20Origin.md
--   https://docs.docker.com/engine/security/trust/
SELECT i.id AS image_id, i.tags, count(c.id) AS containers
FROM docker_images AS i
JOIN docker_containers AS c ON c.image_id = i.id
WHERE i.repo_digests = '[]' OR i.repo_digests IS NULL
GROUP BY i.id
ORDER BY image_id;

-- check: D08.3
-- control: D08
-- title: Container refers to a mutable image tag
-- severity: low
-- description: The container was created from a tag (latest, or no tag at all, is the worst
--   case) rather than an immutable digest or image ID, so what it runs after a re-create
--   depends on what the tag points to at that moment.
-- remediation: Deploy by digest (image@sha256:…), as compose, Kubernetes and CI pipelines can
--   pin it.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D08%20-%20Container%20Image%20Integrity%20and%20Origin.md
--   https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
SELECT id AS container_id, ltrim(name, '/') AS container_name, config_image
FROM docker_containers
WHERE config_image NOT LIKE '%@sha256:%'
  AND config_image NOT LIKE 'sha256:%'
  -- an image ID or a prefix of it is immutable too
  AND NOT (length(config_image) >= 12 AND substr(image_id, 1, length(config_image)) = config_image)
ORDER BY container_name;

-- check: D08.5
-- control: D08
-- title: Insecure registry configured
-- severity: high
-- description: The engine pulls from a registry without TLS verification (insecure-registries
--   beyond the loopback default): a man in the middle can hand it any image.
-- remediation: Remove the entry from insecure-registries and give the registry a certificate
--   the host trusts (/etc/docker/certs.d/HOST:PORT/ca.crt).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D08%20-%20Container%20Image%20Integrity%20and%20Origin.md
--   https://docs.docker.com/engine/daemon/insecure-registries/
-- cis: 2.5
SELECT (SELECT name FROM docker_info) AS engine_host, r.value AS insecure_registry
FROM docker_info AS i, json_each(i.insecure_registries) AS r
WHERE r.value NOT IN ('127.0.0.0/8', '::1/128')
UNION
SELECT (SELECT name FROM docker_info), r.value
FROM docker_daemon_settings AS s, json_each(s.value) AS r
WHERE s.key = 'insecure-registries' AND s.effective = 1 AND json_valid(s.value)
  AND r.value NOT IN ('127.0.0.0/8', '::1/128')
ORDER BY insecure_registry;

-- check: D08.10
-- control: D08
-- title: Image in use without provenance labels
-- severity: info
-- description: An image that containers run carries none of the OCI provenance labels
--   (org.opencontainers.image.source, .revision, .created), so it cannot be traced back to the
--   source and build that produced it.
-- remediation: Set the labels at build time (docker buildx build --label, or the metadata
--   action in CI); better, publish SLSA provenance attestations.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D08%20-%20Container%20Image%20Integrity%20and%20Origin.md
--   https://github.com/opencontainers/image-spec/blob/main/annotations.md
SELECT i.id AS image_id, i.tags
FROM docker_images AS i
WHERE i.id IN (SELECT image_id FROM docker_containers)
  AND json_extract(i.labels, '$."org.opencontainers.image.source"') IS NULL
  AND json_extract(i.labels, '$."org.opencontainers.image.revision"') IS NULL
  AND json_extract(i.labels, '$."org.opencontainers.image.created"') IS NULL
ORDER BY image_id;

-- check: D08.11
-- control: D08
-- title: Risky build step in an image's history
-- severity: low
-- description: A build step of an image in use downloads and runs code without review (curl or
--   wget piped into a shell) or fetches remote content with ADD URL, so the image contains
--   whatever the remote served at build time.
-- remediation: Download with a pinned version and verify a checksum or signature before
--   running; COPY reviewed files instead of ADD http….
-- references: https://github.com/OWASP/Docker-Security/blob/main/D08%20-%20Container%20Image%20Integrity%20and%20Origin.md
--   https://docs.docker.com/build/building/best-practices/#add-or-copy
-- cis: 4.9
SELECT h.id AS image_id, i.tags, h.step,
       CASE WHEN h.created_by GLOB '*ADD http*' OR h.created_by GLOB '*ADD --*http*'
            THEN 'ADD from a URL' ELSE 'download piped into a shell' END AS risk
FROM docker_image_history AS h
JOIN docker_images AS i ON i.id = h.id
WHERE h.id IN (SELECT image_id FROM docker_containers)
  AND (h.created_by GLOB '*ADD http*' OR h.created_by GLOB '*ADD --*http*'
       OR h.created_by GLOB '*curl *|*sh*' OR h.created_by GLOB '*wget *|*sh*')
ORDER BY image_id, h.step;

-- check: D08.12
-- control: D08
-- title: Package or download verification disabled in a build
-- severity: medium
-- description: A build step of an image in use switched off signature or TLS verification
--   (--allow-unauthenticated, --nogpgcheck, gpgcheck=0, --no-check-certificate, curl -k or
--   --insecure, pip --trusted-host, npm strict-ssl false), so a tampered package could have
--   been installed.
-- remediation: Remove the flag, fix the repository key or certificate, rebuild.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D08%20-%20Container%20Image%20Integrity%20and%20Origin.md
-- cis: 4.11
SELECT h.id AS image_id, i.tags, h.step,
       CASE WHEN h.created_by LIKE '%--allow-unauthenticated%' THEN '--allow-unauthenticated'
            WHEN h.created_by LIKE '%--nogpgcheck%' THEN '--nogpgcheck'
            WHEN h.created_by LIKE '%gpgcheck=0%' THEN 'gpgcheck=0'
            WHEN h.created_by LIKE '%--no-check-certificate%' THEN '--no-check-certificate'
            WHEN h.created_by LIKE '%--trusted-host%' THEN 'pip --trusted-host'
            WHEN h.created_by LIKE '%strict-ssl false%' THEN 'strict-ssl false'
            ELSE 'curl --insecure' END AS flag
FROM docker_image_history AS h
JOIN docker_images AS i ON i.id = h.id
WHERE h.id IN (SELECT image_id FROM docker_containers)
  AND (h.created_by LIKE '%--allow-unauthenticated%' OR h.created_by LIKE '%--nogpgcheck%'
       OR h.created_by LIKE '%gpgcheck=0%' OR h.created_by LIKE '%--no-check-certificate%'
       OR h.created_by LIKE '%--trusted-host%' OR h.created_by LIKE '%strict-ssl false%'
       OR h.created_by GLOB '*curl * -k *' OR h.created_by GLOB '*curl *--insecure*')
ORDER BY image_id, h.step;

-- check: D08.15
-- control: D08
-- title: Dangling image
-- severity: info
-- description: An image has no tag and no container uses it: left-overs of rebuilds that hide
--   among real images and may still contain old, vulnerable or secret-bearing layers.
-- remediation: Remove it (docker image prune) as part of regular housekeeping.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D08%20-%20Container%20Image%20Integrity%20and%20Origin.md
--   https://docs.docker.com/reference/cli/docker/image/prune/
-- cis: 6.1
SELECT i.id AS image_id, datetime(i.created, 'unixepoch') AS created, i.size_bytes
FROM docker_images AS i
WHERE i.tags = '' AND i.id NOT IN (SELECT image_id FROM docker_containers)
  AND i.id NOT IN (SELECT parent_id FROM docker_images WHERE parent_id <> '')
ORDER BY image_id;
