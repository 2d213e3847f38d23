#!/bin/sh
# needs: engine
# make install / make uninstall into a temporary DESTDIR: the layout, the man
# pages (groff warnings are failures), the installed CLI and extension run
# from there (from an unrelated directory), and uninstall leaves nothing of
# ours behind while keeping files a user added.
. tests/lib/common.sh
tmp=$(mktemp -d /tmp/dockersec-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"
prefix=/usr/local
inst="$dest$prefix"
mkdir -p "$tmp/empty"
# A sanitizer build must be installed as one (the same objects, no rebuild).
san=""
case "$BUILD" in build-asan | */build-asan) san="SANITIZE=1" ;; esac

# shellcheck disable=SC2086
if timeout 300 make -s install BUILD="$BUILD" $san PREFIX="$prefix" DESTDIR="$dest" >"$tmp/install.log" 2>&1; then
  pass install-make-install
else
  fail install-make-install "$(tail -5 "$tmp/install.log")"
fi

missing=""
for f in bin/dockersec lib/dockersec/dockersec.so share/man/man1/dockersec.1 \
  share/man/man7/dockersec-tables.7 share/doc/dockersec/tables.md; do
  [ -f "$inst/$f" ] || missing="$missing $f"
done
assert_eq install-layout "" "$missing"
[ -x "$inst/bin/dockersec" ] && pass install-cli-executable || fail install-cli-executable "not executable"
assert_eq install-so-mode "644" "$(stat -c %a "$inst/lib/dockersec/dockersec.so" 2>/dev/null)"

# Every pack and query file of the tree is installed, byte for byte.
diffs=""
for f in $(find packs queries -type f 2>/dev/null); do
  cmp -s "$f" "$inst/share/dockersec/$f" || diffs="$diffs $f"
done
assert_eq install-packs-and-queries "" "$diffs"
assert_eq install-packs-installed "$(find packs -type f | wc -l)" "$(find "$inst/share/dockersec/packs" -type f | wc -l)"
if cmp -s docs/tables.md "$inst/share/doc/dockersec/tables.md"; then
  pass install-table-reference
else
  fail install-table-reference "installed tables.md differs from docs/tables.md"
fi

# Man pages: no groff warnings at the strictest level, and they render.
for page in man1/dockersec.1 man7/dockersec-tables.7; do
  warn=$(groff -man -Tutf8 -ww -z "$inst/share/man/$page" 2>&1)
  assert_eq "install-man-groff-$(basename "$page")" "" "$warn"
done
page=$(MANWIDTH=100 man -l "$inst/share/man/man1/dockersec.1" 2>&1)
assert_contains install-man1-name "dockersec - audit a Docker host with SQL" "$page"
for section in SYNOPSIS COMMANDS OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
  assert_contains "install-man1-section-$(echo "$section" | tr ' ' _)" "$section" "$page"
done
assert_contains install-man1-prefix-paths "$prefix/share/dockersec/packs/" "$page"
page=$(MANWIDTH=100 man -l "$inst/share/man/man7/dockersec-tables.7" 2>&1)
for t in $("$DS" tables); do
  assert_contains "install-man7-has-$t" "$t" "$page"
done

# The installed CLI, run from an unrelated directory.
out=$(cd "$tmp/empty" && timeout 60 "$inst/bin/dockersec" query \
  "SELECT v.version AS engine, count(c.id) AS containers FROM docker_version v LEFT JOIN docker_containers c" \
  --format json 2>&1)
assert_contains install-cli-query "\"engine\"" "$out"
assert_eq install-cli-version-matches "$("$DS" version | cut -d' ' -f2)" \
  "$("$inst/bin/dockersec" version | cut -d' ' -f2)"

