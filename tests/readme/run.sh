#!/bin/sh
# needs: engine
# The README's examples, as a reader runs them (as tests/docs does for
# docs/tables.md): the demo containers are made with the README's own
# `docker run` lines (renamed demo-* -> dsreadme<pid>-* and labelled, so
# nothing else on a shared engine is touched), then every `sqlite> `
# statement runs through the sqlite3 shell and every `$ build/dockersec`
# example through the CLI.
#   - each statement runs without an error;
#   - its rows equal the README's box for the engine-only examples, and name
#     the same containers where the values are the host's (pids, kernel
#     capability counts, cgroup files): those need the engine's host /proc
#     (tests/lib/needs.sh host-proc) and are skipped with a reason elsewhere;
#   - the engine-down example prints the README's error and exits 2, the
#     D01.13 example finds the privileged demo container and exits 1.
. tests/lib/common.sh
. tests/lib/engine.sh
. tests/lib/needs.sh
README=README.md
P="dsreadme$$"
LABEL="dockersec.test=readme-$$"
T=$(mktemp -d /tmp/dockersec-readme.XXXXXX)
cleanup() {
  rm_labelled "$LABEL"
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
NO_HOST_PROC=$(need_check host-proc)

# --- the demo containers, from the README's ```sh block that makes them
awk '/^```sh$/ { inblk = 1; blk = ""; next }
     /^```$/ && inblk { inblk = 0; if (blk ~ /docker run -d --name demo-/) printf "%s", blk; next }
     inblk { blk = blk $0 "\n" }' "$README" >"$T/demo.sh"
n=$(grep -c 'docker run -d --name demo-' "$T/demo.sh")
assert_eq readme-demo-commands 3 "$n"
# Renamed and labelled; `docker` is the real engine's (dk), under a time-out.
sed -e "s/--name demo-/--label $LABEL --name $P-/" -e 's/^docker /dk /' -e 's#^scripts/test-image.sh#timeout 120 scripts/test-image.sh#' \
  "$T/demo.sh" >"$T/demo-run.sh"
if (. "$T/demo-run.sh") >"$T/demo.log" 2>&1; then
  pass readme-demo-containers-created
else
  fail readme-demo-containers-created "$(tail -5 "$T/demo.log")"
fi
assert_eq readme-demo-containers-running 3 \
  "$(dk ps -q --filter "label=$LABEL" --filter status=running | grep -c .)"

# --- every `sqlite> ` statement with the output box that follows it
# One file per example: N.sql (the statement) and N.want (the box's rows as
# cell|cell, header first; empty when the README shows none).
awk -v dir="$T" '
  function flush() { if (n) { close(dir "/" n ".sql"); close(dir "/" n ".want") } }
  /^sqlite> \./ { next }                                  # .load
  /^sqlite> / { flush(); n++; stmt = 1; sub(/^sqlite> /, ""); print > (dir "/" n ".sql");
                printf "" > (dir "/" n ".want"); if ($0 ~ /;$/) stmt = 0; next }
  stmt && /^   \.\.\.> / { sub(/^   \.\.\.> /, ""); print > (dir "/" n ".sql"); if ($0 ~ /;$/) stmt = 0; next }
  n && /^│/ { line = $0; sub(/^│ */, "", line); sub(/ *│$/, "", line); gsub(/ *│ */, "|", line);
              print line > (dir "/" n ".want"); next }
  /^```$/ { stmt = 0 }
  END { flush(); print n > (dir "/count") }' "$README"
count=$(cat "$T/count")
if [ "$count" -ge 6 ]; then pass "readme-sqlite-examples ($count)"; else fail readme-sqlite-examples "$count"; fi
i=0
while [ $i -lt "$count" ]; do
  i=$((i + 1))
  q=$(sed "s#/demo-#/$P-#g" "$T/$i.sql")
  name="readme-sqlite-$i"
  host=0
  grep -Eq '\b(processes|process_[a-z_]+|cgroup_limits)\b' "$T/$i.sql" && host=1
  if [ $host = 1 ] && [ -n "$NO_HOST_PROC" ]; then
    skip "$name" "$NO_HOST_PROC"
    continue
  fi
  out=$(sql -header "$q")
  rc=$?
  if [ $rc -ne 0 ] || printf '%s\n' "$out" | grep -q '^\(Error\|Parse error\|Runtime error\)'; then
    fail "$name-runs" "status $rc: $(printf '%s\n' "$out" | head -3)"
    continue
  fi
  pass "$name-runs"
  [ -s "$T/$i.want" ] || continue
  want=$(sed "s#/demo-#/$P-#g" "$T/$i.want")
  if [ $host = 0 ]; then
    # Engine-only: the rows as printed (NULL prints empty in both).
    assert_eq "$name-rows" "$want" "$out"
  else
    # The host's numbers differ from machine to machine: the same
    # containers, in the same order, and the same header.
    assert_eq "$name-header" "$(printf '%s\n' "$want" | head -1)" "$(printf '%s\n' "$out" | head -1)"
    assert_eq "$name-containers" "$(printf '%s\n' "$want" | cut -d'|' -f1)" "$(printf '%s\n' "$out" | cut -d'|' -f1)"
  fi
done

# --- the CLI examples
cmd=$(sed -n 's/^\$ \(DOCKER_HOST=unix:\/\/\/nonexistent.sock build\/dockersec query .*\)$/\1/p' "$README")
want=$(awk -v c="\$ $cmd" '$0 == c { getline; print; exit }' "$README")
assert_contains readme-engine-down-example "nonexistent.sock" "$cmd"
out=$(cd "$T" && mkdir -p build && ln -sf "$OLDPWD/$DS" build/dockersec && timeout 60 sh -c "$cmd" 2>&1)
rc=$?
assert_eq readme-engine-down-output "$want" "$out"
assert_eq readme-engine-down-exit 2 "$rc"

grep -q '^\$ build/dockersec run packs/owasp-docker-top10 --check D01.13$' "$README" &&
  pass readme-d01-13-example || fail readme-d01-13-example "the README no longer shows it"
out=$(timeout 300 "$DS" run packs/owasp-docker-top10 --check D01.13 2>&1)
rc=$?
assert_eq readme-d01-13-exit 1 "$rc"
assert_contains readme-d01-13-finds-demo-priv "| $P-priv " "$out"
assert_contains readme-d01-13-title "FAIL D01.13 [critical] Engine socket reachable from a container" "$out"
