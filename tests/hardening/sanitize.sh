# Sourced by tests/hardening/run.sh: the output sanitiser.
ESC=$(printf '\033')
BEL=$(printf '\007')
raw_ctl() { LC_ALL=C grep -c "[$ESC$BEL]" "$1"; }
for f in table html csv; do
  run --format "$f" --output "$tmp/h.$f" >/dev/null
  assert_eq "sanitize-$f-no-raw-escape" 0 "$(raw_ctl "$tmp/h.$f")"
  assert_eq "sanitize-$f-no-c1-csi" 0 "$(LC_ALL=C grep -c "$(printf '\302\233')" "$tmp/h.$f")"
  assert_eq "sanitize-$f-no-bidi" 0 "$(grep -c "$(printf '\342\200\256')\|$(printf '\342\201\246')" "$tmp/h.$f")"
  assert_contains "sanitize-$f-escaped-visibly" '\x1b]0;pwned\x07' "$(cat "$tmp/h.$f")"
  assert_contains "sanitize-$f-bidi-visibly" 'safe\u202etxt.exe\u2066x' "$(cat "$tmp/h.$f")"
  assert_contains "sanitize-$f-c1-visibly" 'a\x9b31m\x7fb' "$(cat "$tmp/h.$f")"
done
# terminal: table on stdout
run >"$tmp/stdout.txt"
assert_eq sanitize-terminal-no-raw-escape 0 "$(raw_ctl "$tmp/stdout.txt")"

# CSV formula injection (OWASP): a leading = + - @ tab CR gets a '
csv="$tmp/h.csv"
assert_contains sanitize-csv-formula-equals "'=HYPERLINK" "$(cat "$csv")"
assert_contains sanitize-csv-formula-plus "'+1+cmd" "$(cat "$csv")"
assert_contains sanitize-csv-formula-at "'@SUM(1)" "$(cat "$csv")"
assert_not_contains sanitize-csv-formula-bare ',=HYPERLINK' "$(cat "$csv")"

# invalid UTF-8: U+FFFD in every JSON-based output, and valid JSON
for f in json jsonl sarif; do
  run --format "$f" --output "$tmp/h.$f" >/dev/null
  if iconv -f UTF-8 -t UTF-8 "$tmp/h.$f" >/dev/null 2>&1; then
    pass "sanitize-$f-valid-utf8"
  else
    fail "sanitize-$f-valid-utf8" "invalid UTF-8 in the $f report"
  fi
  assert_contains "sanitize-$f-replacement" "a$(printf '\357\277\275')b" "$(cat "$tmp/h.$f")"
done
assert_eq sanitize-json-parses 0 "$(jq -e . "$tmp/h.json" >/dev/null 2>&1; echo $?)"
out=$(timeout 30 "$DS" query --format json "SELECT CAST(X'61ff62' AS TEXT) AS v" 2>&1)
assert_contains sanitize-query-json-replacement "a$(printf '\357\277\275')b" "$out"
out=$(timeout 30 "$DS" query "SELECT char(27) || '[2J' AS v" 2>&1)
assert_contains sanitize-query-table-escaped '\x1b[2J' "$out"
assert_contains sanitize-csv-number-kept ',-1,' "$(cat "$csv")"
out=$(timeout 30 "$DS" query --format csv "SELECT '=1+2' AS f, -3 AS n" 2>&1)
assert_contains sanitize-query-csv-formula "'=1+2,-3" "$out"

# A literal backslash is doubled: the name holding the four characters \x1b
# is told apart from an escaped ESC, in every human-facing format.
for f in table html csv; do
  run --format "$f" --output "$tmp/b.$f" >/dev/null
  assert_contains "sanitize-$f-backslash-doubled" 'lit\\x1b' "$(cat "$tmp/b.$f")"
  assert_not_contains "sanitize-$f-backslash-not-bare" 'lit\x1b' "$(cat "$tmp/b.$f")"
done
out=$(timeout 30 "$DS" query "SELECT 'a\x1b' AS lit, char(27) AS esc" 2>&1)
assert_contains sanitize-query-backslash-doubled '| a\\x1b | \x1b |' "$out"
out=$(timeout 30 "$DS" query --format csv "SELECT 'a\x1b' AS lit, char(27) AS esc" 2>&1)
assert_contains sanitize-query-csv-backslash-doubled 'a\\x1b,\x1b' "$out"
# The CSV report's evidence stays a JSON object: JSON's own escapes there
# (backslash and quote as JSON writes them, ESC, C1, RLO as \u, U+FFFD).
ev=$(python3 -c 'import csv,json,sys
for r in csv.reader(open(sys.argv[1], newline="")):
    if r[7] == "lit\\\\x1b": print(ascii(json.loads(r[8])["kind"]))' "$tmp/b.csv" 2>&1)
assert_eq sanitize-csv-evidence-json "'ev\\\\x1b\"\\x1b\\x9b\\u202e\\ufffd'" "$ev"
assert_contains sanitize-csv-evidence-escapes '\\x1b\""\u001b\u009b\u202e\ufffd' "$(cat "$tmp/b.csv")"
