-- The engine's own errors, as a user sees them in the sqlite3 shell.
SELECT dockersec_config('no_such_setting');
SELECT dockersec_config('cache_ttl_ms', -5);
SELECT dockersec_config('cache_ttl_ms', 500);
SELECT dockersec_config('docker_host', 'unix:///nonexistent/docker.sock');
SELECT count(*) FROM docker_containers;
