-- check: H01.1
-- control: D10
-- title: Hostile evidence
-- severity: high
-- description: Returns values a container can plant (labels, env keys, mount paths, command lines).
-- remediation: None: a test pack.
-- references: https://owasp.org/www-project-docker-top-10/
SELECT 'esc' AS kind, char(27) || ']0;pwned' || char(7) || char(27) || '[2J' || char(27) || '[31mALL CHECKS PASSED' AS container_name
UNION ALL SELECT 'bidi', 'safe' || char(0x202e) || 'txt.exe' || char(0x2066) || 'x'
UNION ALL SELECT 'c1', 'a' || char(0x9b) || '31m' || char(0x7f) || 'b'
UNION ALL SELECT 'formula', '=HYPERLINK("http://evil","x")'
UNION ALL SELECT 'plus', '+1+cmd|'' /C calc''!A0'
UNION ALL SELECT 'at', '@SUM(1)'
UNION ALL SELECT 'tab', char(9) || '=1'
UNION ALL SELECT 'number', '-1'
UNION ALL SELECT 'badutf8', CAST(X'61ff62c3' AS TEXT) || 'z'
UNION ALL SELECT 'ev\x1b"' || char(27) || char(0x9b) || char(0x202e) || CAST(X'ff' AS TEXT), 'lit\x1b';
