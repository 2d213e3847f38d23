# Sourced by tests/hardening/run.sh: a hostile engine (tests/lib/fake_engine.py
# on tests/hardening/hostile_fixture.py's fixtures): control bytes in label
# keys, env keys, mount paths and command lines reach no output raw; ids are
# URL-escaped; credentials in DOCKER_HOST are never shown.
python3 tests/hardening/hostile_fixture.py tests/fixtures/engine/synthetic "$tmp/fx"
fe_start --fixtures "$tmp/fx" || fail hostile-engine-start "fake engine did not start"
q() { DOCKER_HOST=$FE_HOST timeout 30 "$DS" query "$@" 2>&1; }
ESC=$(printf '\033')
for f in table csv; do
  out=$(q --format "$f" "SELECT key FROM docker_container_labels UNION ALL SELECT key FROM docker_container_envs
    UNION ALL SELECT source FROM docker_container_mounts UNION ALL SELECT command FROM docker_containers")
  assert_eq "hostile-engine-$f-no-raw-escape" 0 "$(printf '%s' "$out" | LC_ALL=C grep -c "$ESC")"
  assert_contains "hostile-engine-$f-label-key" 'evil\x1b]0;pwned\x07' "$out"
  assert_contains "hostile-engine-$f-env-key" 'EVIL\x1b]0;pwned' "$out"
  assert_contains "hostile-engine-$f-mount" '/tmp/m\x1b]0;pwned' "$out"
  assert_contains "hostile-engine-$f-command" 'sh\x1b]0;pwned' "$out"
  assert_contains "hostile-engine-$f-bidi" 'PASSED\u202e' "$out"
done
for f in json jsonl; do
  out=$(q --format "$f" "SELECT value FROM docker_container_labels WHERE key = 'badutf8'")
  assert_contains "hostile-engine-$f-invalid-utf8" "a$(printf '\357\277\275')b" "$out"
done
out=$(DOCKER_HOST=$FE_HOST timeout 60 "$DS" run tests/hardening/pack-labels.sql --format sarif 2>&1)
if printf '%s' "$out" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then pass hostile-engine-sarif-utf8; else fail hostile-engine-sarif-utf8 "invalid UTF-8"; fi
out=$(DOCKER_HOST=$FE_HOST timeout 60 "$DS" run tests/hardening/pack-labels.sql --format html 2>&1)
assert_eq hostile-engine-html-no-raw-escape 0 "$(printf '%s' "$out" | LC_ALL=C grep -c "$ESC")"
assert_contains hostile-engine-html-escaped 'evil\x1b]0;pwned' "$out"

# --- ids URL-escaped: a listed Id "../../version" is one path segment
: >"$FE_LOG"
q "SELECT count(*) FROM docker_containers WHERE privileged = 1" >/dev/null
assert_contains hostile-engine-id-escaped "/containers/..%2F..%2Fversion/json" "$(cat "$FE_LOG")"
assert_not_contains hostile-engine-id-no-traversal "/version/json" "$(cat "$FE_LOG")"

# --- DOCKER_HOST credentials masked in reports and errors
H='tcp://alice:s3cr3t@127.0.0.1:9'
for f in json sarif html csv table; do
  out=$(DOCKER_HOST=$H timeout 60 "$DS" run tests/hardening/pack-labels.sql --format "$f" 2>&1)
  assert_not_contains "hostile-host-masked-$f" "s3cr3t" "$out"
done
assert_contains hostile-host-masked-shown 'tcp://***@127.0.0.1:9' "$out"
out=$(DOCKER_HOST=$H timeout 30 "$DS" query "SELECT * FROM docker_info" 2>&1; DOCKER_HOST=$H timeout 30 "$DS" query "SELECT dockersec_config('docker_host')" 2>&1)
assert_not_contains hostile-host-masked-query "s3cr3t" "$out"
