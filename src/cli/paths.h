/*
** paths.h - where the installed CLI finds its packs: a bare pack name given
** to `dockersec run` is looked up in the pack directories, so
** `dockersec run owasp-docker-top10` works from any directory once installed.
*/
#ifndef DS_CLI_PATHS_H
#define DS_CLI_PATHS_H

/* The data directory compiled in from the Makefile's DATADIR (default
** PREFIX/share/dockersec, PREFIX=/usr/local): packs/ and queries/ live there. */
const char *ds_data_dir(void);

/*
** Resolves a `dockersec run` argument to a path (malloc'd), or returns NULL
** when nothing matches.
**
** An argument naming an existing file or directory is used as given.  An
** absolute path, or one starting with "./" or "../", is never looked up
** elsewhere.  Any other name ("owasp-docker-top10", "my-pack/D04-x.sql") is
** tried, first match wins, in:
**   1. each directory of $DOCKERSEC_PACK_PATH (':'-separated),
**   2. ./packs,
**   3. <directory of the executable>/../share/dockersec/packs (a relocated
**      or DESTDIR install),
**   4. ds_data_dir()/packs (where `make install` put them),
** as NAME, then NAME.sql, NAME.conf and NAME.json.
*/
char *ds_resolve_pack(const char *name);

/* The directories ds_resolve_pack searches, in order, ':'-joined (malloc'd),
** for "pack not found" messages. */
char *ds_pack_search_path(void);

#endif
