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
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       'CAP_' || upper(replace(upper(a.value), 'CAP_', '')) AS capability
FROM all_containers AS c, json_each(c.cap_add) AS a
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
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       CASE WHEN upper(a.value) = 'ALL' THEN 'ALL'
            ELSE 'CAP_' || upper(replace(upper(a.value), 'CAP_', '')) END AS capability
FROM all_containers AS c, json_each(c.cap_add) AS a
WHERE upper(replace(upper(a.value), 'CAP_', '')) IN (
        'ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'DAC_READ_SEARCH', 'SYS_RAWIO',
        'NET_ADMIN', 'SYS_BOOT', 'SYS_TIME', 'BPF', 'PERFMON', 'MAC_ADMIN', 'MAC_OVERRIDE',
        'SYSLOG', 'SYS_RESOURCE')
ORDER BY container_name, capability;

-- check: D04.3
-- control: D04
-- title: No capability dropped
-- severity: low
-- description: The container keeps the engine's whole default capability set (Docker's 14,
--   Podman's 11; it was started without --cap-drop), including DAC_OVERRIDE, SETUID and, on
--   Docker, NET_RAW (packet spoofing) and MKNOD, which few applications need.  Judged from the
--   effective set (docker_container_capabilities), because Podman reports CapDrop relative to
--   Docker's defaults and so never leaves it empty.
-- remediation: Run with --cap-drop ALL and --cap-add only what the application needs
--   (often nothing, or NET_BIND_SERVICE).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/security/#linux-kernel-capabilities
-- cis: 5.4
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.state, c.cap_add
FROM docker_containers AS c
WHERE c.privileged = 0
  AND NOT EXISTS (SELECT 1 FROM docker_container_capabilities AS k
                  WHERE k.id = c.id AND k.engine_default = 1 AND k.effective = 0)
ORDER BY container_name;

-- check: D04.4
-- control: D04
-- title: Process holds capabilities beyond the engine default
-- severity: high
-- description: A process of a running container has, in its effective set as the kernel shows it
--   in /proc, a capability outside Docker's default set: proof from the host of what the
--   configuration did not ask for: a capability neither added (D04.1, D04.2) nor implied by
--   --privileged (D01.4), e.g. from processes started by exec or engines whose API reports
--   capabilities differently.
-- remediation: Drop the capability (--cap-drop ALL, add back only what is needed) and run the
--   process as a non-root user so it has no effective capabilities at all.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://man7.org/linux/man-pages/man7/capabilities.7.html
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name,
       group_concat(DISTINCT pc.capability) AS capabilities
FROM docker_containers AS c
JOIN processes AS p ON p.container_id = c.id
JOIN process_capabilities AS pc ON pc.pid = p.pid AND pc.cap_set = 'effective'
WHERE c.state = 'running' AND c.privileged = 0
  AND NOT EXISTS (SELECT 1 FROM json_each(c.cap_add) AS a WHERE upper(a.value) = 'ALL')
  AND upper(pc.capability) NOT IN (
        SELECT 'CAP_' || replace(upper(a.value), 'CAP_', '') FROM json_each(c.cap_add) AS a)
  AND upper(pc.capability) NOT IN (
        'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW',
        'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE',
        'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE')
GROUP BY c.id
ORDER BY container_name;

-- check: D04.6
-- control: D04
-- title: Seccomp filtering disabled
-- severity: high
-- description: The container runs without a seccomp filter (security-opt seccomp=unconfined,
--   --privileged, which implies it, an engine whose default profile is unconfined, a runtime
--   spec without linux.seccomp - containerd, CRI-O or Kubernetes' Unconfined - or a process
--   the kernel shows with Seccomp: 0), so every system call - including the ones behind most
--   kernel escapes - is available to it.  Only judged where the engine supports seccomp.
-- remediation: Remove seccomp=unconfined (and --privileged); if a call is missing from the
--   default profile, use a custom profile that adds just that call.  On Kubernetes set
--   securityContext.seccompProfile.type: RuntimeDefault.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/security/seccomp/
-- cis: 5.22
WITH unfiltered AS (
  -- running containers with a process the kernel shows without a seccomp filter
  SELECT p.container_id, min(p.pid) AS pid
  FROM processes AS p JOIN process_security AS s ON s.pid = p.pid
  WHERE p.container_id IS NOT NULL AND s.seccomp = 0
  GROUP BY p.container_id)
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state,
       CASE WHEN c.seccomp_profile = 'unconfined' THEN 'seccomp=unconfined'
            WHEN c.seccomp_unconfined THEN 'engine default profile is unconfined'
            ELSE 'a process runs without a seccomp filter' END AS reason
