/*
** devices - the host's devices through libudev: subsystem, device node,
** numbers, driver and udev properties; joins docker_container_devices on
** devnode or on major/minor.
**
** libudev reads the running kernel's /sys and cannot be re-rooted: with a
** root prefix the list still describes the machine dockersec runs on (the
** same kernel when it runs in a container with the host mounted); only
** `WHERE devnode = …` stats the node under the root prefix.
**
** Push-down: subsystem (udev match) and devnode (one lookup by number).
*/
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dockersec.h"
#include "host/ds_udev.h"
#include "common/ds_util.h"

enum {
  C_SUBSYSTEM,
  C_DEVNODE,
  C_DEVTYPE,
  C_MAJOR,
  C_MINOR,
  C_DRIVER,
  C_SYSNAME,
  C_SYSPATH,
  C_PROPERTIES,
  C_COUNT
};

static const ds_column columns[] = {
    [C_SUBSYSTEM] = {"subsystem", DS_TEXT, "Kernel subsystem (block, tty, net, input, …)",
                     DS_INDEXED},
    [C_DEVNODE] = {"devnode", DS_TEXT, "Device node (/dev/…); NULL when the device has none",
                   DS_INDEXED},
    [C_DEVTYPE] = {"devtype", DS_TEXT, "Device type within the subsystem (disk, partition, …)", 0},
    [C_MAJOR] = {"major", DS_INTEGER, "Major number; NULL without a device number", 0},
    [C_MINOR] = {"minor", DS_INTEGER, "Minor number; NULL without a device number", 0},
    [C_DRIVER] = {"driver", DS_TEXT, "Bound driver, if any", 0},
    [C_SYSNAME] = {"sysname", DS_TEXT, "Kernel name (sda, tty0, …)", 0},
    [C_SYSPATH] = {"syspath", DS_TEXT, "Path in /sys", 0},
    [C_PROPERTIES] = {"properties", DS_TEXT, "udev properties as a JSON object", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit(void *arg, ds_udev_device *d) {
  ds_query *q = arg;
  if (!ds_query_accepts_text(q, C_SUBSYSTEM, d->subsystem)) return 0;
  if (ds_row_new(q) != SQLITE_OK) return 1;
  ds_set_text(q, C_SUBSYSTEM, d->subsystem);
  ds_set_text(q, C_DEVNODE, d->devnode);
  ds_set_text(q, C_DEVTYPE, d->devtype);
  if (d->has_devnum) {
    ds_set_int(q, C_MAJOR, d->major);
    ds_set_int(q, C_MINOR, d->minor);
  }
  ds_set_text(q, C_DRIVER, d->driver);
  ds_set_text(q, C_SYSNAME, d->sysname);
  ds_set_text(q, C_SYSPATH, d->syspath);
  ds_set_text_owned(q, C_PROPERTIES, d->properties);
  d->properties = NULL;
  return 0;
}

static int by_devnode(ds_query *q, const char *root, const char *node, char **err) {
  char path[4096];
  struct stat st;
  if (!node || node[0] != '/' || !ds_host_path(root, node, path, sizeof(path)) ||
      stat(path, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
    return 0; /* no such device node: no row */
  return ds_udev_by_devnum(S_ISCHR(st.st_mode) ? 'c' : 'b', st.st_rdev, emit, q, err);
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  char *err = NULL;
  int rc = 0;
  int nnode = ds_query_nvalues(q, C_DEVNODE), nsub = ds_query_nvalues(q, C_SUBSYSTEM);
  if (nnode > 0) {
    for (int i = 0; i < nnode && rc == 0; i++)
      rc = by_devnode(q, root, ds_query_text(q, C_DEVNODE, i), &err);
  } else if (nsub > 0) {
    for (int i = 0; i < nsub && rc == 0; i++) {
      const char *s = ds_query_text(q, C_SUBSYSTEM, i);
      if (s) rc = ds_udev_each(s, emit, q, &err);
    }
  } else {
    rc = ds_udev_each(NULL, emit, q, &err);
  }
  if (rc < 0) {
    int e = ds_error(q, "%s", err ? err : "libudev failed");
    free(err);
    return e;
  }
  return rc ? SQLITE_NOMEM : SQLITE_OK;
}

const ds_table ds_table_devices = {
    .name = "devices",
    .doc = "Devices of the running kernel, through libudev (which reads this machine's /sys: "
           "the root setting does not apply, except to devnode lookups).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT devnode, subsystem, major, minor, driver FROM devices\n"
               "WHERE devnode IS NOT NULL AND subsystem = 'block';",
};
