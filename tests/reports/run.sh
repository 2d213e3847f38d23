#!/bin/sh
# needs: engine node
# --format sarif and --format html on known findings (tests/lib/eco.sh).
# SARIF: validated by Microsoft's SARIF Multitool (npm
# @microsoft/sarif-multitool-linux: schema + SARIF rules; no errors allowed)
# and by ajv-cli against the official SARIF 2.1.0 schema shipped in that
# package; both must also reject a broken file.  HTML: rendered by headless
# Chromium (Debian's chromium): the DOM shows the expected counts, the page
# loads nothing from outside and logs no console message; a screenshot is
# kept in $BUILD/artifacts (outside the tracked tree).
. tests/lib/common.sh
. tests/lib/eco.sh
tmp=$(mktemp -d /tmp/dockersec-reports-XXXXXX)
trap 'eco_cleanup; rm -rf "$tmp"' EXIT
eco_start "$tmp"

# --- SARIF
timeout 120 "$DS" run "$ECO_PACK" tests/reports/pack-broken.sql --format sarif --output "$tmp/t.sarif"
assert_eq reports-sarif-exit-with-error-check 2 "$?"
timeout 300 "$DS" run owasp-docker-top10 --format sarif --output "$tmp/owasp.sarif"
rc=$?
[ $rc -le 1 ] && pass reports-sarif-owasp-run || fail reports-sarif-owasp-run "exit $rc"
j() { jq -r "$1" "$tmp/t.sarif" 2>&1; }
assert_eq reports-sarif-version 2.1.0 "$(j .version)"
assert_eq reports-sarif-rules "T01.1 T04.1 T07.1 T07.2 T10.1" "$(j '[.runs[0].tool.driver.rules[].id] | join(" ")')"
assert_eq reports-sarif-results "T01.1:error T04.1:error T07.1:warning" \
  "$(j '[.runs[0].results[] | .ruleId + ":" + .level] | join(" ")')"
assert_eq reports-sarif-rule-help "Drop --privileged; add only the capabilities needed." \
  "$(j '.runs[0].tool.driver.rules[1].help.text')"
assert_eq reports-sarif-rule-properties "D04 5.5 critical 9.5" \
  "$(j '.runs[0].tool.driver.rules[1].properties | [.owasp_control, .cis, .severity, ."security-severity"] | join(" ")')"
assert_eq reports-sarif-rule-level error "$(j '.runs[0].tool.driver.rules[1].defaultConfiguration.level')"
assert_eq reports-sarif-rule-name TestContainerIsPrivileged "$(j '.runs[0].tool.driver.rules[1].name')"
assert_eq reports-sarif-logical-location "/$ECO-priv resource" \
  "$(j '.runs[0].results[] | select(.ruleId == "T04.1") | .locations[0].logicalLocations[0] | .name + " " + .kind')"
assert_eq reports-sarif-rule-index-matches "true" \
  "$(j '[.runs[0] as $r | $r.results[] | $r.tool.driver.rules[.ruleIndex].id == .ruleId] | all')"
assert_eq reports-sarif-execution-unsuccessful "false" "$(j '.runs[0].invocations[0].executionSuccessful')"
assert_contains reports-sarif-notification "check T10.1 could not run: no such table: no_such_table" \
  "$(j '.runs[0].invocations[0].toolExecutionNotifications[0].message.text')"

mt_dir=""
if modules=$(timeout 900 scripts/npm-deps.sh @microsoft/sarif-multitool-linux@5 ajv-cli@5 ajv-formats@3 2>"$tmp/npm.log"); then
  mt_dir="$modules/@microsoft/sarif-multitool-linux"
  pass reports-sarif-validators-installed
else
  fail reports-sarif-validators-installed "$(tail -3 "$tmp/npm.log")"
