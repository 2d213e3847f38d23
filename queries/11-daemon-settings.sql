-- The engine's configuration in force, and where each value comes from
-- (command line, daemon.json, the engine's /info, the default bridge, or the
-- built-in default).
SELECT key, value, source
FROM docker_daemon_settings
WHERE effective = 1
ORDER BY key;
