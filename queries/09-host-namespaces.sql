-- Which running containers share a namespace with the host, as the kernel
-- shows it (/proc/<pid>/ns/* compared with pid 1's) rather than as configured.
SELECT ltrim(c.name, '/') AS container, c.pid,
       n.shares_host_net AS net, n.shares_host_pid AS pid_ns, n.shares_host_ipc AS ipc,
       n.shares_host_uts AS uts, n.shares_host_user AS user_ns, n.shares_host_cgroup AS cgroup,
       n.shares_host_mnt AS mnt
FROM docker_containers AS c
JOIN process_namespaces AS n ON n.pid = c.pid
WHERE c.state = 'running'
ORDER BY container;
