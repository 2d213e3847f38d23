#!/bin/sh
# needs: none
# Issue 15, hardening against a hostile workspace and hostile values:
# reports and state written safely (symlinks planted as an attacker would,
# files owned by another user, 0600 by default), hostile evidence shown
# escaped in every human-facing format, CSV formulas neutralised, invalid
# UTF-8 replaced in every JSON-based format.  No engine: DOCKER_HOST names
# a socket that does not exist and the test pack reads none.
. tests/lib/common.sh
. tests/lib/engine.sh
tmp=$(mktemp -d /tmp/dockersec-hardening-XXXXXX)
fe_init
trap 'fe_stop; rm -rf "$tmp" "$FE_DIR"' EXIT
export DOCKER_HOST=unix:///nonexistent.sock
PACK=tests/hardening/pack-hostile.sql
run() { timeout 60 "$DS" run "$PACK" "$@" 2>>"$tmp/stderr"; }

. tests/hardening/files.sh
. tests/hardening/sanitize.sh
. tests/hardening/policy.sh
. tests/hardening/hostile_engine.sh
. tests/hardening/errors.sh
. tests/hardening/vanished.sh
. tests/hardening/packs.sh
. tests/hardening/bounded.sh
. tests/hardening/tls.sh
. tests/hardening/file_root.sh
