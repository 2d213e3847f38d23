/*
** file - stat(2) of host files, osquery's columns plus what the CIS
** file-permission checks need: the mode as an integer and the owner and group
** names from the host's /etc/passwd and /etc/group (never NSS: the host's
** accounts, not those of the machine running dockersec).
**
** `path = …` (one row per path) or `directory = …` (one row per entry, not
** recursive) is required.  Paths are resolved under the root prefix, with
** absolute symlinks and ".." confined to it.  Like osquery the stat columns
** describe the symlink's target (symlink = 1 says the path itself is a
** link); a dangling symlink is reported with lstat's fields and type
** 'symlink'.  A path that does not exist or cannot be stat'ed has no row.
**
** A path under a container's root, /proc/<pid>/root/..., is resolved inside
** that root as a chroot would: a symlink the container planted
** (etc/shadow -> /etc/host-file, or ../../..) points into the container's
** own tree, never out to the host's files; the row reports what the link
** leads to inside the container (or lstat's fields, type 'symlink', when it
** leads nowhere there).
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockersec.h"
#include "host/ds_etcfiles.h"
#include "host/ds_files.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

enum {
  C_PATH,
  C_DIRECTORY,
  C_FILENAME,
  C_INODE,
  C_UID,
  C_GID,
  C_MODE,
  C_DEVICE,
  C_SIZE,
  C_BLOCK_SIZE,
  C_ATIME,
  C_MTIME,
  C_CTIME,
  C_BTIME,
  C_HARD_LINKS,
  C_SYMLINK,
  C_TYPE,
  /* dockersec */
  C_MODE_INT,
  C_OWNER,
  C_GROUP,
  C_SYMLINK_TARGET,
  C_COUNT
};

