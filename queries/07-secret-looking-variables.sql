-- Environment variables whose names look like secrets, per container - names
-- only: values stay <redacted> unless dockersec_config('reveal_secrets', 1).
SELECT ltrim(c.name, '/') AS container, e.key AS variable, e.value
FROM docker_containers AS c
JOIN docker_container_envs AS e ON e.id = c.id
WHERE e.secret_like = 1
ORDER BY container, variable;
