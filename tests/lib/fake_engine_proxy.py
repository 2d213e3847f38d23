#!/usr/bin/env python3
"""fake_engine_proxy.py - the recording proxy of fake_engine.py (--proxy):
forwards GET requests to a real engine's socket and logs every request;
anything else is logged and answered 403 without reaching the engine.  Also
`pump`, the byte copier tests/hardening/tls_proxy.py shares.
"""
import re
import socket
import socketserver
import sys
import threading


def read_head(sock, buf):
    """Reads until the end of the request head; returns (head, rest) or None."""
    while b"\r\n\r\n" not in buf:
        data = sock.recv(65536)
        if not data:
            return None
        buf += data
    head, _, rest = buf.partition(b"\r\n\r\n")
    return head, rest


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (dst, src):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class ProxyHandler(socketserver.BaseRequestHandler):
    """Forwards GET requests to the upstream socket and logs every request;
    anything else is logged and answered 403 without reaching the engine."""

    def handle(self):
        client = self.request
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(self.server.upstream)
        except OSError as e:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            sys.stderr.write("fake_engine proxy: %s\n" % e)
            return
        back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
        back.start()
        buf = b""
        try:
            while True:
                got = read_head(client, buf)
                if got is None:
                    break
                head, buf = got
                line = head.split(b"\r\n", 1)[0].decode("latin-1")
                parts = line.split(" ")
                method, path = (parts[0], parts[1]) if len(parts) >= 2 else (line, "?")
                self.server.log.write(method, path)
                headers = head.lower()
                length = 0
                lm = re.search(rb"\r\ncontent-length:\s*(\d+)", headers)
                if lm:
                    length = int(lm.group(1))
                if method != "GET" or b"transfer-encoding:" in headers or length:
                    msg = b'{"message":"recording proxy: only GET without a body is forwarded"}'
                    client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\n"
                                   b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(msg) + msg)
                    break
                upstream.sendall(head + b"\r\n\r\n")
        except OSError:
            pass
        finally:
            try:
                upstream.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            back.join(timeout=30)
            upstream.close()


class ProxyServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    request_queue_size = 128
