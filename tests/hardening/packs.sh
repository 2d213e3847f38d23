# Sourced by tests/hardening/run.sh: a pack name never resolves to the
# working directory (another user's ./packs or ./NAME); the report names the
# pack's path and digest.
case "$DS" in /*) DSA=$DS ;; *) DSA=$(pwd)/$DS ;; esac
ws="$tmp/workspace"
mkdir -p "$ws/packs/owasp-docker-top10" "$ws/owasp-docker-top10"
for d in "$ws/packs/owasp-docker-top10" "$ws/owasp-docker-top10"; do
  printf -- '-- check: X01.1\n-- control: D10\n-- title: planted\n-- severity: low\n-- description: d\n-- remediation: r\n-- references: https://owasp.org/\nSELECT 1 WHERE 0;\n' >"$d/x.sql"
done
want=$("$DS" run packs/owasp-docker-top10 --list | wc -l)
got=$(cd "$ws" && timeout 60 "$DSA" run owasp-docker-top10 --list 2>&1)
assert_not_contains packs-name-not-from-workdir "X01.1" "$got"
assert_eq packs-name-resolves-to-real-pack "$want" "$(printf '%s\n' "$got" | wc -l)"
got=$(cd "$ws" && timeout 60 "$DSA" run ./packs/owasp-docker-top10 --list 2>&1)
assert_contains packs-explicit-path-used "X01.1" "$got"
got=$(cd "$ws" && DOCKERSEC_PACK_PATH="$ws/packs" timeout 60 "$DSA" run owasp-docker-top10 --list 2>&1)
assert_contains packs-pack-path-first "X01.1" "$got"
out=$(timeout 60 "$DS" run "$PACK" --format json 2>/dev/null)
assert_eq packs-report-path "$PACK" "$(printf '%s' "$out" | jq -r .packs)"
sum=$(printf '%s\0' "$PACK" | cat - "$PACK" | { cat; printf '\0'; } | sha256sum | cut -d' ' -f1)
assert_eq packs-report-digest "$sum" "$(printf '%s' "$out" | jq -r .pack_sha256)"
assert_contains packs-table-footer "pack $PACK sha256:$sum" "$(timeout 60 "$DS" run "$PACK" 2>/dev/null)"
# `run --list` shows a pack's title escaped like every other human-facing
# text: a pack from elsewhere cannot drive the terminal.
mkdir -p "$tmp/hostile-pack"
printf -- '-- check: X02.1\n-- control: D10\n-- title: clear\033[2J\a here\n-- severity: low\n-- description: d\n-- remediation: r\n-- references: https://owasp.org/\nSELECT 1 WHERE 0;\n' >"$tmp/hostile-pack/x.sql"
got=$(timeout 60 "$DS" run "$tmp/hostile-pack" --list 2>&1)
assert_contains packs-list-title-escaped 'clear\x1b[2J\x07 here' "$got"
assert_eq packs-list-no-raw-control "" "$(printf '%s' "$got" | tr -d '\n' | tr -d '[:print:]')"
