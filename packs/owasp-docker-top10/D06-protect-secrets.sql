-- OWASP Docker Top 10 - D06 Protect Secrets
-- Keys, passwords and tokens belong in a secret store or in files mounted at
-- run time - not in images, environment variables, labels or command lines,
-- where `docker inspect`, `ps` and anyone who pulls the image can read them.
-- Evidence here names where a secret is, never its value.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D06-protect-secrets.sql

-- check: D06.4
-- control: D06
-- title: Secret-looking container label
-- severity: medium
-- description: A container label's key looks like it holds a secret (password, secret, token,
--   api key, private key, credential); labels are readable by anyone who can inspect the
--   container or list containers.
-- remediation: Move the value to a secret store or a mounted secret file and remove the label.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D06%20-%20Protect%20Secrets.md
--   https://docs.docker.com/engine/swarm/secrets/
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, l.key AS label_key
FROM docker_containers AS c, json_each(c.labels) AS l
WHERE (lower(l.key) LIKE '%pass%' OR lower(l.key) LIKE '%pwd%' OR lower(l.key) LIKE '%secret%'
       OR lower(l.key) LIKE '%token%' OR lower(l.key) LIKE '%api_key%'
       OR lower(l.key) LIKE '%apikey%' OR lower(l.key) LIKE '%api-key%'
       OR lower(l.key) LIKE '%private_key%' OR lower(l.key) LIKE '%private-key%'
       OR lower(l.key) LIKE '%access_key%' OR lower(l.key) LIKE '%credential%')
  AND coalesce(l.value, '') <> ''
ORDER BY container_name, label_key;

-- check: D06.5
-- control: D06
-- title: Secret on a container's command line
-- severity: medium
-- description: The container's command carries something that looks like a credential
--   (--password/--pass/--token/--secret options, password=/token= assignments or a URL with
--   user:password@); command lines are visible in docker inspect and in the host's ps.
-- remediation: Pass the secret in a mounted file (many programs accept --password-file or a
--   *_FILE variable) instead of on the command line.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D06%20-%20Protect%20Secrets.md
--   https://docs.docker.com/compose/how-tos/use-secrets/
SELECT id AS container_id, ltrim(name, '/') AS container_name, state,
       CASE WHEN lower(command) GLOB '*--pass[=w ]*' OR lower(command) GLOB '*--passphrase*'
              THEN '--password option'
            WHEN lower(command) GLOB '*--token*' THEN '--token option'
            WHEN lower(command) GLOB '*--secret*' THEN '--secret option'
            WHEN lower(command) GLOB '*password=*' OR lower(command) GLOB '*passwd=*'
              THEN 'password= assignment'
            WHEN lower(command) GLOB '*token=*' THEN 'token= assignment'
            ELSE 'URL with user:password@' END AS pattern
FROM docker_containers
WHERE lower(command) GLOB '*--pass[=w ]*' OR lower(command) GLOB '*--passphrase*' OR lower(command) GLOB '*--token*'
   OR lower(command) GLOB '*--secret*' OR lower(command) GLOB '*password=*'
   OR lower(command) GLOB '*passwd=*' OR lower(command) GLOB '*token=*'
   OR command GLOB '*://[^/@ ]*:[^/@ ]*@*'
ORDER BY container_name;
