/*
** ds_files.h - resolving host paths under the root prefix.
**
** With a root prefix (/host), an absolute symlink /host/etc/x -> /etc/y
** names the host's /etc/y, i.e. /host/etc/y - not the /etc/y of the machine
** running dockersec; and "/.." must not climb out of the root.  The
** resolver walks the path one component at a time like the kernel would
** under chroot(root).
*/
#ifndef DS_FILES_H
#define DS_FILES_H

#include <stddef.h>

/*
** Resolves `path` (absolute, as seen on the host) under `root` ("" = the
** real root: the kernel resolves).  Symlinks are followed, except in the last
** component unless `follow_last`; at most 40.  Writes the path to open on
** this machine (root + resolved host path) to out.  Returns 0, or -1 with
** errno (ENOENT for a missing component, ELOOP, ENAMETOOLONG).
*/
int ds_resolve_in_root(const char *root, const char *path, int follow_last, char *out,
                       size_t outsz);

/* Lexically normalises an absolute path: collapses "//", "/./", resolves
** "/.." (never above "/"), drops a trailing '/'.  Writes to out; returns 0,
** or -1 when it does not fit or `path` is not absolute. */
int ds_normalise_path(const char *path, char *out, size_t outsz);

#endif
