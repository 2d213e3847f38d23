#!/bin/sh
# needs: none
# Suite "escalation": no privilege escalation through SQL.
#  - Every table is DIRECTONLY: a view or trigger stored in an untrusted
#    database file cannot reach host or engine state, nor can a view, trigger,
#    DEFAULT or CHECK constraint change a setting with dockersec_config()
#    (which could switch reveal_secrets on or point the client at a forged
#    engine) - even with PRAGMA trusted_schema = ON.  SQLite lets a CHECK
#    constraint call a DIRECTONLY function, so the setter refuses to run
#    inside a statement that writes.
#  - The CLI never enables load_extension (query and run), and neither the
#    CLI nor the extension imports anything that starts a program.
. tests/lib/common.sh
SUITE=escalation
T=$(mktemp -d /tmp/dockersec-esc.XXXXXX)
trap 'rm -rf "$T"' EXIT
# No engine is needed: an unreachable one proves nothing was sent either way.
export DOCKER_HOST="unix://$T/no-engine.sock"
export DOCKERSEC_ROOT=tests/fixtures/host/minimal

TABLES=$("$DS" tables)

# The untrusted file: built by plain sqlite3 (no extension needed to store
# such a schema), then opened by a user who loads dockersec.
DB="$T/untrusted.db"
{
  for t in $TABLES; do
    printf 'CREATE VIEW v_%s AS SELECT count(*) FROM %s%s;\n' "$t" "$t" "$(table_where "$t" a1a1)"
  done
  cat <<'SQL'
CREATE VIEW v_config AS SELECT dockersec_config('reveal_secrets', 1);
CREATE TABLE log(x);
CREATE TABLE t(x);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN
  INSERT INTO log SELECT name FROM processes;
  INSERT INTO log SELECT dockersec_config('docker_host', 'tcp://attacker.example:2375');
END;
SQL
} | sqlite3 "$DB"
# Constraints naming the function need it to exist when they are declared:
# the attacker loads the extension too.
sql -db "$DB" - <<'SQL'
CREATE TABLE chk(x CHECK (dockersec_config('reveal_secrets', 1) = 1));
CREATE TABLE def(x, y DEFAULT (dockersec_config('reveal_secrets', 1)));
SQL
# A table that already holds a row when its CHECK constraint appears (the
# attacker edits the schema text), so an UPDATE fires the constraint.
sqlite3 -batch "$DB" <<'SQL'
CREATE TABLE upd(x);
INSERT INTO upd VALUES (1);
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = 'CREATE TABLE upd(x CHECK (x > 0 AND dockersec_config(''docker_host'', ''tcp://attacker.example:2375'') != ''''))'
 WHERE name = 'upd';
SQL

# shell SQL...: the sqlite3 shell on the untrusted file with the extension,
# one statement per argument, carrying on after errors (as a script does).
shell() {
  printf '%s;\n' "$@" | sql -db "$DB" -
}

for t in $TABLES; do
  out=$(shell "SELECT * FROM v_$t")
  assert_contains "escalation-view-$t" "unsafe use of virtual table \"$t\"" "$out"
  # The same statement typed directly works: DIRECTONLY, not a broken table.
  out=$(shell "SELECT count(*) FROM $t$(table_where "$t" a1a1)")
  case "$out" in
  *"unsafe use"*) fail "escalation-direct-$t" "refused when typed directly: $out" ;;
  *) pass "escalation-direct-$t" ;;
  esac
done
for trusted in 0 1; do
  tag=trusted-schema-$trusted
  out=$(shell "PRAGMA trusted_schema = $trusted" "SELECT * FROM v_processes")
  assert_contains "escalation-$tag-view" 'unsafe use of virtual table "processes"' "$out"
  out=$(shell "PRAGMA trusted_schema = $trusted" "SELECT * FROM v_config" \
    "SELECT 'reveal=' || dockersec_config('reveal_secrets')")
  assert_contains "escalation-$tag-view-config" "unsafe use of dockersec_config()" "$out"
  assert_contains "escalation-$tag-view-config-unchanged" "reveal=0" "$out"
  out=$(shell "PRAGMA trusted_schema = $trusted" "INSERT INTO t VALUES (1)" \
    "SELECT 'host=' || dockersec_config('docker_host')" "SELECT 'logged=' || count(*) FROM log")
  assert_contains "escalation-$tag-trigger" "unsafe use of" "$out"
  assert_contains "escalation-$tag-trigger-host-unchanged" "host=$DOCKER_HOST" "$out"
  assert_contains "escalation-$tag-trigger-nothing-logged" "logged=0" "$out"
  # SQLite runs DIRECTONLY functions from CHECK constraints: dockersec_config
  # refuses to change a setting from a writing statement.
  out=$(shell "PRAGMA trusted_schema = $trusted" "INSERT INTO chk VALUES (1)" \
    "SELECT 'reveal=' || dockersec_config('reveal_secrets')")
  assert_contains "escalation-$tag-check-constraint" \
    "dockersec_config: a setting can only be changed by a SELECT" "$out"
  assert_contains "escalation-$tag-check-unchanged" "reveal=0" "$out"
  out=$(shell "PRAGMA trusted_schema = $trusted" "UPDATE upd SET x = 2" \
    "SELECT 'host=' || dockersec_config('docker_host')")
  assert_contains "escalation-$tag-check-on-update" \
    "dockersec_config: a setting can only be changed by a SELECT" "$out"
  assert_contains "escalation-$tag-check-on-update-unchanged" "host=$DOCKER_HOST" "$out"
  out=$(shell "PRAGMA trusted_schema = $trusted" "INSERT INTO def(x) VALUES (1)" \
    "SELECT 'reveal=' || dockersec_config('reveal_secrets')")
  assert_contains "escalation-$tag-default" "unsafe use of dockersec_config()" "$out"
  assert_contains "escalation-$tag-default-unchanged" "reveal=0" "$out"
done

# The user's own SELECT still changes settings, and reading stays possible
# inside any statement.
out=$(shell "SELECT dockersec_config('reveal_secrets', 1)" "SELECT 'reveal=' || dockersec_config('reveal_secrets')")
assert_contains escalation-select-sets "reveal=1" "$out"
out=$(printf "CREATE TEMP TABLE k(v);\nINSERT INTO k SELECT dockersec_config('timeout_ms');\nSELECT 'k=' || v FROM k;\n" |
  sql -)
assert_eq escalation-read-inside-insert "k=10000" "$out"

# load_extension through the CLI: never enabled, in query and in run.
out=$("$DS" query "SELECT load_extension('$PWD/$SO')" 2>&1)
rc=$?
assert_eq escalation-cli-query-load-extension "2:dockersec: not authorized" "$rc:$out"
mkdir -p "$T/pack"
cat >"$T/pack/evil.sql" <<SQL
-- check: X1
-- control: X
-- title: loads code
-- severity: low
-- description: a check that tries to load a shared library
-- remediation: none
-- references: https://example.invalid/
SELECT load_extension('$PWD/$SO') AS x;

-- check: X2
-- control: X
-- title: turns secrets on
-- severity: low
-- description: a check that tries to change a setting
-- remediation: none
-- references: https://example.invalid/
SELECT dockersec_config('reveal_secrets', 1) AS x;
SQL
"$DS" run "$T/pack" --format csv >"$T/run.csv" 2>&1
rc=$?
assert_eq escalation-cli-run-status "2" "$rc"
assert_eq escalation-cli-run-load-extension-refused "1" \
  "$(grep -c '^X1,.*not authorized' "$T/run.csv")"
assert_eq escalation-cli-run-config-refused "1" "$(grep -c '^X2,.*not authorized' "$T/run.csv")"

# Nothing that starts a program is even linked in.
for bin in "$DS" "$SO"; do
  found=$(nm -D --undefined-only "$bin" 2>/dev/null |
    grep -wE 'system|popen|execl|execlp|execle|execv|execve|execvp|execvpe|fexecve|fork|vfork|clone|posix_spawn|posix_spawnp|dlopen')
  assert_eq "escalation-no-exec-$(basename "$bin")" "" "$found"
done
