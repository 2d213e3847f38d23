/*
** ds_safefile.h - writing a file that another user may be able to reach
** (a report in a shared folder, a CI workspace, /tmp): the one way dockersec
** replaces a file (src/common/safefile.c).
**
** The contents go to a new file in the target's own directory, created with
** O_CREAT|O_EXCL|O_NOFOLLOW under an unguessable name (so a planted symlink
** or file is never opened), written, fsync'ed, given its mode and renamed
** over the target (a reader never sees half a file).  The mode is 0600
** unless the caller asks for another.  Run as root, a target that is a
** symlink, not a regular file, or owned by another user is refused: root
** must not replace a file a user prepared for it.
*/
#ifndef DS_SAFEFILE_H
#define DS_SAFEFILE_H

#include <stdio.h>
#include <sys/types.h>

#define DS_SAFE_MODE 0600

/* Writes the contents to `f`; 0, or -1 with errno set. */
typedef int (*ds_safe_writer)(void *arg, FILE *f);

/* Replaces `path` with what `fn` writes, as above.  0, or -1 with *err a
** malloc'd message naming the path and cause. */
int ds_safe_write(const char *path, mode_t mode, ds_safe_writer fn, void *arg, char **err);

/* The target checks alone (for a file opened in place, e.g. a database):
** when running as root, refuses a symlink, a non-regular file, or a file owned
** by another user; a missing file is fine.  0, or -1 with *err malloc'd. */
int ds_safe_check_target(const char *path, char **err);
/* The same checks for every user, not only root: for a file another program
** creates beside ours, where no user would keep a symlink on purpose (the
** state database's journal).  0, or -1 with *err malloc'd. */
int ds_safe_check_strict(const char *path, char **err);

#endif
