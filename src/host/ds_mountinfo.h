/*
** ds_mountinfo.h - /proc/<pid>/mountinfo and /proc/mounts lines.
**
** The kernel escapes space, tab, newline and backslash in paths as \040,
** \011, \012 and \134; the parsers decode them.  Decoded strings are written
** to a caller-supplied work buffer (at least len + 8 bytes for one line), so
** the parsers stay allocation-free.
*/
#ifndef DS_MOUNTINFO_H
#define DS_MOUNTINFO_H

#include <stddef.h>

typedef struct ds_mountinfo {
  long long mount_id, parent_id;
  unsigned major, minor;
  const char *root;          /* root of the mount within its filesystem        */
  const char *mount_point;   /* relative to the process's root                 */
  const char *options;       /* per-mount options: "ro,nosuid,relatime"        */
  const char *optional;      /* optional fields: "shared:1 master:2" or ""      */
  const char *fstype;        /* "ext4", "overlay", "fuse.sshfs"                 */
  const char *source;        /* "/dev/sda1", "overlay", "none"                  */
  const char *super_options; /* per-superblock options                          */
} ds_mountinfo;

/*
** Parses one mountinfo line (without or with its '\n'):
**   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
** Strings are decoded into `work` (worksz >= len + 8).  Returns 0, or -1 when
** the line is malformed or `work` is too small.
*/
int ds_parse_mountinfo_line(const char *line, size_t len, ds_mountinfo *out, char *work,
                            size_t worksz);

/* The propagation of a mount from its optional fields: "shared", "slave",
** "shared,slave" (shared and receiving), "unbindable" or "private". */
const char *ds_mount_propagation(const char *optional);

/* 1 when the comma-separated option list contains `opt` exactly ("ro"). */
int ds_mount_has_option(const char *options, const char *opt);

/* One /proc/mounts (fstab format) line: "device path type options 0 0". */
typedef struct ds_mount {
  const char *device, *path, *type, *options;
} ds_mount;
int ds_parse_mounts_line(const char *line, size_t len, ds_mount *out, char *work, size_t worksz);

/* Decodes the kernel's octal escapes (\040 …) of n bytes of src into dst
** (room for n + 1); returns the decoded length. */
size_t ds_unescape_octal(const char *src, size_t n, char *dst);

#endif
