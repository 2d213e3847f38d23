#!/usr/bin/env python3
"""fake_engine.py - a Docker-API-like test server on a unix socket (stdlib only).

It answers from a fixture directory, injects faults per endpoint, or records
the traffic of a real engine as a proxy.  Every request line is appended to
--log as "METHOD PATH" (the path as received, version prefix included).

  fake_engine.py --socket S --fixtures DIR [--fault 'GLOB=KIND'] ...
  fake_engine.py --socket S --refuse          # the socket exists, nobody listens
  fake_engine.py --socket S --no-accept       # it listens, nobody accepts
  fake_engine.py --socket S --proxy /var/run/docker.sock  # record + block non-GET

Fixtures: a request for PATH (after stripping a leading /vX.Y) is answered with
DIR/<PATH with every char outside [A-Za-z0-9._-] replaced by '_'>.json, tried
with the query string as sent and URL-decoded.  /containers/json with a
`filters` query and no exact file is served by filtering the list file by id
prefix (and name).  Unknown paths get Docker's 404 bodies.

Faults (--fault GLOB=KIND, GLOB is an fnmatch pattern on the unversioned path
including the query string; the first match wins):
  status:CODE[:MESSAGE]  answer CODE with {"message": MESSAGE}; 404/409/500 alone too
  close                  send the headers and half the body, then close
  hangup                 close the connection without answering
  garbage                answer bytes that are not HTTP
  malformed              200 with broken JSON
  truncated              200 with a JSON document cut in half (length matches)
  nested[:DEPTH]         200 with DEPTH nested arrays (default 100000)
  huge[:MB[:cl]]         200 with an MB-megabyte JSON array, streamed chunked
                         (with ':cl' a Content-Length is announced instead)
  slow:MS                answer after MS milliseconds
  drip:MS                send the answer one byte every MS milliseconds
  body:TEXT              200 with TEXT as the body
  driphead:MS            the headers one byte every MS ms, then the body at once
  dripbody:MS            the headers at once, then the body one byte every MS ms
  many[:N]               a container list of N entries (default 100000), streamed
  fat[:MB]               the inspect of the container asked for, padded to MB MB
  wrongtype              200 with a JSON value of the wrong type ("oops")
Other options: --api-version X.Y (served version; newer request prefixes get
Docker's 400), --podman (Libpod headers on every answer), --vanish ID_PREFIX
(listed, but /containers/<id>/... answers 404: gone between list and inspect),
--wrong-id ID_PREFIX (its inspect answers with another container's Id),
--backlog N (listen queue length: a small one refuses concurrent connects).

It prints the socket path and writes --ready-file once it accepts, and exits
on SIGTERM/SIGINT.
"""
import argparse
import fnmatch
import json
import os
import re
import signal
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler

from fake_engine_proxy import ProxyHandler, ProxyServer

VERSION_PREFIX = re.compile(r"^/v(\d+)\.(\d+)(/.*)$")
STATUS_TEXT = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
               409: "Conflict", 500: "Internal Server Error", 503: "Service Unavailable"}
DEFAULT_MESSAGE = {404: "page not found", 409: "conflict: the container is being removed",
                   500: "Internal Server Error: fake engine fault", 503: "service unavailable"}


class Log:
    """Appends one line per request; shared by every connection thread."""

    def __init__(self, path):
        self.lock = threading.Lock()
        self.f = open(path, "a", buffering=1) if path else None

    def write(self, method, path):
        if self.f:
            with self.lock:
                self.f.write("%s %s\n" % (method, path))
                self.f.flush()


def fixture_name(path):
    return re.sub(r"[^A-Za-z0-9._-]", "_", path) + ".json"


def version_tuple(v):
    try:
        a, b = v.split(".", 1)
        return int(a), int(b)
    except ValueError:
        return None


