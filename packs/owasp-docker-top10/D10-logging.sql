-- OWASP Docker Top 10 - D10 Logging
-- Logs of the host, the engine and the containers should exist, reach a
-- remote, tamper-resistant store over an encrypted channel, and carry a
-- common time.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D10-logging.sql

-- check: D10.1
-- control: D10
-- title: Engine's default log driver keeps logs on the host only
-- severity: medium
-- description: The engine's default log driver (json-file, local or journald) keeps container
--   logs on this host only, where an intruder with root can erase them, and where they are lost
--   with the host.
-- remediation: Ship logs off the host: set log-driver to syslog (tcp+tls), fluentd, gelf or a
--   cloud driver in daemon.json, or run a log agent that forwards the local files.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D10%20-%20Logging.md
--   https://docs.docker.com/engine/logging/configure/
-- cis: 2.13
SELECT name AS engine_host, logging_driver
FROM docker_info
WHERE podman = 0 AND logging_driver IN ('json-file', 'local', 'journald', 'none')
ORDER BY 1;

-- check: D10.2
-- control: D10
-- title: Logging disabled for a container
-- severity: high
-- description: The container's log driver is none: nothing it writes to stdout or stderr is
--   kept, so an incident in it leaves no trace.
-- remediation: Remove --log-driver none; use a driver that ships logs to a central store
--   (syslog over TLS, fluentd, gelf, journald with forwarding).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D10%20-%20Logging.md
--   https://docs.docker.com/engine/logging/configure/
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, log_driver
FROM docker_containers
WHERE log_driver = 'none'
ORDER BY container_name;

-- check: D10.4
-- control: D10
-- title: Container logs shipped without encryption
-- severity: medium
-- description: The container's log driver sends logs over the network in clear text (syslog
--   over udp:// or tcp:// instead of tcp+tls://, gelf, fluentd without tls://, splunk over
--   http://), where they can be read or forged on the way.
-- remediation: Use syslog-address tcp+tls://HOST:PORT (with syslog-tls-* options), fluentd
--   with tls://, or a local agent that forwards over TLS.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D10%20-%20Logging.md
--   https://docs.docker.com/engine/logging/drivers/syslog/
WITH addr AS (
  SELECT id, name, state, log_driver,
         coalesce(json_extract(log_options, '$."syslog-address"'),
                  json_extract(log_options, '$."gelf-address"'),
                  json_extract(log_options, '$."fluentd-address"'),
                  json_extract(log_options, '$."splunk-url"')) AS address
  FROM docker_containers)
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, log_driver, address
FROM addr
WHERE (log_driver = 'syslog' AND (address LIKE 'udp://%' OR address LIKE 'tcp://%'))
   OR (log_driver = 'gelf' AND address IS NOT NULL)
   OR (log_driver = 'fluentd' AND address IS NOT NULL AND address NOT LIKE 'tls://%'
       AND address NOT LIKE 'unix://%')
   OR (log_driver = 'splunk' AND address LIKE 'http://%')
ORDER BY container_name;

-- check: D10.5
-- control: D10
-- title: Container logs may be dropped
-- severity: info
-- description: The container logs in non-blocking mode: when the ring buffer (max-buffer-size)
--   is full, log lines are dropped silently rather than slowing the application.
-- remediation: Use the default blocking mode for containers whose logs are evidence, or size
--   max-buffer-size for the peak rate.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D10%20-%20Logging.md
--   https://docs.docker.com/engine/logging/configure/#configure-the-delivery-mode-of-log-messages-from-container-to-log-driver
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, log_driver,
       json_extract(log_options, '$."max-buffer-size"') AS max_buffer_size
FROM docker_containers
WHERE json_extract(log_options, '$.mode') = 'non-blocking'
ORDER BY container_name;

