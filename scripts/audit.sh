#!/bin/sh
# scripts/audit.sh BUILD [dockersec run options...] - what `make audit` runs:
# the OWASP Docker Top 10 pack against the local engine, report on stdout.
#
# Exit status (a choice for people, documented in the README):
#   0  the audit ran - with or without findings.  `make audit` is a report,
#      so findings print but do not make `make` look broken.
#   1  findings at or above --fail-on - only with AUDIT_STRICT=1 (dockersec
#      run's own status passed through: 0 clean, 1 findings, 2 could not run)
#   2  the audit could not run completely: the engine is unreachable, or a
#      check failed with an error (that check shows "ERROR" in the report).
# The status is also written to BUILD/audit.status (one number), because
# make itself only exits 0 or 2 whatever a recipe returned: after
# `make audit AUDIT_STRICT=1` fails, that file (or make's "Error 1" versus
# "Error 2") tells findings from a run that could not complete.  CI that
# gates on findings runs `AUDIT_STRICT=1 scripts/audit.sh build` (or
# `build/dockersec run` directly) and reads the exit status.
#
# Extra arguments go to `dockersec run`, e.g. from make:
#   make audit AUDIT_ARGS='--format json --output report.json'
set -u
BUILD="${1:-build}"
[ $# -gt 0 ] && shift
cd "$(dirname "$0")/.." || exit 2
DS="$BUILD/dockersec"
if [ ! -x "$DS" ]; then
  echo "audit: $DS not built (run make)" >&2
  exit 2
fi
# Start dockerd only when nothing answers on the socket (never restarts one).
if ! scripts/dockerd.sh start >/dev/null; then
  echo "audit: no Docker engine answers and none could be started (see scripts/dockerd.sh)" >&2
  echo 2 >"$BUILD/audit.status"
  exit 2
fi
"$DS" run packs/owasp-docker-top10 "$@"
status=$?
echo "$status" >"$BUILD/audit.status" 2>/dev/null
if [ "${AUDIT_STRICT:-0}" = 1 ]; then
  case $status in
  0) ;;
  1) echo "audit: findings at or above --fail-on (exit status 1, AUDIT_STRICT=1)" >&2 ;;
  *) echo "audit: the audit did not run completely (exit status $status): see ERROR lines above" >&2 ;;
  esac
  exit $status
fi
case $status in
0) exit 0 ;;
1)
  echo "audit: findings above (dockersec run exit status 1); 'make audit' still succeeds -" \
    "use AUDIT_STRICT=1 or build/dockersec run in CI to fail on them" >&2
  exit 0
  ;;
*)
  echo "audit: the audit did not run completely (exit status $status): see ERROR lines above" >&2
  exit 2
  ;;
esac
