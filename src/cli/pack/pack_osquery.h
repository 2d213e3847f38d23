/*
** pack_osquery.h - osquery pack files (JSON) as dockersec checks, so an
** existing osquery pack over the docker_* / processes tables runs unchanged:
** `dockersec run my-pack.conf`.
*/
#ifndef DS_CLI_PACK_OSQUERY_H
#define DS_CLI_PACK_OSQUERY_H

#include "cli/pack/pack.h"

/*
** Reads an osquery pack: {"platform", "version", "shard", "discovery",
** "queries": {NAME: {"query", "interval", "description", "value",
** "platform", "version", "shard", "snapshot", "removed", …}}}.  Comments
** (// and / * * /) are accepted as osquery accepts them.
**
** Each query becomes a check named as osqueryd names it in its results,
** pack_<PACK>_<NAME> (PACK = the file name without its extension); its
** control is the pack name, its title the description (or NAME), severity
** "info".  Keys osquery ignores may carry dockersec's own fields:
** "severity", "title", "remediation", "control", "cis".  A query whose
** platform (or the pack's) excludes Linux is skipped, as osqueryd does.
** "interval", "version", "shard", "discovery" and "denylist" are accepted:
** a run executes every query once (schedule runs with cron, a systemd timer
** or the DaemonSet loop).  Returns 0, or -1 with *err (malloc'd).
*/
int ds_pack_load_osquery(ds_pack *pack, const char *path, char **err);

/* osquery's platform filter: 1 when `platform` (a substring match as in
** osquery's checkPlatform) includes Linux; NULL/"" means any. */
int ds_osquery_platform_linux(const char *platform);

#endif