-- check: D10.6
-- control: D10
-- title: Engine debug logging enabled
-- severity: low
-- description: The engine runs in debug mode or with log-level debug: its log fills with
--   request details (which can include sensitive data) and, with a TCP API, the debug
--   endpoints are reachable.
-- remediation: Remove "debug": true / --debug and use "log-level": "info".
-- references: https://github.com/OWASP/Docker-Security/blob/main/D10%20-%20Logging.md
--   https://docs.docker.com/engine/daemon/logs/
-- cis: 2.3
SELECT (SELECT name FROM docker_info) AS engine_host, s.key AS setting, s.value, s.source
FROM docker_daemon_settings AS s
WHERE s.effective = 1
  AND ((s.key = 'debug' AND s.value = 'true') OR (s.key = 'log-level' AND s.value = 'debug'))
ORDER BY setting;

-- check: D10.7
-- control: D10
-- title: No audit rule for a Docker file
-- severity: medium
-- description: A file or directory of the container stack exists but no audit rule watches it
--   (-w PATH or -F path=/dir= in /etc/audit/rules.d or audit.rules): changes to the engine's
--   binaries, configuration, data or socket leave no trace.  Paths follow CIS 1.1.3-1.1.18,
--   with the engine's binaries resolved from the running processes.
-- remediation: Add watch rules, e.g. "-w /usr/bin/dockerd -k docker" and
--   "-w /etc/docker -k docker", to /etc/audit/rules.d/docker.rules and load them
--   (augenrules --load).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D10%20-%20Logging.md
--   https://man7.org/linux/man-pages/man7/audit.rules.7.html
-- cis: 1.1.3-1.1.18
WITH wanted(path, cis) AS (
  SELECT coalesce((SELECT path FROM processes WHERE name = 'dockerd' LIMIT 1), '/usr/bin/dockerd'),
         '1.1.3'
  UNION ALL
  SELECT coalesce((SELECT path FROM processes WHERE name = 'containerd' LIMIT 1),
                  '/usr/bin/containerd'), '1.1.14'
  UNION ALL
  SELECT coalesce((SELECT value FROM docker_daemon_settings
                   WHERE key = 'data-root' AND effective = 1), '/var/lib/docker'), '1.1.5'
  UNION ALL
  VALUES ('/run/containerd', '1.1.4'), ('/etc/docker', '1.1.6'),
         ('/lib/systemd/system/docker.service', '1.1.7'),
         ('/usr/lib/systemd/system/docker.service', '1.1.7'),
         ('/run/containerd/containerd.sock', '1.1.8'),
         ('/lib/systemd/system/docker.socket', '1.1.9'),
         ('/usr/lib/systemd/system/docker.socket', '1.1.9'),
         ('/etc/default/docker', '1.1.10'), ('/etc/docker/daemon.json', '1.1.11'),
         ('/etc/containerd/config.toml', '1.1.12'), ('/etc/sysconfig/docker', '1.1.13'),
         ('/usr/bin/containerd-shim', '1.1.15'), ('/usr/bin/containerd-shim-runc-v1', '1.1.16'),
         ('/usr/bin/containerd-shim-runc-v2', '1.1.17'), ('/usr/bin/runc', '1.1.18'),
         ('/usr/sbin/runc', '1.1.18'), ('/var/run/docker.sock', '-')),
present AS (
  -- one row per file: /lib and /usr/lib are often the same directory
  SELECT min(w.path) AS path, w.cis, f.type
  FROM wanted AS w JOIN file AS f ON f.path = w.path
  GROUP BY f.inode, f.size, f.mtime, f.type)
SELECT p.path, p.type, p.cis AS cis_item
FROM present AS p
WHERE NOT EXISTS (SELECT 1 FROM audit_rules AS r
                  WHERE r.type IN ('watch', 'syscall') AND rtrim(r.path, '/') = rtrim(p.path, '/'))
ORDER BY p.path;

-- check: D10.8
-- control: D10
-- title: Audit daemon not running
-- severity: medium
-- description: No auditd process runs on the host, so changes to the engine's files, its socket
--   and its binaries leave no audit trail.
-- remediation: Install and enable auditd with rules for the Docker files (see D10.7), and
--   forward its log off the host.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D10%20-%20Logging.md
--   https://man7.org/linux/man-pages/man8/auditd.8.html
-- cis: 1.1.3
SELECT 'auditd' AS missing_process
WHERE NOT EXISTS (SELECT 1 FROM processes WHERE name IN ('auditd', 'go-audit', 'auditbeat'))
ORDER BY 1;
