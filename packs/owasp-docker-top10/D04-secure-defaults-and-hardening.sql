-- OWASP Docker Top 10 - D04 Secure Defaults and Hardening
-- Run only what is needed and lock down what runs: drop capabilities, keep
-- seccomp/AppArmor/SELinux on, set no-new-privileges, share no host
-- namespace, mount nothing sensitive from the host.
-- Run alone: sqlite3 -cmd '.load build/dockersec' < packs/owasp-docker-top10/D04-secure-defaults-and-hardening.sql

-- check: D04.1
-- control: D04
-- title: Capability added beyond the engine default
-- severity: medium
-- description: --cap-add grants a capability that Docker's default set (CHOWN, DAC_OVERRIDE,
--   FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP, NET_BIND_SERVICE,
--   SYS_CHROOT, KILL, AUDIT_WRITE) does not have.  The dangerous ones are reported by D04.2.
-- remediation: Remove the --cap-add, or justify it; start from --cap-drop ALL and add back only
--   what the workload needs.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
-- cis: 5.4
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name,
       'CAP_' || upper(replace(upper(a.value), 'CAP_', '')) AS capability
FROM docker_containers AS c, json_each(c.cap_add) AS a
WHERE upper(replace(upper(a.value), 'CAP_', '')) NOT IN (
        -- the engine's default set
        'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID',
        'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE',
        -- reported by D04.2
        'ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'DAC_READ_SEARCH', 'SYS_RAWIO',
        'NET_ADMIN', 'SYS_BOOT', 'SYS_TIME', 'BPF', 'PERFMON', 'MAC_ADMIN', 'MAC_OVERRIDE',
        'SYSLOG', 'SYS_RESOURCE')
ORDER BY container_name, capability;

-- check: D04.2
-- control: D04
-- title: Dangerous capability added
-- severity: high
-- description: The container was given ALL capabilities or one that breaks isolation:
--   SYS_ADMIN (mount, namespaces), SYS_MODULE (kernel modules), SYS_PTRACE, DAC_READ_SEARCH
--   (open_by_handle_at escapes), SYS_RAWIO, NET_ADMIN, SYS_BOOT, SYS_TIME, BPF, PERFMON,
--   MAC_ADMIN, MAC_OVERRIDE, SYSLOG or SYS_RESOURCE.
-- remediation: Remove the capability; if a tool really needs it, run that tool outside the
--   workload container or find a narrower mechanism.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://man7.org/linux/man-pages/man7/capabilities.7.html
-- cis: 5.4
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name,
       CASE WHEN upper(a.value) = 'ALL' THEN 'ALL'
            ELSE 'CAP_' || upper(replace(upper(a.value), 'CAP_', '')) END AS capability
FROM docker_containers AS c, json_each(c.cap_add) AS a
WHERE upper(replace(upper(a.value), 'CAP_', '')) IN (
        'ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'DAC_READ_SEARCH', 'SYS_RAWIO',
        'NET_ADMIN', 'SYS_BOOT', 'SYS_TIME', 'BPF', 'PERFMON', 'MAC_ADMIN', 'MAC_OVERRIDE',
        'SYSLOG', 'SYS_RESOURCE')
ORDER BY container_name, capability;

-- check: D04.3
-- control: D04
-- title: No capability dropped
-- severity: low
-- description: The container keeps the engine's whole default capability set (it was started
--   without --cap-drop), including NET_RAW (packet spoofing), MKNOD and DAC_OVERRIDE, which few
--   applications need.
-- remediation: Run with --cap-drop ALL and --cap-add only what the application needs
--   (often nothing, or NET_BIND_SERVICE).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/security/#linux-kernel-capabilities
-- cis: 5.4
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, cap_add
FROM docker_containers
WHERE cap_drop = '[]' AND privileged = 0
ORDER BY container_name;

-- check: D04.5
-- control: D04
-- title: Privileged container
-- severity: critical
-- description: --privileged disables nearly every isolation mechanism (all capabilities, all
--   devices, no seccomp, no AppArmor, writable /sys); the same finding as D01.4, seen from the
--   hardening side.
-- remediation: Remove --privileged; grant the specific capabilities and devices needed.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
-- cis: 5.5
SELECT id AS container_id, ltrim(name, '/') AS container_name, state
FROM docker_containers
WHERE privileged = 1
ORDER BY container_name;

-- check: D04.6
-- control: D04
-- title: Seccomp filtering disabled
-- severity: high
-- description: The container runs without a seccomp filter (security-opt seccomp=unconfined, or
--   --privileged, which implies it), so every system call - including the ones behind most
--   kernel escapes - is available to it.
-- remediation: Remove seccomp=unconfined (and --privileged); if a call is missing from the
--   default profile, use a custom profile that adds just that call.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/security/seccomp/
-- cis: 5.22
SELECT id AS container_id, ltrim(name, '/') AS container_name, state,
       CASE WHEN privileged = 1 THEN 'privileged' ELSE 'seccomp=unconfined' END AS reason
FROM docker_containers
WHERE seccomp_profile = 'unconfined'
ORDER BY container_name;

-- check: D04.10
-- control: D04
-- title: no-new-privileges not set
-- severity: medium
-- description: Without security-opt no-new-privileges a process in the container can gain
--   privileges through setuid/setgid binaries or file capabilities.
-- remediation: Run with --security-opt no-new-privileges (or set "no-new-privileges": true in
--   daemon.json for every container).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/reference/cli/docker/container/run/#security-opt
-- cis: 5.26
SELECT id AS container_id, ltrim(name, '/') AS container_name, state, security_options
FROM docker_containers
WHERE no_new_privileges = 0
ORDER BY container_name;

-- check: D04.11
-- control: D04
-- title: Host namespace shared
-- severity: high
-- description: The container shares the host's PID, IPC, UTS or user namespace (--pid host,
--   --ipc host, --uts host, --userns host): it can see and signal host processes, read host
--   shared memory, change the host name, or escape user-namespace remapping.
-- remediation: Remove --pid/--ipc/--uts/--userns host; share a namespace with one named
--   container (container:NAME) if two containers really need it.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/containers/run/#pid-settings---pid
-- cis: 5.16, 5.17, 5.21, 5.31
SELECT id AS container_id, ltrim(name, '/') AS container_name, state,
       trim(CASE WHEN pid_mode = 'host' THEN 'pid ' ELSE '' END
            || CASE WHEN ipc_mode = 'host' THEN 'ipc ' ELSE '' END
            || CASE WHEN uts_mode = 'host' THEN 'uts ' ELSE '' END
            || CASE WHEN userns_mode = 'host' THEN 'user ' ELSE '' END) AS host_namespaces
FROM docker_containers
WHERE pid_mode = 'host' OR ipc_mode = 'host' OR uts_mode = 'host' OR userns_mode = 'host'
ORDER BY container_name;

-- check: D04.13
-- control: D04
-- title: /proc and /sys masking removed
-- severity: high
-- description: The container runs with no masked or no read-only kernel paths
--   (security-opt systempaths=unconfined), so /proc/kcore, /proc/sysrq-trigger, /sys/firmware
--   and friends are readable or writable from inside it.
-- remediation: Remove systempaths=unconfined.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/reference/cli/docker/container/run/#security-opt
SELECT id AS container_id, ltrim(name, '/') AS container_name, state,
       masked_paths, readonly_paths
FROM docker_containers
WHERE privileged = 0 AND (masked_paths = '[]' OR readonly_paths = '[]')
ORDER BY container_name;