static const ds_column columns[] = {
    [C_PATH] = {"path", DS_TEXT,
                "Absolute path on the host (path = or directory = is required; LIKE is not pushed "
                "down). A path that does not exist or cannot be stat'ed has no row",
                DS_INDEXED},
    [C_DIRECTORY] = {"directory", DS_TEXT,
                     "Directory of the file; `directory = …` lists its entries", DS_INDEXED},
    [C_FILENAME] = {"filename", DS_TEXT, "Name of the file", 0},
    [C_INODE] = {"inode", DS_BIGINT, "Inode number", 0},
    [C_UID] = {"uid", DS_BIGINT, "Owning user ID", 0},
    [C_GID] = {"gid", DS_BIGINT, "Owning group ID", 0},
    [C_MODE] = {"mode", DS_TEXT, "Permission bits as 4 octal digits ('0644', '4755')", 0},
    [C_DEVICE] = {"device", DS_BIGINT, "Device ID of a device file (st_rdev), else 0", 0},
    [C_SIZE] = {"size", DS_BIGINT, "Size in bytes", 0},
    [C_BLOCK_SIZE] = {"block_size", DS_INTEGER, "Preferred I/O block size", 0},
    [C_ATIME] = {"atime", DS_BIGINT, "Last access time (UNIX time)", 0},
    [C_MTIME] = {"mtime", DS_BIGINT, "Last modification time", 0},
    [C_CTIME] = {"ctime", DS_BIGINT, "Last status change time", 0},
    [C_BTIME] = {"btime", DS_BIGINT, "Creation time (0: not reported by stat(2))", 0},
    [C_HARD_LINKS] = {"hard_links", DS_INTEGER, "Number of hard links", 0},
    [C_SYMLINK] = {"symlink", DS_INTEGER, "1 if the path itself is a symbolic link", 0},
    [C_TYPE] = {"type", DS_TEXT,
                "regular, directory, symlink (dangling only), character, block, fifo or socket", 0},
    [C_MODE_INT] = {"mode_int", DS_INTEGER,
                    "Permission bits as an integer (0644 = 420): test bits with mode_int & 18", 0},
    [C_OWNER] = {"owner", DS_TEXT,
                 "User name of uid from the host's /etc/passwd; NULL when not listed", 0},
    [C_GROUP] = {"group_name", DS_TEXT,
                 "Group name of gid from the host's /etc/group; NULL when not listed", 0},
    [C_SYMLINK_TARGET] = {"symlink_target", DS_TEXT, "Target of a symbolic link, as written", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

typedef struct accounts {
  ds_buf passwd, group;
  int have_passwd, have_group;
} accounts;

static const char *type_of(mode_t m) {
  if (S_ISREG(m)) return "regular";
  if (S_ISDIR(m)) return "directory";
  if (S_ISLNK(m)) return "symlink";
  if (S_ISCHR(m)) return "character";
  if (S_ISBLK(m)) return "block";
  if (S_ISFIFO(m)) return "fifo";
  if (S_ISSOCK(m)) return "socket";
  return "unknown";
}

static void set_names(ds_query *q, const accounts *a, const struct stat *st) {
  char name[256];
  if (a->have_passwd &&
      ds_lookup_id_name(a->passwd.data, a->passwd.len, 0, st->st_uid, name, sizeof(name)))
    ds_set_text(q, C_OWNER, name);
  if (a->have_group &&
      ds_lookup_id_name(a->group.data, a->group.len, 1, st->st_gid, name, sizeof(name)))
    ds_set_text(q, C_GROUP, name);
}

static void set_stat(ds_query *q, const struct stat *st) {
  char mode[8];
  snprintf(mode, sizeof(mode), "%04o", (unsigned)(st->st_mode & 07777));
  ds_set_int(q, C_INODE, (sqlite3_int64)st->st_ino);
  ds_set_int(q, C_UID, st->st_uid);
  ds_set_int(q, C_GID, st->st_gid);
  ds_set_text(q, C_MODE, mode);
  ds_set_int(q, C_MODE_INT, st->st_mode & 07777);
  ds_set_int(q, C_DEVICE, (sqlite3_int64)st->st_rdev);
  ds_set_int(q, C_SIZE, st->st_size);
  ds_set_int(q, C_BLOCK_SIZE, st->st_blksize);
  ds_set_int(q, C_ATIME, st->st_atime);
  ds_set_int(q, C_MTIME, st->st_mtime);
  ds_set_int(q, C_CTIME, st->st_ctime);
  ds_set_int(q, C_BTIME, 0);
  ds_set_int(q, C_HARD_LINKS, (sqlite3_int64)st->st_nlink);
  ds_set_text(q, C_TYPE, type_of(st->st_mode));
}

/* ds_resolve_in_root, with /proc/<pid>/root/REST resolved as REST under
** ROOT/proc/<pid>/root: confined to the container's root (see above). */
static int resolve(const char *root, const char *path, int follow_last, char *out, size_t n) {
  if (strncmp(path, "/proc/", 6) == 0) {
    const char *p = path + 6;
    size_t digits = strspn(p, "0123456789");
    if (digits > 0 && strncmp(p + digits, "/root", 5) == 0 &&
        (p[digits + 5] == '/' || p[digits + 5] == '\0')) {
      char croot[4096];
      int len = snprintf(croot, sizeof(croot), "%s/proc/%.*s/root", root, (int)digits, p);
      if (len < 0 || (size_t)len >= sizeof(croot)) return -1;
      const char *rest = p[digits + 5] ? p + digits + 5 : "/";
      return ds_resolve_in_root(croot, rest, follow_last, out, n);
    }
  }
  return ds_resolve_in_root(root, path, follow_last, out, n);
}

/* One row for host path `path` (as the query spelled it), in `directory`. */
static int emit_path(ds_query *q, const char *root, const accounts *a, const char *path,
                     const char *directory) {
  char link_path[8192], target_path[8192];
  struct stat lst, st;
  if (resolve(root, path, 0, link_path, sizeof(link_path)) != 0 || lstat(link_path, &lst) != 0)
    return SQLITE_OK;
  int is_link = S_ISLNK(lst.st_mode);
  int followed = !is_link || (resolve(root, path, 1, target_path, sizeof(target_path)) == 0 &&
                              stat(target_path, &st) == 0);
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_text(q, C_PATH, path);
  ds_set_text(q, C_DIRECTORY, directory);
  const char *slash = strrchr(path, '/');
  ds_set_text(q, C_FILENAME, slash && slash[1] ? slash + 1 : path);
  const struct stat *shown = is_link && followed ? &st : &lst;
  set_stat(q, shown);
  set_names(q, a, shown);
  ds_set_int(q, C_SYMLINK, is_link);
  if (is_link) {
    char target[4096];
    ssize_t n = readlink(link_path, target, sizeof(target) - 1);
    if (n >= 0) ds_set_textn(q, C_SYMLINK_TARGET, target, (size_t)n);
  }
  return SQLITE_OK;
}

/* The parent directory of a path, as osquery reports it ("/" for "/x"). */
static char *dirname_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash || slash == path) return ds_strdup("/");
  return ds_strndup(path, (size_t)(slash - path));
}

