-- check: T10.1
-- control: D10
-- title: A check that cannot run
-- severity: info
-- description: Reads a table that does not exist, to show how errors are reported.
-- remediation: Fix the check.
-- references: https://owasp.org/www-project-docker-top-10/
SELECT * FROM no_such_table;
