/*
** ds_proctop.h - what `docker top` shows for a container whose processes are
** in this /proc (a local engine), read from /proc and the container's cgroup
** instead of asking the engine to run ps on the host.
**
** The values are the ones dockerd's `ps axwwo pid,state,uid,…,comm,cmd`
** prints (osquery's ps_args): ps reads the same /proc files.
*/
#ifndef DS_PROCTOP_H
#define DS_PROCTOP_H

#include "common/ds_util.h"

/* Host facts read once per scan. */
typedef struct ds_top_host {
  const char *root;
  long clk_tck, page_size;
  double uptime;    /* /proc/uptime, seconds; < 0 when unreadable */
  long long mem_kb; /* MemTotal; 0 when unreadable                */
  ds_buf passwd;    /* <root>/etc/passwd (user names)             */
  ds_buf buf;       /* scratch                                    */
} ds_top_host;

typedef struct ds_top_proc {
  long pid;
  char name[64]; /* comm                                                    */
  char *cmdline; /* argv joined with spaces; "[comm]" when empty (malloc'd) */
  char state;
  long long uid, gid, euid, egid, suid, sgid; /* -1 when unreadable */
  long long rss_bytes, vsz_bytes;
  long long elapsed; /* seconds since it started; -1 unknown */
  long long ppid, pgrp, threads;
  long long nice;  /* -1000 for a real-time process (ps: "-") */
  char user[64];   /* the host's name for euid, else the number */
  char time[32];   /* cumulative CPU time, [DD-]HH:MM:SS */
  double cpu, mem; /* ps pcpu, pmem (one decimal) */
} ds_top_proc;

void ds_top_host_init(ds_top_host *h, const char *root);
void ds_top_host_free(ds_top_host *h);

/*
** 1 when process `pid` of this /proc belongs to container `id` (64 hex) by
** its cgroup: the engine's containers live in this /proc (a local engine).
** 0 otherwise (no such process, another container, a remote engine).
*/
int ds_top_is_local(ds_top_host *h, long pid, const char *id);

/*
** The processes of container `id` whose init is `pid` (this /proc): every pid
** in the container's cgroup and the cgroups below it (what runc ps lists),
** ascending, malloc'd in *pids.  Returns 0, or -1 when the cgroup is not found.
*/
int ds_top_container_pids(ds_top_host *h, const char *id, long pid, long **pids, size_t *n);

/* Reads one process.  Returns 0, or -1 when it is gone (skip it).
** Free with ds_top_proc_free(). */
int ds_top_read(ds_top_host *h, long pid, ds_top_proc *out);
void ds_top_proc_free(ds_top_proc *p);

/* Pure helpers (unit-tested): ps's [DD-]HH:MM:SS and the user name of `uid`
** in a passwd file's text (NULL when absent; copied to out). */
void ds_top_format_time(long long seconds, char *out, size_t outsz);
int ds_top_user_name(const char *passwd, size_t len, long long uid, char *out, size_t outsz);

#endif
