#!/bin/sh
# scripts/npm-deps.sh SPEC... - makes the npm packages some tests need
# (e.g. better-sqlite3@12) available in a cache outside the repository,
# installing only what is missing, and prints that cache's node_modules path.
#
# The cache is $DOCKERSEC_NPM_CACHE (default /var/cache/dockersec-npm); it is
# kept between runs because native modules take a minute to compile.  Native
# modules build against the installed Node's own headers (/usr/include/node),
# so nothing but the npm registry is needed.
set -eu
cache="${DOCKERSEC_NPM_CACHE:-/var/cache/dockersec-npm}"
command -v npm >/dev/null 2>&1 || { echo "npm-deps: npm is not installed (package nodejs)" >&2; exit 1; }
mkdir -p "$cache"
cd "$cache"
[ -f package.json ] || printf '{"name":"dockersec-test-deps","private":true}\n' >package.json
[ -d /usr/include/node ] && export npm_config_nodedir=/usr
missing=""
for spec in "$@"; do
  npm ls --depth=0 "$spec" >/dev/null 2>&1 || missing="$missing $spec"
done
if [ -n "$missing" ]; then
  echo "npm-deps: installing$missing into $cache" >&2
  # One installer at a time: concurrent test runs share the cache.
  # shellcheck disable=SC2086
  flock "$cache/.lock" timeout 900 npm install --no-audit --no-fund --loglevel=error $missing >&2
fi
echo "$cache/node_modules"