class Engine:
    """What to answer: fixtures, faults, version and podman behaviour."""

    def __init__(self, args):
        self.dir = args.fixtures
        self.faults = []
        for f in args.fault or []:
            glob, _, kind = f.partition("=")
            if not kind:
                sys.exit("fake_engine: --fault needs GLOB=KIND, got %r" % f)
            self.faults.append((glob, kind))
        self.api_version = args.api_version
        self.podman = args.podman
        self.vanish = args.vanish or []
        self.wrong_id = args.wrong_id or []

    def fault_for(self, path):
        for glob, kind in self.faults:
            if fnmatch.fnmatchcase(path, glob):
                return kind
        return None

    def read_fixture(self, path):
        if not self.dir:
            return None
        candidates = [path, urllib.parse.unquote(path)]
        for p in candidates:
            f = os.path.join(self.dir, fixture_name(p))
            if os.path.isfile(f):
                with open(f, "rb") as fh:
                    return fh.read()
        return None

    def served_version(self):
        """ApiVersion this engine claims, from --api-version or /version."""
        if self.api_version:
            return self.api_version
        body = self.read_fixture("/version")
        try:
            return json.loads(body)["ApiVersion"] if body else "1.41"
        except (ValueError, KeyError, TypeError):
            return "1.41"

    def version_doc(self):
        body = self.read_fixture("/version")
        if body is None:
            doc = {"Version": "20.10.24", "ApiVersion": "1.41", "MinAPIVersion": "1.12",
                   "Os": "linux", "Arch": "amd64"}
        else:
            doc = json.loads(body)
        if self.api_version:
            doc["ApiVersion"] = self.api_version
            for c in doc.get("Components") or []:
                if isinstance(c, dict) and isinstance(c.get("Details"), dict) \
                        and "ApiVersion" in c["Details"]:
                    c["Details"]["ApiVersion"] = self.api_version
        return json.dumps(doc).encode()

    def filtered_list(self, path):
        """/containers/json?...&filters=... from the unfiltered list file."""
        base, _, query = path.partition("?")
        if base != "/containers/json":
            return None
        params = urllib.parse.parse_qs(query)
        if "filters" not in params:
            return None
        body = self.read_fixture("/containers/json?all=1") or self.read_fixture("/containers/json")
        if body is None:
            return None
        try:
            filters = json.loads(params["filters"][0])
        except ValueError:
            return 400, {"message": "invalid filter"}

        def values(key):  # both {"id":["a"]} and the old {"id":{"a":true}}
            v = filters.get(key)
            return list(v.keys()) if isinstance(v, dict) else list(v or [])

        ids, names = values("id"), values("name")
        out = []
        for c in json.loads(body):
            cid = c.get("Id", "")
            if ids and not any(cid.startswith(i) for i in ids):
                continue
            cnames = [n.lstrip("/") for n in c.get("Names") or []]
            if names and not any(n.lstrip("/") in cnames for n in names):
                continue
            out.append(c)
        return 200, out

    def answer(self, path):
        """(status, body bytes, content type) for a normal request."""
        if path == "/_ping":
            return 200, b"OK", "text/plain; charset=utf-8"
        m = re.match(r"^/(containers|images)/([^/?]+)/", path)
        if m and m.group(1) == "containers" and any(m.group(2).startswith(v) for v in self.vanish):
            return 404, json.dumps({"message": "No such container: %s" % m.group(2)}).encode(), None
        if path == "/version":
            return 200, self.version_doc(), None
        body = self.read_fixture(path)
        if body is not None and m and m.group(1) == "containers" and path.endswith("/json") \
                and any(m.group(2).startswith(w) for w in self.wrong_id):
            doc = json.loads(body)
            doc["Id"] = "ff" * 32
            body = json.dumps(doc).encode()
        if body is not None:
            return 200, body, None
        filtered = self.filtered_list(path)
        if filtered is not None:
            return filtered[0], json.dumps(filtered[1]).encode(), None
        if m:
            what = "container" if m.group(1) == "containers" else "image"
            return 404, json.dumps({"message": "No such %s: %s" % (what, m.group(2))}).encode(), None
        return 404, json.dumps({"message": "page not found"}).encode(), None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Docker/20.10.24"
    sys_version = ""

    def log_message(self, fmt, *args):  # the request log is ours; no stderr noise
        pass

    def address_string(self):
        return "unix"

    def extra_headers(self):
        eng = self.server.engine
        h = {"Api-Version": eng.served_version(), "Ostype": "linux"}
        if eng.podman:
            h["Libpod-API-Version"] = "4.3.1"
            h["Server"] = "Libpod/4.3.1 (linux)"
        return h

    def head(self, status, ctype="application/json", length=None, chunked=False):
        lines = ["HTTP/1.1 %d %s" % (status, STATUS_TEXT.get(status, "Status"))]
        for k, v in self.extra_headers().items():
            lines.append("%s: %s" % (k, v))
        if "Server" not in self.extra_headers():
            lines.append("Server: Docker/20.10.24 (linux)")
        lines.append("Content-Type: %s" % ctype)
        if chunked:
            lines.append("Transfer-Encoding: chunked")
        elif length is not None:
            lines.append("Content-Length: %d" % length)
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def send(self, status, body, ctype=None):
        self.wfile.write(self.head(status, ctype or "application/json", len(body)) + body)
        self.wfile.flush()

    def hang_up(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def do_GET(self):
        self.server.log.write(self.command, self.path)
        eng = self.server.engine
        path = self.path
        m = VERSION_PREFIX.match(path)
        if m:
            path = m.group(3)
            want = (int(m.group(1)), int(m.group(2)))
            have = version_tuple(eng.served_version())
            if have and want > have:
                msg = "client version %d.%d is too new. Maximum supported API version is %s" % (
                    want[0], want[1], eng.served_version())
                return self.send(400, json.dumps({"message": msg}).encode())
        fault = eng.fault_for(path)
        if fault:
            return self.fault(fault, path)
        status, body, ctype = eng.answer(path)
        self.send(status, body, ctype)

    # Anything but GET is answered, logged, and refused: a read-only client
    # never sends it, and the log lets the read-only test prove that.
    def refuse_method(self):
        self.server.log.write(self.command, self.path)
        self.send(405, json.dumps({"message": "fake engine: %s refused" % self.command}).encode())

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = refuse_method

    def fault(self, kind, path):
        name, _, arg = kind.partition(":")
        if name.isdigit():
            name, arg = "status", kind
        if name == "status":
            code, _, msg = arg.partition(":")
            code = int(code)
            msg = msg or DEFAULT_MESSAGE.get(code, "fake engine error")
            return self.send(code, json.dumps({"message": msg}).encode())
        if name == "hangup":
            return self.hang_up()
        if name == "garbage":
            self.wfile.write(b"SSH-2.0-OpenSSH_9.2\r\n\x00\x01\x02 not http\r\n\r\n")
            self.wfile.flush()
            return self.hang_up()
        if name == "close":
            _, body, _ = self.server.engine.answer(path)
            body = body if len(body) > 8 else b'[{"Id":"abc"}]'
            self.wfile.write(self.head(200, length=len(body)) + body[: len(body) // 2])
            self.wfile.flush()
            return self.hang_up()
        if name == "malformed":
            return self.send(200, b'[{"Id": oops, "Names": ["/x"],}]')
        if name == "wrongtype":
            return self.send(200, b'"oops"')
        if name == "truncated":
            _, body, _ = self.server.engine.answer(path)
            body = body if len(body) > 8 else b'[{"Id":"abc","Names":["/x"]}]'
            return self.send(200, body[: len(body) // 2])
        if name == "nested":
            depth = int(arg or 100000)
            return self.send(200, b"[" * depth + b"]" * depth)
        if name == "huge":
            return self.huge(arg)
        if name == "slow":
            time.sleep(int(arg or 5000) / 1000.0)
            status, body, ctype = self.server.engine.answer(path)
            return self.send(status, body, ctype)
        if name == "drip":
            status, body, ctype = self.server.engine.answer(path)
            data = self.head(status, ctype or "application/json", len(body)) + body
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(int(arg or 200) / 1000.0)
            return None
        if name in ("driphead", "dripbody"):
            status, body, ctype = self.server.engine.answer(path)
            head = self.head(status, ctype or "application/json", len(body))
            slow, fast = (head, body) if name == "driphead" else (body, None)
            if name == "dripbody":
                self.wfile.write(head)
            for i in range(len(slow)):
                self.wfile.write(slow[i:i + 1])
                self.wfile.flush()
                time.sleep(int(arg or 200) / 1000.0)
            if fast is not None:
                self.wfile.write(fast)
            return None
        if name == "many":
            return self.many(int(arg or 100000))
        if name == "fat":
            return self.fat(path, int(arg or 12))
        if name == "body":
            return self.send(200, arg.encode())
        return self.send(500, json.dumps({"message": "fake engine: unknown fault %r" % kind}).encode())

    def template(self, path):
        _, body, _ = self.server.engine.answer(path)
        try:
            return json.loads(body)
        except ValueError:
            return None

    def many(self, n):
        """A container list of N entries (ids %064x), streamed."""
        lst = self.template("/containers/json?all=1")
        item = dict(lst[0]) if lst else {"Names": ["/x"], "State": "running"}
        self.wfile.write(self.head(200, chunked=True))
        out = [b"["]
        for i in range(n):
            item["Id"] = "%064x" % (i + 1)
            item["Names"] = ["/c%d" % i]
            out.append((b"," if i else b"") + json.dumps(item).encode())
            if len(out) > 1000 or i == n - 1:
                if i == n - 1:
                    out.append(b"]")
                piece = b"".join(out)
                self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                out = []
        if n == 0:
            self.wfile.write(b"2\r\n[]\r\n")
        self.wfile.write(b"0\r\n\r\n")

    fat_bodies = {}

    def fat(self, path, mb):
        """The inspect of the container asked for (its own Id), padded to MB
        megabytes with a member no table reads (built once per size)."""
        m = re.match(r"^/containers/([^/?]+)/json", path)
        if mb not in Handler.fat_bodies:
            doc = None
            for name in sorted(os.listdir(self.server.engine.dir or ".")):
                if name.startswith("_containers_") and name.endswith("_json.json") \
                        and "json_all" not in name:
                    with open(os.path.join(self.server.engine.dir, name)) as f:
                        doc = json.load(f)
                    break
            doc = doc or {"Config": {}, "HostConfig": {}, "State": {}}
            doc["Id"] = "@@ID@@"
            doc["Padding"] = "x" * (mb * 1024 * 1024)
            Handler.fat_bodies[mb] = json.dumps(doc).encode()
        cid = (m.group(1) if m else "f" * 64).encode()
        self.send(200, Handler.fat_bodies[mb].replace(b"@@ID@@", cid, 1))

    def huge(self, arg):
        """Streams an MB-megabyte JSON array without building it in memory."""
        parts = arg.split(":") if arg else []
        total = int(parts[0] if parts and parts[0] else 200) * 1024 * 1024
        with_length = len(parts) > 1 and parts[1] == "cl"
        item = b'{"Id":"' + b"f" * 64 + b'","Names":["/huge"],"State":"running"},'
        chunk = item * (65536 // len(item))
        try:
            if with_length:
                self.wfile.write(self.head(200, length=total))
            else:
                self.wfile.write(self.head(200, chunked=True))
            sent = 0
            first = b"["
            while sent < total:
                piece = (first + chunk)[: total - sent]
                first = b""
                if with_length:
                    self.wfile.write(piece)
                else:
                    self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                sent += len(piece)
            if not with_length:
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the client opens max_parallel connections at once

    def handle_error(self, request, client_address):
        # A client that gives up (time-out, size limit) is expected here.
        exc = sys.exc_info()[1]
        if not isinstance(exc, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            socketserver.UnixStreamServer.handle_error(self, request, client_address)


# ---- main --------------------------------------------------------------------

def announce(args):
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(args.socket + "\n")
        os.rename(tmp, args.ready_file)
    print(args.socket, flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--socket", required=True)
    p.add_argument("--fixtures")
    p.add_argument("--ready-file")
    p.add_argument("--log")
    p.add_argument("--fault", action="append")
    p.add_argument("--api-version")
    p.add_argument("--podman", action="store_true")
    p.add_argument("--vanish", action="append")
    p.add_argument("--wrong-id", action="append", help="inspect of ID_PREFIX answers another Id")
    p.add_argument("--refuse", action="store_true")
    p.add_argument("--no-accept", action="store_true")
    p.add_argument("--backlog", type=int, help="listen queue length (default 128)")
    p.add_argument("--proxy", metavar="UPSTREAM_SOCKET")
    args = p.parse_args()
    if args.fixtures and not os.path.isdir(args.fixtures):
        sys.exit("fake_engine: no fixture directory %s" % args.fixtures)

    def stop(signum, frame):
        try:
            os.unlink(args.socket)
        except OSError:
            pass
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if os.path.exists(args.socket):
        os.unlink(args.socket)

    if args.refuse or args.no_accept:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(args.socket)
        if args.no_accept:
            s.listen(args.backlog if args.backlog is not None else 64)  # queued, never answered
        else:
            s.close()  # the file stays, connecting gives ECONNREFUSED
        announce(args)
        while True:
            signal.pause()

    log = Log(args.log)
    if args.proxy:
        server = ProxyServer(args.socket, ProxyHandler)
        server.upstream = args.proxy
    else:
        if args.backlog is not None:
            Server.request_queue_size = args.backlog
        server = Server(args.socket, Handler)
        server.engine = Engine(args)
    server.log = log
    announce(args)
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