FROM all_containers AS c
LEFT JOIN unfiltered AS u ON u.container_id = c.id
-- (seccomp_unconfined: the engine's default resolved by the view; NULL where the kernel
-- and engine do not support seccomp, which is not judged)
WHERE c.seccomp_unconfined IS NOT NULL
  AND c.privileged = 0  -- D01.4's one finding
  AND (c.seccomp_unconfined OR u.pid IS NOT NULL)
ORDER BY container_name;

-- check: D04.7
-- control: D04
-- title: Engine's default seccomp profile replaced
-- severity: info
-- description: The engine runs with a seccomp profile other than Docker's built-in default (a
--   file given with --seccomp-profile): whether it is as strict as the default must be
--   reviewed.  An unconfined default is reported per container by D04.6.
-- remediation: Review the custom profile against Docker's default, or remove seccomp-profile
--   from the daemon configuration.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/security/seccomp/
-- cis: 2.17
SELECT name AS engine_host, seccomp_profile
FROM docker_info
WHERE seccomp = 1 AND podman = 0
  AND seccomp_profile NOT IN ('default', 'builtin', 'unconfined')
ORDER BY 1;

-- check: D04.8
-- control: D04
-- title: AppArmor confinement disabled
-- severity: medium
-- description: On a host that uses AppArmor (the engine's security options; with no engine
--   API, the kernel's), the container runs unconfined (security-opt apparmor=unconfined, a
--   runtime spec's process.apparmorProfile unconfined or unset - containerd, CRI-O or
--   Kubernetes' appArmorProfile Unconfined - or no profile at all).  Hosts without AppArmor
--   are not judged.
-- remediation: Remove apparmor=unconfined; run with the engine's docker-default profile or a
--   custom one (security-opt apparmor=PROFILE; on Kubernetes
--   securityContext.appArmorProfile.type: RuntimeDefault).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/security/apparmor/
-- cis: 5.2
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state,
       CASE WHEN c.apparmor_profile = '' THEN '(none)' ELSE c.apparmor_profile END AS profile
FROM all_containers AS c
-- (apparmor_unconfined: NULL where the host does not use AppArmor, resolved by the view)
WHERE c.apparmor_unconfined AND c.privileged = 0  -- D01.4's one finding
ORDER BY container_name;

-- check: D04.9
-- control: D04
-- title: SELinux separation disabled
-- severity: medium
-- description: On a host that runs SELinux (the engine's SELinux support; with no engine API,
--   the kernel's), the container was started with security-opt label=disable (or
--   label:disable), or its runtime spec gives no process.selinuxLabel or the unconfined spc_t
--   type (CRI-O, Kubernetes' seLinuxOptions type spc_t), so it runs without SELinux
--   separation.  Hosts without SELinux are not judged.
-- remediation: Remove label=disable; relabel volumes with :z or :Z instead.  On Kubernetes do
--   not set seLinuxOptions.type spc_t; enable SELinux in the runtime (containerd's
--   enable_selinux).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/reference/cli/docker/container/run/#security-opt
-- cis: 5.3
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state,
       c.security_options
FROM all_containers AS c
-- (selinux_disabled: NULL where the host does not run SELinux, resolved by the view)
WHERE c.selinux_disabled
ORDER BY container_name;

-- check: D04.10
-- control: D04
-- title: no-new-privileges not set
-- severity: medium
-- description: Neither the container (security-opt no-new-privileges; the runtime spec's
--   process.noNewPrivileges, Kubernetes' allowPrivilegeEscalation: false) nor the engine
--   (daemon default) sets no-new-privileges - or a process of the running container shows
--   NoNewPrivs: 0 in /proc - so a process in the container can gain privileges through
--   setuid/setgid binaries or file capabilities.
-- remediation: Run with --security-opt no-new-privileges (or set "no-new-privileges": true in
--   daemon.json for every container; on Kubernetes allowPrivilegeEscalation: false).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/reference/cli/docker/container/run/#security-opt
-- cis: 5.26
WITH without AS (
  -- running containers with a process the kernel shows without no_new_privs
  SELECT p.container_id, min(p.pid) AS pid
  FROM processes AS p JOIN process_security AS s ON s.pid = p.pid
  WHERE p.container_id IS NOT NULL AND s.no_new_privs = 0
  GROUP BY p.container_id)
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state,
       c.security_options, w.pid IS NOT NULL AS process_without_no_new_privs
FROM all_containers AS c
LEFT JOIN without AS w ON w.container_id = c.id
-- (no_new_privileges_default: the engine's daemon-wide setting, resolved by the view)
WHERE (c.no_new_privileges = 0 AND NOT c.no_new_privileges_default) OR w.pid IS NOT NULL
ORDER BY container_name;

-- check: D04.11
-- control: D04
-- title: Host namespace shared
-- severity: high
-- description: The container shares the host's PID, IPC, UTS or user namespace (--pid host,
--   --ipc host, --uts host, --userns host; for running containers also read from the
--   namespace links in /proc, which is what counts on Podman: it reports IpcMode 'shareable'
--   even for --ipc host): it can see and signal host processes, read host shared memory,
--   change the host name, or escape user-namespace remapping.
-- remediation: Remove --pid/--ipc/--uts/--userns host; share a namespace with one named
--   container (container:NAME) if two containers really need it.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/containers/run/#pid-settings---pid
-- cis: 5.16, 5.17, 5.21, 5.31
WITH container_pids AS (
  -- the container's init (as the engine reports it) and every process the
  -- host's cgroups place in the container
  SELECT id AS container_id, pid FROM all_containers WHERE pid > 0
  UNION
  SELECT container_id, pid FROM processes WHERE container_id IS NOT NULL),
shared AS (
  -- what the kernel shows for those processes
  SELECT cp.container_id, max(n.shares_host_pid) AS pid, max(n.shares_host_ipc) AS ipc,
         max(n.shares_host_uts) AS uts
  FROM container_pids AS cp JOIN process_namespaces AS n ON n.pid = cp.pid
  GROUP BY cp.container_id)
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state,
       trim(CASE WHEN c.pid_mode = 'host' OR s.pid = 1 THEN 'pid ' ELSE '' END
            || CASE WHEN c.ipc_mode = 'host' OR s.ipc = 1 THEN 'ipc ' ELSE '' END
            || CASE WHEN c.uts_mode = 'host' OR s.uts = 1 THEN 'uts ' ELSE '' END
            || CASE WHEN c.userns_mode = 'host' THEN 'user ' ELSE '' END) AS host_namespaces
FROM all_containers AS c
LEFT JOIN shared AS s ON s.container_id = c.id
WHERE c.pid_mode = 'host' OR c.ipc_mode = 'host' OR c.uts_mode = 'host'
   OR c.userns_mode = 'host' OR s.pid = 1 OR s.ipc = 1 OR s.uts = 1
ORDER BY container_name;

-- check: D04.12
-- control: D04
-- title: Host device exposed to a container
-- severity: medium
-- description: A host device node is passed into the container (--device, a runtime spec's
--   linux.devices: containerd, CRI-O, Kubernetes device plugins), giving it direct access to
--   hardware or kernel interfaces (disks, /dev/mem, fuse, kvm, GPUs) outside the namespace
--   isolation.  From a runtime spec the host's path is not known (path_on_host empty): the
--   node in the container names it.
-- remediation: Remove the --device option unless the workload needs that device; grant only r
--   or rw permissions, never m (mknod).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/reference/cli/docker/container/run/#device
-- cis: 5.18
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, d.path_on_host,
       d.path_in_container, d.cgroup_permissions
FROM all_containers AS c
JOIN all_container_devices AS d ON d.id = c.id
WHERE c.privileged = 0  -- D01.4's one finding
ORDER BY container_name, d.path_in_container;

-- check: D04.13
-- control: D04
-- title: /proc and /sys masking removed
-- severity: high
-- description: The container runs with no masked or no read-only kernel paths
--   (security-opt systempaths=unconfined, Podman's unmask=ALL, a runtime spec with empty
--   linux.maskedPaths or readonlyPaths - Kubernetes' procMount: Unmasked), so /proc/kcore,
--   /proc/sysrq-trigger, /sys/firmware and friends are readable or writable from inside it.
--   For a running container the mount table of its init process decides (masked paths are
--   mounts over /proc/acpi, /proc/keys, /sys/firmware, ...; /proc/sys is mounted read-only),
--   because Podman reports MaskedPaths and ReadonlyPaths empty although it masks them; for a
--   stopped one the configuration does (the engine's, on Docker only, or the runtime spec).
-- remediation: Remove systempaths=unconfined (Podman: unmask=ALL or unmask of these paths;
--   Kubernetes: procMount: Unmasked).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/reference/cli/docker/container/run/#security-opt
WITH kernel AS (
  SELECT c.id, count(*) AS mounts,
         sum(m.path IN ('/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys',
                        '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats',
                        '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
                        '/sys/devices/virtual/powercap', '/sys/dev/block')) AS masked,
         sum(m.path IN ('/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys',
                        '/proc/sysrq-trigger') AND m.read_only = 1) AS readonly
  FROM all_containers AS c JOIN process_mounts AS m ON m.pid = c.pid
  WHERE c.pid > 0 AND c.privileged = 0 AND c.paths_unmasked IS NOT 0
  GROUP BY c.id)
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime, c.state,
       c.masked_paths, c.readonly_paths,
       CASE WHEN k.mounts > 0 THEN 'kernel' ELSE 'configuration' END AS seen_by
FROM all_containers AS c
LEFT JOIN kernel AS k ON k.id = c.id
-- (paths_unmasked: 1 when the configuration masks nothing, NULL where the engine's report
-- cannot tell - Podman's - and the kernel decides)
WHERE c.privileged = 0 AND c.paths_unmasked IS NOT 0
  AND CASE WHEN k.mounts > 0 THEN k.masked = 0 OR k.readonly = 0 ELSE c.paths_unmasked END
ORDER BY container_name;

-- check: D04.14
-- control: D04
-- title: Sensitive host directory mounted read-only
-- severity: high
-- description: A host directory that holds the host's secrets and configuration (/etc, /boot,
--   /dev, /usr, /lib, /bin, /sbin, /root, /var/lib/docker, /var/lib/containerd,
--   /var/lib/kubelet or a path below /boot, /root or the engine's data) is bind-mounted
--   read-only: the container reads /etc/shadow, keys and other containers' data.  (Read-write
--   is D04.31, critical; /proc and /sys read-only D04.32, medium; a directory holding the
--   engine socket D01.13, critical.)
-- remediation: Mount only the specific files the container needs, read-only, or use a volume.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/storage/bind-mounts/
-- cis: 5.6
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       m.source, m.destination, m.rw
FROM all_containers AS c
JOIN all_container_mounts AS m ON m.id = c.id
WHERE m.type = 'bind' AND m.rw = 0
  AND (rtrim(m.source, '/') IN ('/etc', '/boot', '/dev', '/usr', '/lib', '/lib64', '/bin',
                                '/sbin', '/root', '/var/lib/docker', '/var/lib/containerd',
                                '/var/lib/kubelet')
       OR m.source GLOB '/boot/*' OR m.source GLOB '/root/*' OR m.source GLOB '/var/lib/docker/*'
       OR m.source GLOB '/var/lib/containerd/*')
  AND NOT (m.source GLOB '*/docker.sock' OR m.source GLOB '*/containerd.sock'
       OR m.source GLOB '*/podman.sock' OR m.source GLOB '*/crio.sock'
       OR m.destination GLOB '*/docker.sock' OR m.destination GLOB '*/containerd.sock'
       OR m.destination GLOB '*/podman.sock' OR m.destination GLOB '*/crio.sock'
       OR (m.type = 'bind' AND rtrim(m.source, '/') IN (
             '', '/var', '/run', '/var/run', '/run/docker', '/var/run/docker', '/run/containerd',
             '/var/run/containerd', '/run/podman', '/var/run/podman', '/run/crio', '/var/run/crio')))
ORDER BY container_name, m.destination;

-- check: D04.31
-- control: D04
-- title: Host system path mounted read-write
-- severity: critical
-- description: A host system path - /etc or any file or directory below it (/etc/cron.d,
--   /etc/sudoers.d, /etc/passwd, /etc/shadow, /etc/ssh), /usr, /boot, /lib (/lib/modules),
--   /bin, /sbin, /root, /proc, /sys, /dev, /var/spool/cron or the engine's data - is
--   bind-mounted read-write: the container can schedule a cron job, add a sudoer, replace a
--   binary or a kernel module, and so runs code as root on the host.
-- remediation: Mount only what is needed, read-only (:ro); write through a volume or an API
--   instead of the host's system files.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/storage/bind-mounts/
-- cis: 5.6
-- controls: D04, D09
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       m.source, m.destination, m.rw
FROM all_containers AS c
JOIN all_container_mounts AS m ON m.id = c.id
WHERE m.type = 'bind' AND m.rw = 1
  AND (rtrim(m.source, '/') IN ('/etc', '/boot', '/dev', '/proc', '/sys', '/usr', '/lib', '/lib64',
                                 '/bin', '/sbin', '/root', '/var/lib/docker', '/var/lib/containerd',
                                 '/var/lib/kubelet', '/var/spool/cron')
       OR m.source GLOB '/etc/*' OR m.source GLOB '/boot/*' OR m.source GLOB '/proc/*'
       OR m.source GLOB '/sys/*' OR m.source GLOB '/usr/*' OR m.source GLOB '/lib/*'
       OR m.source GLOB '/lib64/*' OR m.source GLOB '/bin/*' OR m.source GLOB '/sbin/*'
       OR m.source GLOB '/root/*' OR m.source GLOB '/var/lib/docker/*'
       OR m.source GLOB '/var/lib/containerd/*' OR m.source GLOB '/var/lib/kubelet/*'
       OR m.source GLOB '/var/spool/cron/*')
  AND NOT (m.source GLOB '*/docker.sock' OR m.source GLOB '*/containerd.sock'
       OR m.source GLOB '*/podman.sock' OR m.source GLOB '*/crio.sock'
       OR m.destination GLOB '*/docker.sock' OR m.destination GLOB '*/containerd.sock'
       OR m.destination GLOB '*/podman.sock' OR m.destination GLOB '*/crio.sock'
       OR (m.type = 'bind' AND rtrim(m.source, '/') IN (
             '', '/var', '/run', '/var/run', '/run/docker', '/var/run/docker', '/run/containerd',
             '/var/run/containerd', '/run/podman', '/var/run/podman', '/run/crio', '/var/run/crio')))
ORDER BY container_name, m.destination;

-- check: D04.32
-- control: D04
-- title: Host /proc or /sys mounted read-only
-- severity: medium
-- description: The host's /proc or /sys (or a path below them) is bind-mounted read-only: the
--   container sees every host process, its command line and environment, and the kernel's
--   settings - what node metrics agents need, and what an intruder uses to map the host.
-- remediation: Mount only the files the agent reads, or run such agents with a waiver
--   (--waivers) that names them.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/storage/bind-mounts/
-- cis: 5.6
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       m.source, m.destination, m.rw
FROM all_containers AS c
JOIN all_container_mounts AS m ON m.id = c.id
WHERE m.type = 'bind' AND m.rw = 0
  AND (rtrim(m.source, '/') IN ('/proc', '/sys') OR m.source GLOB '/proc/*'
       OR m.source GLOB '/sys/*')
ORDER BY container_name, m.destination;

-- check: D04.33
-- control: D04
-- title: Host D-Bus system bus reachable from a container
-- severity: high
-- description: The host's system D-Bus socket (/run/dbus, /var/run/dbus or system_bus_socket)
--   is mounted: a root process in the container talks to systemd, logind and NetworkManager as
--   host root (start units, reboot, change the network), read-only mount or not.
-- remediation: Remove the mount; if the container must talk to one service, give it that
--   service's own API or a D-Bus proxy that allows only those calls.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://www.freedesktop.org/wiki/Software/systemd/dbus/
-- cis: 5.6
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       m.source, m.destination, m.rw
FROM all_containers AS c
JOIN all_container_mounts AS m ON m.id = c.id
WHERE (rtrim(m.source, '/') IN ('/run/dbus', '/var/run/dbus') OR m.source GLOB '*/system_bus_socket')
ORDER BY container_name, m.destination;

-- check: D04.16
-- control: D04
-- title: Mount with shared propagation
-- severity: medium
-- description: A bind mount uses shared or rshared propagation: mounts made inside the container
--   appear on the host and the other way round, so the container can change the host's mount
--   table.
-- remediation: Use the default rprivate propagation (drop bind-propagation=shared/rshared).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation
-- cis: 5.20
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.runtime,
       m.source, m.destination, m.propagation
FROM all_containers AS c
JOIN all_container_mounts AS m ON m.id = c.id
WHERE m.propagation IN ('shared', 'rshared')
ORDER BY container_name, m.destination;

-- check: D04.17
-- control: D04
-- title: SSH server running in a container
-- severity: low
-- description: An sshd process runs inside the container: one more network service with
--   credentials to manage and patch, and a way in that bypasses the engine's access control.
-- remediation: Remove sshd from the image; use docker exec (or the orchestrator's exec) for
--   debugging.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
-- cis: 5.7
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, p.pid, p.name, p.user
FROM docker_containers AS c
JOIN docker_container_processes AS p ON p.id = c.id
-- (the IN hands every running container to the process table at once, so
-- their `docker top` requests go out together instead of one by one; + keeps
-- the planner from using the OR as an index on the process table)
WHERE p.id IN (SELECT id FROM docker_containers WHERE state = 'running')
  AND (+p.name GLOB 'sshd*' OR +p.name = 'dropbear')
ORDER BY container_name, p.pid;

-- check: D04.19
-- control: D04
-- title: Experimental engine features enabled
-- severity: low
-- description: The engine runs with experimental features on: code paths that are not meant for
--   production and get less security review.
-- remediation: Remove "experimental": true from daemon.json (and --experimental from the
--   service).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
-- cis: 2.18
SELECT name AS engine_host, server_version, experimental_build
FROM docker_info
WHERE experimental_build = 1 AND podman = 0
ORDER BY 1;

-- check: D04.20
-- control: D04
-- title: Live restore disabled
-- severity: low
-- description: Without live-restore every engine restart - including the one a security update
--   needs - stops all containers, which makes patching the engine costly and therefore late.
-- remediation: Set "live-restore": true in daemon.json (not applicable in swarm mode).
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/daemon/live-restore/
-- cis: 2.15
SELECT name AS engine_host, live_restore, swarm_state
FROM docker_info
WHERE live_restore = 0 AND swarm_state <> 'active' AND podman = 0
ORDER BY 1;

-- check: D04.21
-- control: D04
-- title: No authorization plugin on the engine
-- severity: low
-- description: The engine has no authorization plugin: every client that reaches the socket
--   may do everything, and API calls are not checked or recorded per user.
-- remediation: Where several people or tools use the engine, configure an authorization plugin
--   (authorization-plugins in daemon.json) that enforces and logs per-user rules.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/extend/plugins_authorization/
-- cis: 2.12
SELECT value AS authorization_plugins, source
FROM docker_daemon_settings
WHERE effective = 1 AND key = 'authorization-plugins' AND value IN ('[]', '', 'null')
ORDER BY 1;

-- check: D04.24
-- control: D04
-- title: Custom cgroup parent
-- severity: info
-- description: The engine (cgroup-parent) or a container (--cgroup-parent) places containers in
--   a non-default cgroup, whose limits and accounting must then be reviewed separately.
-- remediation: Use the default cgroup parent unless the custom one is deliberate and limited.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/reference/cli/docker/container/run/#cgroup-parent
-- cis: 2.10, 5.25
SELECT NULL AS container_id, NULL AS container_name, 'engine' AS scope, value AS cgroup_parent
FROM docker_daemon_settings
WHERE effective = 1 AND key = 'cgroup-parent' AND value <> ''
UNION ALL
SELECT id, ltrim(name, '/'), 'container', cgroup_parent
FROM docker_containers
WHERE cgroup_parent <> ''
ORDER BY scope, container_name;

-- check: D04.25
-- control: D04
-- title: Engine file with loose ownership or permissions
-- severity: medium
-- description: A file that controls the engine is not owned by root, belongs to an unexpected
--   group or grants more permission bits than allowed (compared as bitmasks, so 0606 is caught
--   where a decimal comparison with 644 would pass): the engine socket (0660, group docker),
--   containerd's socket (0660), /etc/docker (0755), daemon.json and the service units (0644),
--   the engine's identity key and TLS keys (0400/0600), TLS certificates (0444).
-- remediation: chown root:root (root:docker for docker.sock) and chmod to the allowed mode.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/security/protect-access/
-- cis: 3.1-3.24
WITH tls(path, allowed, what) AS (
  SELECT value, CASE WHEN key = 'tlskey' THEN 256 ELSE 292 END, key
  FROM docker_daemon_settings
  WHERE effective = 1 AND key IN ('tlscacert', 'tlscert', 'tlskey') AND value LIKE '/%'),
policy(path, allowed, groups, what) AS (
  -- allowed = the permission bits that may be set (0660 = 432, 0644 = 420, 0755 = 493,
  -- 0600 = 384, 0444 = 292, 0400 = 256)
  VALUES ('/var/run/docker.sock', 432, 'root,docker', 'engine socket'),
         ('/run/containerd/containerd.sock', 432, 'root', 'containerd socket'),
         ('/etc/docker', 493, 'root', 'engine configuration directory'),
         ('/etc/docker/daemon.json', 420, 'root', 'daemon.json'),
         ('/etc/docker/key.json', 384, 'root', 'engine identity key'),
         ('/etc/default/docker', 420, 'root', 'service defaults'),
         ('/etc/sysconfig/docker', 420, 'root', 'service defaults'),
         ('/lib/systemd/system/docker.service', 420, 'root', 'docker.service'),
         ('/usr/lib/systemd/system/docker.service', 420, 'root', 'docker.service'),
         ('/etc/systemd/system/docker.service', 420, 'root', 'docker.service'),
         ('/lib/systemd/system/docker.socket', 420, 'root', 'docker.socket'),
         ('/usr/lib/systemd/system/docker.socket', 420, 'root', 'docker.socket'),
         ('/etc/systemd/system/docker.socket', 420, 'root', 'docker.socket'),
         ('/etc/containerd/config.toml', 420, 'root', 'containerd configuration')
  UNION ALL SELECT path, allowed, 'root', what FROM tls),
checked AS (
  SELECT f.path, p.what, f.mode, p.allowed, f.uid, f.gid, f.owner, f.group_name, f.inode,
         f.size, f.mtime,
         (f.mode_int & ~p.allowed) <> 0 AS bad_mode,
         f.uid <> 0 AS bad_owner,
         -- the group is allowed by name, or as GID 0 where root is allowed
         NOT (',' || p.groups || ',' LIKE '%,' || coalesce(f.group_name, '#' || f.gid) || ',%'
              OR (f.gid = 0 AND ',' || p.groups || ',' LIKE '%,root,%')) AS bad_group
  FROM policy AS p
  JOIN file AS f ON f.path = p.path)
SELECT min(path) AS path, what, mode, printf('%04o', allowed) AS allowed_mode,
       coalesce(owner, uid) AS owner, coalesce(group_name, gid) AS "group",
       trim(CASE WHEN bad_mode THEN 'mode ' ELSE '' END
            || CASE WHEN bad_owner THEN 'owner ' ELSE '' END
            || CASE WHEN bad_group THEN 'group' ELSE '' END) AS problem
FROM checked
WHERE bad_mode OR bad_owner OR bad_group
GROUP BY inode, size, mtime  -- /lib and /usr/lib are often the same directory
ORDER BY path;

-- check: D04.27
-- control: D04
-- title: Swarm mode enabled
-- severity: low
-- description: The engine is part of a swarm: it opens the cluster management (2377) and gossip
--   ports and accepts tasks from the managers.  If the host is not meant to be in a swarm, that
--   is attack surface for nothing.
-- remediation: docker swarm leave on hosts that are not meant to run swarm services.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/engine/swarm/
-- cis: 5.1
SELECT name AS engine_host, swarm_state
FROM docker_info
WHERE swarm_state = 'active'
ORDER BY 1;

-- check: D04.30
-- control: D04
-- title: Host cgroup namespace shared on a cgroup v2 host
-- severity: medium
-- description: On a cgroup v2 host, where containers get a private cgroup namespace by default,
--   the container was started with --cgroupns host and sees (and with write access could
--   change) the host's whole cgroup tree.  cgroup v1 hosts, where host is the default, are
--   reported by D02.12 instead.
-- remediation: Remove --cgroupns host.
-- references: https://github.com/OWASP/Docker-Security/blob/main/D04%20-%20Secure%20Defaults%20and%20Hardening.md
--   https://docs.docker.com/reference/cli/docker/container/run/#cgroupns
SELECT c.id AS container_id, ltrim(c.name, '/') AS container_name, c.state, c.cgroupns_mode
FROM docker_containers AS c, docker_info AS i
WHERE i.cgroup_version = '2' AND c.cgroupns_mode = 'host'
ORDER BY container_name;
