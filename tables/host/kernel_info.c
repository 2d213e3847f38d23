/*
** kernel_info - the running kernel (osquery's columns): version from
** /proc/sys/kernel/osrelease, boot arguments from /proc/cmdline (its
** BOOT_IMAGE= is the path, root= the device), under the root prefix.  One
** row; a column whose file cannot be read is NULL.  Plus the mandatory
** access control the kernel enforces (apparmor, selinux): whether a
** container's missing profile or label matters is the host's question, and a
** node with no engine API (containerd, CRI-O) can only answer it here.
*/
#include <string.h>

#include "dockersec.h"
#include "host/ds_procfs.h"

enum { C_VERSION, C_ARGUMENTS, C_PATH, C_DEVICE, C_APPARMOR, C_SELINUX, C_COUNT };

static const ds_column columns[] = {
    [C_VERSION] = {"version", DS_TEXT,
                   "Kernel release (/proc/sys/kernel/osrelease); NULL when unreadable", 0},
    [C_ARGUMENTS] = {"arguments", DS_TEXT, "Kernel command line", 0},
    [C_PATH] = {"path", DS_TEXT, "Kernel image path (BOOT_IMAGE=); NULL if not given", 0},
    [C_DEVICE] = {"device", DS_TEXT, "Root device (root=); NULL if not given", 0},
    [C_APPARMOR] = {"apparmor", DS_INTEGER,
                    "1 when the kernel enforces AppArmor (/sys/module/apparmor/parameters/"
                    "enabled reads Y); hidden: osquery's SELECT * stays its four columns",
                    DS_HIDDEN},
    [C_SELINUX] = {"selinux", DS_INTEGER,
                   "1 when SELinux is on, enforcing or permissive (/sys/fs/selinux/enforce "
                   "exists); hidden, as apparmor",
                   DS_HIDDEN},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static size_t trimmed(const ds_buf *b) {
  size_t n = b->len;
  while (n > 0 && (b->data[n - 1] == '\n' || b->data[n - 1] == ' '))
    n--;
  return n;
}

/* Sets `col` to the value of the first "name=value" word of the command line. */
static void set_arg(ds_query *q, int col, const char *cmdline, size_t len, const char *name) {
  size_t nl = strlen(name);
  for (size_t i = 0; i < len;) {
    size_t j = i;
    while (j < len && cmdline[j] != ' ')
      j++;
    if (j - i > nl && memcmp(cmdline + i, name, nl) == 0) {
      ds_set_textn(q, col, cmdline + i + nl, j - i - nl);
      return;
    }
    i = j + 1;
  }
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_buf b = {0};
  if (ds_host_read(root, "/proc/sys/kernel/osrelease", &b, 4096) == 0)
    ds_set_textn(q, C_VERSION, b.data, trimmed(&b));
  if (ds_host_read(root, "/proc/cmdline", &b, 1 << 16) == 0) {
    size_t n = trimmed(&b);
    ds_set_textn(q, C_ARGUMENTS, b.data, n);
    set_arg(q, C_PATH, b.data, n, "BOOT_IMAGE=");
    set_arg(q, C_DEVICE, b.data, n, "root=");
  }
  ds_set_int(q, C_APPARMOR,
             ds_host_read(root, "/sys/module/apparmor/parameters/enabled", &b, 4096) == 0 &&
                 b.len > 0 && b.data[0] == 'Y');
  ds_set_int(q, C_SELINUX, ds_host_read(root, "/sys/fs/selinux/enforce", &b, 4096) == 0);
  ds_buf_free(&b);
  return SQLITE_OK;
}

const ds_table ds_table_kernel_info = {
    .name = "kernel_info",
    .doc = "The running kernel: release, boot command line, AppArmor and SELinux state.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT version, arguments FROM kernel_info;",
};
