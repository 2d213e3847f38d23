/*
** ds_netproc.h - lines of /proc/net/{tcp,tcp6,udp,udp6,unix}.
**
** Addresses in tcp/udp files are hex words in the kernel's byte order; we
** decode them to text with inet_ntop.  Pure functions, no allocation.
*/
#ifndef DS_NETPROC_H
#define DS_NETPROC_H

#include <stddef.h>

typedef struct ds_inet_socket {
  char local_address[46]; /* "0.0.0.0", "::1"                         */
  int local_port;
  char remote_address[46];
  int remote_port;
  int state; /* 0x0A = TCP_LISTEN, 0x07 = UDP unconnected  */
  long long uid;
  unsigned long long inode; /* 0 for sockets in TIME_WAIT etc.            */
} ds_inet_socket;

/* Parses one line of /proc/net/tcp (family 4) or tcp6 (family 6); the
** header line and malformed lines return -1. */
int ds_parse_inet_line(const char *line, size_t len, int family, ds_inet_socket *out);

/* 1 when the socket listens: TCP in LISTEN, or UDP bound with no peer. */
int ds_inet_is_listening(const ds_inet_socket *s, int is_udp);

typedef struct ds_unix_socket {
  unsigned long flags; /* __SO_ACCEPTCON (0x10000) = listening */
  int type;            /* 1 stream, 2 dgram, 5 seqpacket        */
  int state;           /* 1 unconnected … 3 connected           */
  unsigned long long inode;
  char path[256]; /* "" when unnamed; "@name" for abstract */
} ds_unix_socket;

#define DS_UNIX_ACCEPTCON 0x10000UL

/* Parses one line of /proc/net/unix; the header and malformed lines return -1. */
int ds_parse_unix_line(const char *line, size_t len, ds_unix_socket *out);

/* The inode of an fd link target "socket:[12345]", or 0. */
unsigned long long ds_socket_inode(const char *link);

#endif
