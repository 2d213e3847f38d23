#!/usr/bin/env python3
"""bench/countproxy.py LISTEN_SOCKET ENGINE_SOCKET LOG - a counting proxy.

Listens on the unix socket LISTEN_SOCKET and forwards every connection, byte
for byte, to ENGINE_SOCKET (the Docker API).  Each HTTP request line seen from
the client ("GET /v1.41/containers/x/json HTTP/1.1") is appended to LOG as
"METHOD PATH", so the requests of a tool that has no counters of its own (the
docker CLI, docker-bench-security) can be counted: DOCKER_HOST=unix://LISTEN.
Request lines are found at the start of a request (after the previous
request's headers and Content-Length body); the CLI's hijacked streams (attach,
exec) are not followed - docker-bench uses none.  Runs until SIGTERM.
"""
import asyncio
import os
import re
import signal
import sys

listen, engine, log_path = sys.argv[1:4]
REQ = re.compile(rb"^([A-Z]+) (\S+) HTTP/1\.[01]$")


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def client_to_engine(reader, writer, log):
    """Forwards requests, logging each request line; follows Content-Length
    bodies so that a body is never read as a request line."""
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            m = REQ.match(line.rstrip(b"\r\n"))
            writer.write(line)
            if not m:
                continue
            log.write("%s %s\n" % (m.group(1).decode(), m.group(2).decode(errors="replace")))
            log.flush()
            length = 0
            while True:
                h = await reader.readline()
                writer.write(h)
                if not h or h in (b"\r\n", b"\n"):
                    break
                k, _, v = h.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v.strip() or 0)
            if length:
                writer.write(await reader.readexactly(length))
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def main():
    log = open(log_path, "a")

    async def handle(creader, cwriter):
        try:
            ereader, ewriter = await asyncio.open_unix_connection(engine)
        except OSError:
            cwriter.close()
            return
        await asyncio.gather(client_to_engine(creader, ewriter, log), pipe(ereader, cwriter))

    if os.path.exists(listen):
        os.unlink(listen)
    server = await asyncio.start_unix_server(handle, path=listen)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set)
    async with server:
        await stop.wait()
    log.close()


asyncio.run(main())
