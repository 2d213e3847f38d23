/*
** waiver.h - accepted risks: a hand-edited file (--waivers FILE, reviewed in
** git) whose entries mark matching findings as waived.  A waived finding is
** still reported, with the waiver's reason, and does not count for
** --fail-on.  Waivers come only from this file: never from the audited
** containers (a label must not silence its own container's audit).
**
** One entry per line; blank lines and lines starting with '#' are ignored:
**
**   WHAT  CONTAINER  [image=GLOB]  [expires=YYYY-MM-DD]  -- REASON
**
**   WHAT       a check id (D04.14), a control (D04; a check belongs to its
**              `control` and to every id of its `controls` header) or '*'
**   CONTAINER  a glob on the container's name ('*' for every container;
**              host-level findings, which name no container, match only '*';
**              a Kubernetes container, from containerd or CRI-O, is named
**              both by its container name and by namespace/pod/container)
**   image=     a glob on the container's image (as `docker ps` shows it)
**   expires=   the last day (UTC) the waiver holds; after it the finding
**              counts again and the waiver is reported as expired
**   REASON     required, after " -- "
**
** e.g.  D04.14  metrics-agent  expires=2027-06-30  -- reads host /proc and /sys
*/
#ifndef DS_CLI_WAIVER_H
#define DS_CLI_WAIVER_H

#include <stddef.h>

#include "cli/pack/pack.h"

/* Where the installed CLI finds a waivers file when --waivers is not given
** (only used when it exists): $DOCKERSEC_WAIVERS, else this. */
#define DS_WAIVERS_DEFAULT "/etc/dockersec/waivers"

typedef struct ds_waiver {
  char *what;       /* "D04.14", "D04" or "*"                    */
  char *container;  /* glob on the name                          */
  char *image;      /* glob on the image, NULL when any          */
  char expires[11]; /* "YYYY-MM-DD" or ""                        */
  char *reason;
  const char *file; /* the waivers' path (owned by ds_waivers)  */
  int line;
  int expired;      /* expires is before today                  */
  long waived;      /* findings it waived                       */
  long would_waive; /* findings an expired waiver matched       */
} ds_waiver;

typedef struct ds_waivers {
  char *path;
  ds_waiver *w;
  size_t n;
} ds_waivers;

/* Parses `text` read from `file`; `today` ("YYYY-MM-DD", UTC) decides which
** entries have expired.  -1 with *err = "FILE:LINE: what is wrong". */
int ds_waivers_parse(ds_waivers *ws, const char *text, const char *file, const char *today,
                     char **err);
/* Reads and parses `path` (today = the current UTC date). */
int ds_waivers_load(ds_waivers *ws, const char *path, char **err);
/* The default file (see DS_WAIVERS_DEFAULT) when it exists, else NULL. */
const char *ds_waivers_default_path(void);

/* 1 when `glob` matches any of `names` (NULL-terminated): the one place a
** container pattern is matched, for the waivers and the scope alike; the
** names a container has are scope.c's (ds_container_names). */
int ds_glob_any(const char *glob, const char *const *names);

/* The first waiver, expired or not, whose entry matches the finding of check
** `c` about the container known by `names` (NULL-terminated; none: a
** host-level finding) with `image` (NULL when unknown), or NULL.  A live
** match counts in ->waived, an expired one in ->would_waive. */
const ds_waiver *ds_waivers_match(ds_waivers *ws, const ds_check *c, const char *const *names,
                                  const char *image);

void ds_waivers_free(ds_waivers *ws);

#endif
