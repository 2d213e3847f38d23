-- OWASP Docker Top 10 - D05 Maintain Security Contexts
-- Do not mix security contexts on one host: production next to test, front
-- ends next to databases or the control plane, tenants next to each other.
-- One weak container then becomes the way to everything on the host.
-- These checks need policy: which label keys carry the environment, the tier
-- and the tenant.  Edit the `policy` VALUES lists to your labels.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D05-security-contexts.sql

-- check: D05.1
-- control: D05
-- title: Several environments on one host
-- severity: high
-- description: Containers on this host carry different environment labels (e.g. prod next to
--   dev or test).  Test workloads are less guarded, and a compromise of one reaches the other
--   through the shared kernel and engine.  Label keys are policy: environment, env, stage,
--   com.example.environment.
-- remediation: Run each environment on its own hosts (or at least its own VMs); if this host is
--   meant to be one environment, find and move the odd containers.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D05%20-%20Maintain%20Security%20Contexts.md
WITH policy(label_key) AS (VALUES ('environment'), ('env'), ('stage'), ('com.example.environment')),
env AS (
  SELECT c.id, c.name, lower(l.value) AS environment
  FROM docker_containers AS c, json_each(c.labels) AS l
  WHERE l.key IN (SELECT label_key FROM policy) AND coalesce(l.value, '') <> ''),
summary AS (SELECT count(DISTINCT environment) AS n, group_concat(DISTINCT environment) AS all_envs
            FROM env)
SELECT e.id AS container_id, ltrim(e.name, '/') AS container_name, e.environment,
       s.all_envs AS environments_on_host
FROM env AS e, summary AS s
WHERE s.n > 1
ORDER BY container_name;

-- check: D05.2
-- control: D05
-- title: Exposed tier next to a sensitive tier
-- severity: medium
-- description: The host runs containers of an exposed tier (frontend, web, dmz, public) next to
--   containers of a sensitive tier (database, auth, secrets, control plane), judged by their
--   tier/role labels.  A compromised front end then shares a kernel with the crown jewels.
-- remediation: Place exposed and sensitive tiers on different hosts, or at least on separate
--   VMs and networks.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D05%20-%20Maintain%20Security%20Contexts.md
WITH policy_keys(label_key) AS (VALUES ('tier'), ('role'), ('com.example.tier')),
policy_tiers(tier, kind) AS (
  VALUES ('frontend', 'exposed'), ('web', 'exposed'), ('dmz', 'exposed'), ('public', 'exposed'),
         ('edge', 'exposed'), ('database', 'sensitive'), ('db', 'sensitive'),
         ('auth', 'sensitive'), ('secrets', 'sensitive'), ('vault', 'sensitive'),
         ('control-plane', 'sensitive'), ('backend-data', 'sensitive')),
tiers AS (
  SELECT c.id, c.name, lower(l.value) AS tier, p.kind
  FROM docker_containers AS c, json_each(c.labels) AS l
  JOIN policy_tiers AS p ON p.tier = lower(l.value)
  WHERE l.key IN (SELECT label_key FROM policy_keys))
SELECT t.id AS container_id, ltrim(t.name, '/') AS container_name, t.tier, t.kind
FROM tiers AS t
WHERE EXISTS (SELECT 1 FROM tiers WHERE kind = 'exposed')
  AND EXISTS (SELECT 1 FROM tiers WHERE kind = 'sensitive')
ORDER BY container_name;

-- check: D05.3
-- control: D05
-- title: Several tenants or projects on one host
-- severity: info
-- description: Containers on this host belong to different projects or tenants (compose
--   project, stack namespace, Kubernetes namespace or a tenant label).  That can be intended;
--   it matters when the tenants do not trust each other.
-- remediation: Give tenants that do not trust each other their own hosts or VMs, and their own
--   networks at least.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D05%20-%20Maintain%20Security%20Contexts.md
WITH policy(label_key) AS (
  VALUES ('com.docker.compose.project'), ('com.docker.stack.namespace'),
         ('io.kubernetes.pod.namespace'), ('tenant'), ('com.example.tenant')),
tenant AS (
  SELECT c.id, c.name, l.key AS label_key, l.value AS tenant
  FROM docker_containers AS c, json_each(c.labels) AS l
  WHERE l.key IN (SELECT label_key FROM policy) AND coalesce(l.value, '') <> '')
SELECT id AS container_id, ltrim(name, '/') AS container_name, label_key, tenant
FROM tenant
WHERE (SELECT count(DISTINCT t2.tenant) FROM tenant AS t2) > 1
ORDER BY container_name;

-- check: D05.4
-- control: D05
-- title: Namespace shared across environments
-- severity: medium
-- description: The container joins the network, PID or IPC namespace of another container
--   (container:OTHER) whose environment label differs, so the two contexts share localhost,
--   processes or shared memory.
-- remediation: Do not join namespaces across environments; run the pair in one environment or
--   connect them through a network with explicit published ports.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D05%20-%20Maintain%20Security%20Contexts.md
WITH policy(label_key) AS (VALUES ('environment'), ('env'), ('stage'), ('com.example.environment')),
env AS (
  SELECT c.id, c.name, lower(l.value) AS environment
  FROM docker_containers AS c, json_each(c.labels) AS l
  WHERE l.key IN (SELECT label_key FROM policy)),
joins AS (
  SELECT id, name, 'network' AS kind, substr(network_mode, 11) AS target
  FROM docker_containers WHERE network_mode LIKE 'container:%'
  UNION ALL
  SELECT id, name, 'pid', substr(pid_mode, 11) FROM docker_containers
  WHERE pid_mode LIKE 'container:%'
  UNION ALL
  SELECT id, name, 'ipc', substr(ipc_mode, 11) FROM docker_containers
  WHERE ipc_mode LIKE 'container:%')
SELECT j.id AS container_id, ltrim(j.name, '/') AS container_name, j.kind AS namespace,
       ltrim(t.name, '/') AS shared_with, e1.environment, e2.environment AS other_environment
FROM joins AS j
JOIN docker_containers AS t ON t.id = j.target OR ltrim(t.name, '/') = j.target
JOIN env AS e1 ON e1.id = j.id
JOIN env AS e2 ON e2.id = t.id
WHERE e1.environment <> e2.environment
ORDER BY container_name, namespace;
