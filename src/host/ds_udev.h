/*
** ds_udev.h - the device list through libudev, kept behind this small
** interface so only src/host/udev.c includes <libudev.h>.
**
** libudev reads the running kernel's /sys (and udev's database under
** /run/udev); it cannot be pointed at another root, so these functions
** always describe the machine dockersec runs on.
*/
#ifndef DS_UDEV_H
#define DS_UDEV_H

#include <sys/types.h>

typedef struct ds_udev_device {
  const char *subsystem, *devnode, *devtype, *driver, *sysname, *syspath; /* may be NULL */
  int has_devnum;
  unsigned major, minor;
  char *properties; /* JSON object of udev properties (malloc'd; the callback may take it) */
} ds_udev_device;

/* Called per device; a non-zero return stops the walk and is returned. */
typedef int (*ds_udev_fn)(void *arg, ds_udev_device *dev);

/* Every device, or those of `subsystem` when non-NULL.  Returns the
** callback's stop code, 0, or -1 with *err (malloc'd) when udev fails. */
int ds_udev_each(const char *subsystem, ds_udev_fn fn, void *arg, char **err);

/* The device with this number: type 'c' or 'b'.  Returns 0 when not found. */
int ds_udev_by_devnum(char type, dev_t devnum, ds_udev_fn fn, void *arg, char **err);

#endif
