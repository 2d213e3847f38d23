/*
** ds_caps.h - Linux capability numbers and names (linux/capability.h), as
** Docker spells them.
*/
#ifndef DS_CAPS_H
#define DS_CAPS_H

#include <stddef.h>

/* Highest capability bit the kernel headers we know of define
** (CAP_CHECKPOINT_RESTORE = 40). */
#define DS_CAP_LAST_KNOWN 40

/* Writes the name of capability `bit` as Docker spells it ("CAP_NET_RAW");
** bits we do not know are "CAP_<bit>", never dropped.  Returns `out`. */
const char *ds_cap_name(int bit, char *out, size_t outsz);
/* The bit of a capability name ("CAP_NET_RAW", "NET_RAW", any case, or
** "CAP_41"); -1 when unknown. */
int ds_cap_bit(const char *name);

#endif
