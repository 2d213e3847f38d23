-- Kernel-side confinement of each container's init process: seccomp mode
-- (2 = filter, 0 = none), no_new_privs, the LSM label and user-ID remapping.
SELECT ltrim(c.name, '/') AS container, s.pid, s.seccomp, s.seccomp_filters,
       s.no_new_privs, s.apparmor_label, s.uid_map_identity AS no_userns_remap,
       s.cap_effective
FROM docker_containers AS c
JOIN process_security AS s ON s.pid = c.pid
WHERE c.state = 'running'
ORDER BY container;
