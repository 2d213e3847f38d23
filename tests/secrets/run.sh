#!/bin/sh
# needs: engine
# Suite "secrets": secret-looking values never reach any output unless the
# user asks (--reveal-secrets, DOCKERSEC_REVEAL_SECRETS=1,
# dockersec_config('reveal_secrets', 1)).
#
# Containers carry secrets in their environment and labels; an image made
# with `docker commit` carries one in its history (the committed container's
# command) and one in its config (--change 'ENV API_TOKEN=…'); the fixture
# host root carries one in daemon.json (log-opts splunk-token).  Every table
# (every column, hidden ones too) in every `query` format and through the
# sqlite3 shell, and the OWASP pack in every report format, must be free of
# all of them; with reveal on, each must show up (so the search can fail).
. tests/lib/common.sh
. tests/lib/engine.sh
SUITE=secrets
T=$(mktemp -d /tmp/dockersec-secrets.XXXXXX)
IMG=dockersec-secrets-test:latest
cleanup() {
  rm_labelled "dockersec.test=$SUITE"
  dk rmi -f "$IMG" >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT
if ! timeout 10 docker version >/dev/null 2>&1; then
  fail secrets-engine "no Docker engine answers on /var/run/docker.sock"
  exit 0
fi
scripts/test-image.sh >/dev/null 2>&1 || true

# Values unique to this run, so nothing else on the engine can match them.
tag=$$$(date +%s)
S_ENV_PASSWORD="pw-$tag-env"
S_ENV_TOKEN="tok-$tag-env"
S_ENV_AWS="aws-$tag-key"
S_LABEL="lab-$tag-secret"
S_HISTORY="hist-$tag-build"
S_IMAGE_ENV="img-$tag-env"
S_DAEMON=fixture-secret-token # tests/fixtures/host/minimal/etc/docker/daemon.json
SECRETS="$S_ENV_PASSWORD $S_ENV_TOKEN $S_ENV_AWS $S_LABEL $S_HISTORY $S_IMAGE_ENV $S_DAEMON"

run_c() { # NAME ARGS...: a labelled container
  n=$1
  shift
  timeout 60 docker run -d --name "dockersec-secrets-$n-$tag" --label "dockersec.test=$SUITE" "$@" \
    >/dev/null 2>"$T/run-$n.err" || fail "secrets-start-$n" "$(cat "$T/run-$n.err")"
}
run_c env -u 1000 -e "DB_PASSWORD=$S_ENV_PASSWORD" -e "API_TOKEN=$S_ENV_TOKEN" \
  -e "AWS_SECRET_ACCESS_KEY=$S_ENV_AWS" -e APP_MODE=plain \
  --label "com.example.api-token=$S_LABEL" --label com.example.team=blue \
  dockersec-test:latest sleep 600
# The image: a container whose command holds a secret, committed with an ENV.
timeout 60 docker run --name "dockersec-secrets-build-$tag" --label "dockersec.test=$SUITE" \
  dockersec-test:latest sh -c "DB_PASSWORD=$S_HISTORY true" >/dev/null 2>&1
timeout 60 docker commit --change "ENV API_TOKEN=$S_IMAGE_ENV" \
  --change "LABEL dockersec.test=$SUITE" "dockersec-secrets-build-$tag" "$IMG" >/dev/null ||
  fail secrets-commit "docker commit failed"
run_c fromimage -u 1000 "$IMG" sleep 600

export DOCKERSEC_ROOT=tests/fixtures/host/minimal # daemon.json with a token
unset DOCKERSEC_REVEAL_SECRETS

all_columns() {
  "$DS" schema "$1" | awk 'NR > 1 && NF { printf "%s\"%s\"", (n++ ? ", " : ""), $1 }'
}
CID=$(timeout 30 docker ps -q --no-trunc --filter "name=dockersec-secrets-env-$tag")

# collect DIR [--reveal-secrets]: every output of every front end into DIR.
collect() {
  dir=$1
  shift
  mkdir -p "$dir"
  for t in $("$DS" tables); do
    q="SELECT $(all_columns "$t") FROM $t$(table_where "$t" "$CID")"
    for f in table csv json jsonl; do
      timeout 300 "$DS" query "$q" --format "$f" "$@" >"$dir/query-$t.$f" 2>&1 ||
        echo "query $t $f failed: $(head -3 "$dir/query-$t.$f")" >>"$dir/errors"
    done
  done
  {
    [ "$*" = --reveal-secrets ] && echo "SELECT dockersec_config('reveal_secrets', 1);"
    echo ".mode json"
    for t in $("$DS" tables); do
      echo "SELECT $(all_columns "$t") FROM $t$(table_where "$t" "$CID");"
    done
  } | sql -timeout 300 - >"$dir/shell.json"
  for f in table json jsonl csv; do
    timeout 600 "$DS" run packs/owasp-docker-top10 --format "$f" --fail-on none "$@" \
      >"$dir/run.$f" 2>&1 || echo "run $f failed: $(head -3 "$dir/run.$f")" >>"$dir/errors"
  done
}

collect "$T/redacted"
assert_eq secrets-outputs-produced "" "$(cat "$T/redacted/errors" 2>/dev/null)"
for s in $SECRETS; do
  hits=$(grep -rl -- "$s" "$T/redacted" | sed "s|$T/redacted/||" | tr '\n' ' ')
  assert_eq "secrets-hidden-$s" "" "$hits"
done
assert_contains secrets-redaction-marker "<redacted>" "$(cat "$T/redacted/query-docker_container_envs.json")"

collect "$T/revealed" --reveal-secrets
for s in $SECRETS; do
  hits=$(grep -rl -- "$s" "$T/revealed" | wc -l)
  if [ "$hits" -gt 0 ]; then pass "secrets-revealed-$s ($hits outputs)"; else
    fail "secrets-revealed-$s" "not found with --reveal-secrets: the search cannot see it"
  fi
done