# The installed CLI finds the installed packs by name, from anywhere.
want_checks=$("$DS" run packs/owasp-docker-top10 --list | wc -l)
[ "$want_checks" -gt 0 ] && pass install-packs-in-tree || fail install-packs-in-tree "no checks in packs/"
got=$(cd "$tmp/empty" && timeout 60 "$inst/bin/dockersec" run owasp-docker-top10 --list 2>&1 | wc -l)
assert_eq install-run-finds-installed-pack "$want_checks" "$got"
# The report on stdout, the run's notes on stderr (kept apart: a note or a
# sanitizer's message there must not be read as the report).
out=$(cd "$tmp/empty" && timeout 300 "$inst/bin/dockersec" run owasp-docker-top10 --format json 2>"$tmp/run.err")
rc=$?
[ $rc -le 1 ] && pass install-run-exit || fail install-run-exit "exit $rc: $(tail -c 300 "$tmp/run.err")"
assert_eq install-run-all-checks "$want_checks" \
  "$(printf '%s' "$out" | jq '.results | length' 2>&1 || head -c 300 "$tmp/run.err")"
assert_not_contains install-run-no-sanitizer-report "Sanitizer" "$(cat "$tmp/run.err")"
out=$(cd "$tmp/empty" && timeout 60 "$inst/bin/dockersec" run no-such-pack 2>&1)
assert_eq install-run-unknown-pack-exit 2 "$?"
assert_contains install-run-unknown-pack-search-path "$inst/share/dockersec/packs" "$out"

# The compiled-in data directory: an install under another PREFIX (the
# build directory copied, so only paths.o is rebuilt), its binary moved away
# from its share/ so only DATADIR can lead to the packs.
cp -a "$BUILD" "$tmp/build2"
# shellcheck disable=SC2086
if timeout 300 make -s install BUILD="$tmp/build2" $san PREFIX="$tmp/prefix" >"$tmp/install2.log" 2>&1; then
  mkdir -p "$tmp/elsewhere"
  mv "$tmp/prefix/bin/dockersec" "$tmp/elsewhere/dockersec"
  got=$(cd "$tmp/empty" && timeout 60 "$tmp/elsewhere/dockersec" run owasp-docker-top10 --list 2>&1 | wc -l)
  assert_eq install-run-compiled-in-datadir "$want_checks" "$got"
  rm -rf "$tmp/prefix/share/dockersec/packs"
  out=$(cd "$tmp/empty" && timeout 60 "$tmp/elsewhere/dockersec" run owasp-docker-top10 2>&1)
  assert_contains install-run-compiled-in-datadir-searched "$tmp/prefix/share/dockersec/packs" "$out"
else
  fail install-prefix-install "$(tail -5 "$tmp/install2.log")"
fi

# The installed extension from the real sqlite3 shell.
out=$(cd "$tmp/empty" && host_prog sql -so "$inst/lib/dockersec/dockersec" \
  "SELECT dockersec_version() <> '', (SELECT count(*) >= 0 FROM docker_containers)")
assert_eq install-extension-loads "1|1" "$out"

# Uninstall removes every file of ours and keeps what a user added.
mkdir -p "$inst/share/dockersec/packs"
echo "SELECT 1;" >"$inst/share/dockersec/packs/mine.sql"
# shellcheck disable=SC2086
if timeout 120 make -s uninstall BUILD="$BUILD" $san PREFIX="$prefix" DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1; then
  pass install-make-uninstall
else
  fail install-make-uninstall "$(tail -5 "$tmp/uninstall.log")"
fi
assert_eq install-uninstall-keeps-user-files "$inst/share/dockersec/packs/mine.sql" \
  "$(find "$dest" -type f)"
rm -f "$inst/share/dockersec/packs/mine.sql"
timeout 120 make -s uninstall BUILD="$BUILD" $san PREFIX="$prefix" DESTDIR="$dest" >/dev/null 2>&1
assert_eq install-uninstall-leaves-nothing "" "$(find "$dest" \( -type f -o -type l -o -name '*dockersec*' \))"
