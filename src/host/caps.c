/*
** caps.c - capability numbers and the names Docker gives them, shared by the
** kernel-side tables (process_capabilities) and the engine-side ones
** (docker_container_capabilities) so both spell "CAP_NET_RAW" alike and join.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "host/ds_caps.h"

static const char *const cap_names[DS_CAP_LAST_KNOWN + 1] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

const char *ds_cap_name(int bit, char *out, size_t outsz) {
  if (bit >= 0 && bit <= DS_CAP_LAST_KNOWN)
    snprintf(out, outsz, "%s", cap_names[bit]);
  else
    snprintf(out, outsz, "CAP_%d", bit);
  return out;
}

int ds_cap_bit(const char *name) {
  if (!name) return -1;
  const char *bare = strncasecmp(name, "CAP_", 4) == 0 ? name + 4 : name;
  for (int i = 0; i <= DS_CAP_LAST_KNOWN; i++)
    if (strcasecmp(cap_names[i] + 4, bare) == 0) return i;
  char *endp;
  long v = strtol(bare, &endp, 10);
  if (endp != bare && *endp == '\0' && v >= 0 && v < 64) return (int)v;
  return -1;
}
