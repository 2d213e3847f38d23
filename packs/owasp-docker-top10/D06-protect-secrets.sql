-- OWASP Docker Top 10 - D06 Protect Secrets
-- Keys, passwords and tokens belong in a secret store or in files mounted at
-- run time - not in images, environment variables, labels or command lines,
-- where `docker inspect`, `ps` and anyone who pulls the image can read them.
-- Evidence here names where a secret is, never its value.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D06-protect-secrets.sql

-- check: D06.1
-- control: D06
-- title: Secret in a container's environment
-- severity: high
-- description: An environment variable of the container has a secret-looking name (PASSWORD,
--   SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL, …) and a value, or a value that looks like
--   a key (AWS access key id, private key block, GitHub or Slack token, JWT).  The environment
--   is shown by docker inspect (crictl inspect, and the runtime spec on the host for containerd
--   and CRI-O), inherited by every child process and often logged.  Only the variable's name is
--   reported.
-- remediation: Mount the secret as a file (docker secret, a tmpfs or a read-only bind) and pass
--   its path (the *_FILE convention); rotate the exposed value.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D06%20-%20Protect%20Secrets.md
--   https://docs.docker.com/engine/swarm/secrets/
-- cis: 4.10
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       e.key AS variable,
       CASE WHEN e.value = '<redacted>' THEN 'secret-looking name'
            ELSE 'secret in the value' END AS reason
FROM all_containers AS c
JOIN all_container_envs AS e ON e.id = c.id
WHERE coalesce(e.value, '') <> '' AND upper(e.key) NOT GLOB '*_FILE'
  AND (e.secret_like = 1
       OR e.value GLOB 'AKIA[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]*'
       OR e.value GLOB '*-----BEGIN *PRIVATE KEY-----*'
       OR e.value GLOB 'gh[pousr]_[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9]*'
       OR e.value GLOB 'xox[abpr]-*'
       OR e.value GLOB 'eyJ*.eyJ*.*')
ORDER BY container_name, variable;

-- check: D06.2
-- control: D06
-- title: Secret baked into an image
-- severity: high
-- description: An image in use has an ENV variable or a label with a secret-looking name and a
--   value in its configuration: anyone who can pull or inspect the image can read it.  Only the
--   name is reported.
-- remediation: Remove the ENV/LABEL from the Dockerfile, rebuild, and rotate the secret; pass
--   secrets at run time as files, or use build secrets (RUN --mount=type=secret).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D06%20-%20Protect%20Secrets.md
--   https://docs.docker.com/build/building/secrets/
-- cis: 4.10
WITH used AS (SELECT DISTINCT image_id FROM docker_containers),
keys AS (
  SELECT i.id, i.tags, 'env' AS kind,
         substr(e.value, 1, instr(e.value, '=') - 1) AS name,
         substr(e.value, instr(e.value, '=') + 1) AS value
  FROM docker_images AS i, json_each(i.env) AS e
  WHERE i.id IN (SELECT image_id FROM used) AND instr(e.value, '=') > 0
  UNION ALL
  SELECT i.id, i.tags, 'label', l.key, l.value
  FROM docker_images AS i, json_each(i.labels) AS l
  WHERE i.id IN (SELECT image_id FROM used))
SELECT id AS image_id, tags, kind, name
FROM keys
-- (secret_name/secret_text: the detector the tables redact with, src/common/secret.c)
WHERE value <> '' AND (secret_name(name) OR secret_text(value))
ORDER BY image_id, kind, name;

-- check: D06.3
-- control: D06
-- title: Secret in an image's build history
-- severity: high
-- description: A build step of an image in use holds a secret-looking value (an ENV or ARG with
--   a secret name, a --build-arg, a password on a command line); the history is part of the
--   image and readable by anyone who pulls it, even if a later step removes the file or
--   variable.  The value is not shown.
-- remediation: Rebuild without the secret (use RUN --mount=type=secret or multi-stage builds so
--   it never enters a layer) and rotate it.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D06%20-%20Protect%20Secrets.md
--   https://docs.docker.com/build/building/secrets/
-- cis: 4.10
SELECT h.id AS image_id, i.tags, h.step
FROM docker_image_history AS h
JOIN docker_images AS i ON i.id = h.id
WHERE h.secret_like = 1 AND h.id IN (SELECT image_id FROM docker_containers)
ORDER BY image_id, h.step;

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
WHERE (secret_name(l.key) OR secret_text(l.value))
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
            WHEN command GLOB '*://[^/@ ]*:[^/@ ]*@*' THEN 'URL with user:password@'
            ELSE 'credential by content (Bearer, token, key)' END AS pattern
FROM docker_containers
WHERE secret_text(command)
ORDER BY container_name;

-- check: D06.6
-- control: D06
-- title: Host secret store mounted into a container
-- severity: high
-- description: A host location that holds credentials is bind-mounted into the container: SSH,
--   cloud (.aws, .azure, .config/gcloud), Docker (.docker/config.json) or Kubernetes (.kube)
--   credentials, /etc/shadow, /etc/ssl/private or key files.
-- remediation: Mount only the one secret the container needs, as a read-only file from a secret
--   store, never a user's credential directory.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D06%20-%20Protect%20Secrets.md
--   https://docs.docker.com/engine/swarm/secrets/
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       m.source, m.destination, m.rw
FROM all_containers AS c
JOIN all_container_mounts AS m ON m.id = c.id
WHERE m.type = 'bind'
  AND (m.source GLOB '*/.ssh' OR m.source GLOB '*/.ssh/*' OR m.source GLOB '*/.aws'
       OR m.source GLOB '*/.aws/*' OR m.source GLOB '*/.azure' OR m.source GLOB '*/.azure/*'
       OR m.source GLOB '*/.config/gcloud*' OR m.source GLOB '*/.docker'
       OR m.source GLOB '*/.docker/config.json' OR m.source GLOB '*/.kube'
       OR m.source GLOB '*/.kube/*' OR m.source GLOB '*/.gnupg*'
       OR m.source IN ('/etc/shadow', '/etc/gshadow', '/etc/ssl/private', '/etc/sudoers')
       OR m.source GLOB '/etc/ssl/private/*' OR m.source GLOB '*.pem' OR m.source GLOB '*.key'
       OR m.source GLOB '*/id_rsa*' OR m.source GLOB '*/id_ed25519*')
ORDER BY container_name, m.destination;
