-- The images containers run: age, origin (registry digest or local build),
-- default user and how many containers use each.
SELECT i.id AS image_id, i.tags,
       CAST((strftime('%s', 'now') - i.created) / 86400 AS INTEGER) AS age_days,
       CASE WHEN i.repo_digests = '[]' THEN 'local build/import' ELSE 'pulled' END AS origin,
       CASE WHEN i.user = '' THEN '(root)' ELSE i.user END AS default_user,
       count(c.id) AS containers
FROM docker_images AS i
JOIN docker_containers AS c ON c.image_id = i.id
GROUP BY i.id
ORDER BY containers DESC, image_id;
