# Sourced by tests/hardening/run.sh: safe file writes.
out="$tmp/report.txt"
printf 'victim\n' >"$tmp/victim"

# --- the old temporary name FILE.tmp.<pid>, planted as a symlink for the
# pid the run will have (sh -c ... exec keeps the pid)
sh -c 'ln -s "$1" "$2.tmp.$$"; exec "$3" run "$4" --output "$2"' sh "$tmp/victim" "$out" "$DS" "$PACK" 2>>"$tmp/stderr"
assert_eq files-planted-tmp-symlink-victim-untouched victim "$(cat "$tmp/victim")"
assert_contains files-planted-tmp-symlink-report-written "H01.1" "$(cat "$out" 2>&1)"
rm -f "$out".tmp.*
assert_eq files-report-mode-0600 600 "$(stat -c %a "$out")"
run --output "$out" --mode 0644 >/dev/null
assert_eq files-report-mode-asked 644 "$(stat -c %a "$out")"
run --output "$out" --mode 9 >/dev/null
assert_eq files-mode-invalid-exit 2 "$?"
assert_eq files-no-temporary-left "" "$(find "$tmp" -name '*.tmp*' -newer "$tmp/victim")"

# --- root must not replace a file another user prepared
if [ "$(id -u)" = 0 ]; then
  ln -s "$tmp/victim" "$tmp/link.txt"
  run --output "$tmp/link.txt" >/dev/null
  assert_eq files-symlink-target-refused-exit 2 "$?"
  assert_eq files-symlink-target-victim-untouched victim "$(cat "$tmp/victim")"
  assert_eq files-symlink-target-still-a-link "$tmp/victim" "$(readlink "$tmp/link.txt")"
  assert_contains files-symlink-target-message "is a symbolic link" "$(cat "$tmp/stderr")"
  printf 'theirs\n' >"$tmp/theirs.txt"
  chown 1000:1000 "$tmp/theirs.txt"
  run --output "$tmp/theirs.txt" >/dev/null
  assert_eq files-foreign-target-refused-exit 2 "$?"
  assert_eq files-foreign-target-untouched theirs "$(cat "$tmp/theirs.txt")"
  assert_contains files-foreign-target-message "owned by another user" "$(cat "$tmp/stderr")"
  # --state through a symlink: the victim is neither truncated nor opened
  ln -s "$tmp/victim" "$tmp/state.db"
  run --state "$tmp/state.db" >/dev/null
  assert_eq files-state-symlink-refused-exit 2 "$?"
  assert_eq files-state-symlink-victim-untouched victim "$(cat "$tmp/victim")"
else
  skip files-root-refusals "not root"
fi
run --state "$tmp/fresh.db" >/dev/null
assert_eq files-state-mode-0600 600 "$(stat -c %a "$tmp/fresh.db")"

# --- the journal SQLite creates beside the state, planted as a symlink to a
# victim by whoever can write the directory: refused (for any user), the
# victim untouched, the state unchanged
for sfx in journal wal shm; do
  rm -f "$tmp/fresh.db-"*
  ln -s "$tmp/victim" "$tmp/fresh.db-$sfx"
  sum=$(cksum <"$tmp/fresh.db")
  run --state "$tmp/fresh.db" >/dev/null
  assert_eq "files-state-$sfx-symlink-refused-exit" 2 "$?"
  assert_eq "files-state-$sfx-symlink-victim-untouched" victim "$(cat "$tmp/victim")"
  assert_eq "files-state-$sfx-symlink-state-unchanged" "$sum" "$(cksum <"$tmp/fresh.db")"
  assert_contains "files-state-$sfx-symlink-message" "fresh.db-$sfx: is a symbolic link" "$(cat "$tmp/stderr")"
done
# and one planted after that check (a race) meets SQLite's own O_NOFOLLOW:
# the write fails, nothing goes through the link
rm -f "$tmp/fresh.db-"*
ln -s "$tmp/victim" "$tmp/fresh.db-journal"
sqlite3 "$tmp/fresh.db" "INSERT INTO meta VALUES('x', 'y')" >/dev/null 2>&1
assert_eq files-state-journal-sqlite-nofollow victim "$(cat "$tmp/victim")"
rm -f "$tmp/fresh.db-journal"
run --state "$tmp/fresh.db" >/dev/null
assert_eq files-state-journal-removed-runs 1 "$?"
assert_eq files-state-no-journal-left "" "$(find "$tmp" -name 'fresh.db-*')"
