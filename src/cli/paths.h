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
** An argument with a '/' naming an existing file or directory is a path,
** used as given; an absolute path, or one starting with "./" or "../", is
** never looked up elsewhere.  Any other name ("owasp-docker-top10",
** "my-pack/D04-x.sql") is tried, first match wins, in:
**   1. each directory of $DOCKERSEC_PACK_PATH (':'-separated),
**   2. <directory of the executable>/../share/dockersec/packs (a relocated
**      or DESTDIR install),
**   3. <directory of the executable>/../packs (a build tree's own packs),
**   4. ds_data_dir()/packs (where `make install` put them),
** never in the working directory: a bare name that is a file or directory
** here is not used (a pack here is run as ./NAME).
** as NAME, then NAME.sql, NAME.conf and NAME.json.
*/
char *ds_resolve_pack(const char *name);

/* The directories ds_resolve_pack searches, in order, ':'-joined (malloc'd),
** for "pack not found" messages. */
char *ds_pack_search_path(void);

#endif