static int cmp_str(const void *x, const void *y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

static int emit_directory(ds_query *q, const char *root, const accounts *a, const char *dir) {
  char real[8192];
  if (resolve(root, dir, 1, real, sizeof(real)) != 0) return SQLITE_OK;
  DIR *d = opendir(real);
  if (!d) return SQLITE_OK;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = SQLITE_OK;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **p = realloc(names, cap * sizeof(char *));
      if (!p) {
        rc = SQLITE_NOMEM;
        break;
      }
      names = p;
    }
    size_t dl = strlen(dir);
    names[n] = ds_mprintf("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name);
    if (!names[n]) {
      rc = SQLITE_NOMEM;
      break;
    }
    n++;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof(char *), cmp_str);
  for (size_t i = 0; i < n; i++) {
    if (rc == SQLITE_OK) rc = emit_path(q, root, a, names[i], dir);
    free(names[i]);
  }
  free(names);
  return rc;
}

static int generate(ds_query *q) {
  int npath = ds_query_nvalues(q, C_PATH), ndir = ds_query_nvalues(q, C_DIRECTORY);
  if (npath == 0 && ndir == 0)
    return ds_error(q, "path = … or directory = … is required (e.g. WHERE path = "
                       "'/etc/docker/daemon.json')");
  const char *root = ds_query_root(q);
  accounts a = {0};
  if (ds_query_uses(q, C_OWNER))
    a.have_passwd = ds_host_read(root, "/etc/passwd", &a.passwd, 64 << 20) == 0;
  if (ds_query_uses(q, C_GROUP))
    a.have_group = ds_host_read(root, "/etc/group", &a.group, 64 << 20) == 0;
  int rc = SQLITE_OK;
  for (int i = 0; i < npath && rc == SQLITE_OK; i++) {
    const char *p = ds_query_text(q, C_PATH, i);
    if (!p || p[0] != '/') continue; /* relative paths name nothing on the host */
    char *dir = dirname_of(p);
    if (!dir) {
      rc = SQLITE_NOMEM;
      break;
    }
    if (ds_query_accepts_text(q, C_DIRECTORY, dir)) rc = emit_path(q, root, &a, p, dir);
    free(dir);
  }
  for (int i = 0; i < ndir && npath == 0 && rc == SQLITE_OK; i++) {
    const char *d = ds_query_text(q, C_DIRECTORY, i);
    if (d && d[0] == '/') rc = emit_directory(q, root, &a, d);
  }
  ds_buf_free(&a.passwd);
  ds_buf_free(&a.group);
  return rc;
}

const ds_table ds_table_file = {
    .name = "file",
    .doc = "Type, ownership and permissions of host files (path = … or directory = … required).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT path, owner, group_name, mode FROM file\n"
               "WHERE path IN ('/var/run/docker.sock', '/etc/docker/daemon.json', '/etc/docker');",
};
