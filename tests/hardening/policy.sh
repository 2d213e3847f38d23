# Sourced by tests/hardening/run.sh: the SQL policy (pack authorizer an
# allow-list; SQLITE_DBCONFIG_DEFENSIVE on, FTS3 tokenizer off, also for query).
check_sql() {
  printf -- '-- check: P01.1\n-- control: D10\n-- title: policy\n-- severity: low\n-- description: d\n-- remediation: r\n-- references: https://owasp.org/\n%s;\n' "$1" >"$tmp/policy.sql"
  timeout 60 "$DS" run "$tmp/policy.sql" 2>&1
}
for fn in "fts3_tokenizer('simple')" "sqlite_compileoption_get(0)" "load_extension('x')" \
  "dockersec_config('reveal_secrets', '1')"; do
  name=$(printf '%s' "$fn" | sed 's/(.*//')
  assert_contains "policy-denied-$name" "not authorized to use function: $name" "$(check_sql "SELECT $fn AS x")"
done
assert_contains policy-allowed-functions "FAIL P01.1" \
  "$(check_sql "SELECT json_extract('{\"a\":1}', '\$.a') AS a, sha256('x') AS h, version_compare('1.2', '1.10') AS v, upper(group_concat(value)) AS g FROM json_each('[\"a\"]')")"
assert_contains policy-allowed-pragma-function "FAIL P01.1" \
  "$(check_sql "SELECT name FROM pragma_table_info('docker_containers') LIMIT 1")"
assert_contains policy-denied-pragma "not authorized" \
  "$(check_sql "SELECT * FROM pragma_integrity_check")"
out=$(timeout 30 "$DS" query "SELECT fts3_tokenizer('simple') IS NULL AS hidden" --format csv 2>&1)
assert_contains policy-query-fts3-pointer-hidden "1" "$out"
timeout 30 "$DS" query "SELECT fts3_tokenizer('evil', x'4141414141414141')" >/dev/null 2>&1
assert_eq policy-query-fts3-set-refused 2 "$?"
out=$(timeout 30 "$DS" query "PRAGMA writable_schema = 1; CREATE TABLE t(x); UPDATE sqlite_master SET sql = 'x' WHERE name = 't'" 2>&1)
assert_contains policy-query-defensive "sqlite_master" "$out"