fi
# Broken copies: a message that is not an object; a level SARIF does not
# have (the multitool 5.7 silently accepts that one - ajv must not).
jq '.runs[0].results[1].message = null' "$tmp/t.sarif" >"$tmp/broken.sarif"
jq '.runs[0].results[0].level = "fatal"' "$tmp/t.sarif" >"$tmp/badlevel.sarif"
if [ -n "$mt_dir" ]; then
  # The .NET multitool needs no ICU for this: run it culture-invariant.
  for f in t owasp broken; do
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 timeout 300 "$mt_dir/Sarif.Multitool" validate \
      "$tmp/$f.sarif" >"$tmp/mt-$f.log" 2>&1
  done
  for f in t owasp; do
    errors=$(grep -c ': error ' "$tmp/mt-$f.log")
    assert_eq "reports-sarif-multitool-$f-no-errors" 0 "$errors"
    assert_contains "reports-sarif-multitool-$f-completed" "Analysis completed successfully" "$(cat "$tmp/mt-$f.log")"
    echo "INFO multitool warnings for $f.sarif: $(grep -o 'warning SARIF[0-9]*' "$tmp/mt-$f.log" | sort | uniq -c | tr '\n' ' ')"
  done
  [ "$(grep -c ': error ' "$tmp/mt-broken.log")" -gt 0 ] && pass reports-sarif-multitool-rejects-broken ||
    fail reports-sarif-multitool-rejects-broken "$(tail -3 "$tmp/mt-broken.log")"
  # ajv-cli picks the parser by file extension: give it .json copies.  The
  # official schema is JSON Schema 2020-12.
  schema="$mt_dir/sarif-2.1.0.json"
  ajv() {
    cp "$tmp/$1.sarif" "$tmp/$1.json"
    (cd "$modules/.." && timeout 120 node node_modules/ajv-cli/dist/index.js validate -s "$schema" \
      -d "$tmp/$1.json" --spec=draft2020 --strict=false -c ajv-formats --errors=line 2>&1)
  }
  for f in t owasp; do
    assert_eq "reports-sarif-ajv-$f-valid" "$tmp/$f.json valid" "$(ajv "$f" | tail -1)"
  done
  assert_contains reports-sarif-ajv-rejects-broken "$tmp/broken.json invalid" "$(ajv broken)"
  assert_contains reports-sarif-ajv-rejects-bad-level "$tmp/badlevel.json invalid" "$(ajv badlevel)"
fi

# --- HTML
timeout 120 "$DS" run "$ECO_PACK" tests/reports/pack-broken.sql --format html --output "$tmp/t.html"
assert_eq reports-html-exit 2 "$?"
html=$(cat "$tmp/t.html")
assert_contains reports-html-csp "default-src 'none'" "$html"
for bad in "<script" "<link" " src=" "@import" "url("; do
  assert_not_contains "reports-html-self-contained-$(echo "$bad" | tr -dc 'a-z')" "$bad" "$html"
done
mkdir -p "$BUILD/artifacts"
profile="$tmp/chromium-profile"
mkdir -p "$profile"
chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}
chrome --dump-dom "file://$tmp/t.html" >"$tmp/dom.html" 2>"$tmp/chrome-dom.log"
assert_eq reports-html-chromium-dump-exit 0 "$?"
chrome --window-size=1200,1600 --screenshot="$BUILD/artifacts/report.png" "file://$tmp/t.html" \
  >/dev/null 2>"$tmp/chrome-shot.log"
[ -s "$BUILD/artifacts/report.png" ] && pass reports-html-screenshot ||
  fail reports-html-screenshot "no screenshot ($(tail -2 "$tmp/chrome-shot.log"))"
assert_eq reports-html-no-console-messages "" "$(grep -h 'CONSOLE' "$tmp/chrome-dom.log" "$tmp/chrome-shot.log")"
# Counts as the rendered DOM shows them.
attr() { # attr SELECTOR-REGEX ATTR: the value of ATTR on the first element matching
  grep -o "<[^>]*$1[^>]*>" "$tmp/dom.html" | head -1 | grep -o "$2=\"[^\"]*\"" | cut -d'"' -f2
}
assert_eq reports-html-findings 3 "$(attr 'id="findings"' data-count)"
assert_eq reports-html-checks 5 "$(attr 'id="checks"' data-count)"
assert_eq reports-html-errors 1 "$(attr 'id="errors"' data-count)"
for s in critical:1 high:1 medium:1 low:0 info:0; do
  assert_eq "reports-html-severity-${s%%:*}" "${s#*:}" "$(attr "class=\"sevcount\" data-severity=\"${s%%:*}\"" data-count)"
done
for c in D01:1 D04:1 D07:1 D10:0; do
  assert_eq "reports-html-control-${c%%:*}" "${c#*:}" "$(attr "class=\"control\" id=\"control-${c%%:*}\"" data-findings)"
  assert_eq "reports-html-chart-${c%%:*}" "${c#*:}" "$(attr "class=\"row\" data-control=\"${c%%:*}\"" data-findings)"
done
assert_eq reports-html-chart-bar-critical-d04 1 "$(grep -o '<g class="row" data-control="D04".*' "$tmp/dom.html" | head -1 >/dev/null; grep -c 'class="bar bar-critical"' "$tmp/dom.html")"
assert_eq reports-html-checks-expandable 4 "$(grep -c '<details class="check"' "$tmp/dom.html")"
assert_eq reports-html-findings-expandable 3 "$(grep -c '<details class="finding"' "$tmp/dom.html")"
assert_eq reports-html-passed-listed 1 "$(grep -c 'data-status="pass"><span class="sev sev-pass">' "$tmp/dom.html")"
assert_contains reports-html-evidence "<th>privileged</th><td>1</td>" "$(tr -d '\n' <"$tmp/dom.html")"
assert_contains reports-html-error-shown "This check could not run: no such table: no_such_table" "$(cat "$tmp/dom.html")"
# Escaping: a container name is data, never markup.
assert_not_contains reports-html-no-raw-markup-from-data "<$ECO" "$(cat "$tmp/dom.html")"
