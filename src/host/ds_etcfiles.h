/*
** ds_etcfiles.h - lines of /etc/passwd, /etc/group, /etc/subuid, /etc/subgid
** and /etc/os-release.  Pure: buffers in, structs out; strings point into
** the buffer with a length (not NUL-terminated) unless noted.
*/
#ifndef DS_ETCFILES_H
#define DS_ETCFILES_H

#include <stddef.h>

/* "name:x:uid:gid:gecos:home:shell" (passwd) and "name:x:gid:members"
** (group: uid is the gid, gid is -1). */
typedef struct ds_passwd_entry {
  const char *name;
  size_t name_len;
  long long uid, gid;
} ds_passwd_entry;

int ds_parse_passwd_line(const char *line, size_t len, ds_passwd_entry *out);
int ds_parse_group_line(const char *line, size_t len, ds_passwd_entry *out);

/* The name of `id` in a whole passwd (is_group = 0) or group (1) file,
** copied to out; returns 1 when found, else 0. */
int ds_lookup_id_name(const char *buf, size_t len, int is_group, long long id, char *out,
                      size_t outsz);

/* "name:start:count" of /etc/subuid and /etc/subgid ("name" may be a
** numeric uid). */
typedef struct ds_subid {
  const char *name;
  size_t name_len;
  long long start, count;
} ds_subid;

/* Returns 1 for an entry, 0 for a blank/comment line, -1 when malformed. */
int ds_parse_subid_line(const char *line, size_t len, ds_subid *out);

/* KEY=value of os-release(5), value unquoted ("..." or '...', with \"
** \\ \$ \` escapes) into value (NUL-terminated).  Returns 1 for an
** assignment, 0 for a blank/comment line, -1 when malformed. */
int ds_parse_os_release_line(const char *line, size_t len, char *key, size_t keysz, char *value,
                             size_t valuesz);

#endif
