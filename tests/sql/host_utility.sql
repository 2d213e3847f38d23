-- users and groups from the root's /etc files: malformed lines skipped, uid_signed.
SELECT * FROM users ORDER BY uid;
SELECT uid, username, pid_with_namespace, include_remote FROM users WHERE uid = 1000;
SELECT uid, username FROM users WHERE username = 'nobody';
SELECT * FROM groups ORDER BY gid;
SELECT groupname FROM groups WHERE gid = 998;
-- pid_with_namespace: the accounts process 42 sees (its root is the container's rootfs).
SELECT uid, username, shell, pid_with_namespace FROM users WHERE pid_with_namespace = 42 ORDER BY uid;
SELECT gid, groupname, pid_with_namespace FROM groups WHERE pid_with_namespace = 42 ORDER BY gid;
SELECT count(*) FROM users WHERE pid_with_namespace = 99999;
SELECT count(*) FROM users WHERE pid_with_namespace IN (0, 42);
-- uptime from /proc/uptime (200000.47 s).
SELECT * FROM uptime;
-- file descriptors that name files (sockets, pipes, anon inodes left out).
SELECT * FROM process_open_files ORDER BY pid, fd;
SELECT fd, path FROM process_open_files WHERE pid = 77 ORDER BY fd;
SELECT count(*) FROM process_open_files WHERE pid = 12345;
-- time: one row, consistent with itself.
SELECT count(*), timezone, datetime = iso_8601, date_time = datetime,
       datetime = strftime('%Y-%m-%dT%H:%M:%SZ', unix_time, 'unixepoch'),
       abs(unix_time - CAST(strftime('%s', 'now') AS INTEGER)) < 5,
       timestamp LIKE '% UTC', year = CAST(strftime('%Y', unix_time, 'unixepoch') AS INTEGER)
FROM time;
