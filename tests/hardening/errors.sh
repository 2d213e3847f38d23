# Sourced by tests/hardening/run.sh: error messages quote the engine's own
# error text (a hostile engine's answer body), and `dockersec query`,
# `dockersec run` and the extension in the sqlite3 shell show it on a
# terminal: its control bytes, C1 controls and bidi overrides arrive
# visibly escaped (common/ds_sanitize.h), never raw, and a newline in it
# cannot fake a line of its own.
ESC=$(printf '\033')
BEL=$(printf '\007')
C1=$(printf '\302\233')
RLO=$(printf '\342\200\256')
NL='
'
MSG="bad${ESC}]0;pwned${BEL}${C1}31m${RLO}x${NL}dockersec run: 0 checks failed"
fe_start --fixtures tests/fixtures/engine/synthetic --fault "/containers/json*=status:500:$MSG" ||
  fail errors-engine-start "fake engine did not start"
# no_raw NAME FILE: no ESC, BEL, C1 CSI or RLO in FILE; the escapes shown.
no_raw() {
  assert_eq "$1-no-raw-control" 0 "$(LC_ALL=C grep -c "[$ESC$BEL]\|$C1\|$RLO" "$2")"
  assert_contains "$1-escaped" 'bad\x1b]0;pwned\x07\x9b31m\u202ex\x0adockersec run: 0 checks failed' "$(cat "$2")"
}
DOCKER_HOST=$FE_HOST timeout 30 "$DS" query "SELECT id FROM docker_containers" >/dev/null 2>"$tmp/err.query"
no_raw errors-query "$tmp/err.query"
assert_eq errors-query-one-line 1 "$(wc -l <"$tmp/err.query")"
DOCKER_HOST=$FE_HOST timeout 60 "$DS" run tests/hardening/pack-labels.sql >"$tmp/out.run" 2>"$tmp/err.run"
no_raw errors-run-stderr "$tmp/err.run"
no_raw errors-run-table "$tmp/out.run"
assert_not_contains errors-run-no-fake-line "${NL}dockersec run: 0 checks failed" "$(cat "$tmp/err.run")"
DOCKER_HOST=$FE_HOST sql -timeout 30 -err "$tmp/err.shell" "SELECT id FROM docker_containers" >/dev/null
no_raw errors-sqlite3-shell "$tmp/err.shell"
# The CLI's own errors quote arguments through the same sanitiser.
timeout 30 "$DS" run "$PACK" --format "x${ESC}[2J" >/dev/null 2>"$tmp/err.arg"
assert_contains errors-argument-escaped "'x\x1b[2J'" "$(cat "$tmp/err.arg")"
fe_stop
