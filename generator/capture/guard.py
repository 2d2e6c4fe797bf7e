"""The host guard: every request the capture browser makes passes a small proxy that opens allowed hosts only.

Playwright's routes see each request a page starts, but not the hops of an HTTP redirect (the network
stack follows those by itself), so a 302 from the portal to any other host would be followed and
screenshotted. Chromium is therefore started with this proxy and no loopback bypass: every request
and every redirect hop asks it for a connection, and one to a host outside `allowed_hosts` gets a
403 and never reaches the network. How it is fast enough: one thread per connection, bytes relayed
as they come (no parsing past the request line), one request per connection for plain HTTP (so a
reused connection can never reach a second host), and HTTPS tunnelled as-is after its CONNECT.
What it assumes: Chromium keeps to its proxy for every scheme it fetches (http, https, ws, wss).
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

MAX_HEAD = 64 * 1024  # a request line and headers; more is not a browser's request
IDLE_SECONDS = 120  # a tunnel quiet this long is closed
HOP_HEADERS = ("proxy-connection", "connection", "keep-alive")

HostCheck = Callable[[str, int], bool]


class GuardProxy(socketserver.ThreadingTCPServer):
    """A forward proxy on 127.0.0.1 that connects only where `allows(host, port)` says; refusals are kept.

    The browser's own background requests meet it too, so its refusals are not a step's failure: capture
    reports the refused requests of the page (its request events), and this only makes sure they go nowhere.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, allows: HostCheck) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.allows = allows
        self.refused: list[str] = []

    @property
    def address(self) -> str:
        """The proxy's address, as a browser's proxy setting."""
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def guard_proxy(allows: HostCheck) -> Iterator[GuardProxy]:
    """A running guard proxy for the duration of the block."""
    proxy = GuardProxy(allows)
    thread = threading.Thread(target=proxy.serve_forever, name="host-guard", daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()


class _ProxyHandler(socketserver.BaseRequestHandler):
    server: GuardProxy

    def handle(self) -> None:
        client: socket.socket = self.request
        client.settimeout(IDLE_SECONDS)
        head, rest = _read_head(client)
        if head is None:
            return
        request_line, _, headers = head.partition(b"\r\n")
        try:
            method, target, version = request_line.decode("latin-1").split(" ")
        except ValueError:
            return _answer(client, 400, "bad request")
        if method == "CONNECT":
            host, _, port_text = target.rpartition(":")
            shown, port = f"https://{target}", int(port_text) if port_text.isdigit() else 443
        else:
            parts = urlsplit(target)
            if parts.scheme not in ("http", "ws") or not parts.hostname:
                return _answer(client, 400, "absolute http address expected")
            host, port, shown = parts.hostname, parts.port or 80, target
        host = host.strip("[]").lower()
        if not self.server.allows(host, port):
            self.server.refused.append(shown)
            logger.debug("host guard: refused %s", shown)
            return _answer(client, 403, f"guidegen capture refused {host}: not in capture.allowed_hosts")
        try:
            upstream = socket.create_connection((host, port), timeout=IDLE_SECONDS)
        except OSError:
            return _answer(client, 502, f"cannot connect to {host}:{port}")
        with upstream:
            if method == "CONNECT":
                client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            else:
                path = target[len(f"{parts.scheme}://{parts.netloc}"):] or "/"
                kept = [line for line in headers.split(b"\r\n")
                        if line and line.split(b":", 1)[0].strip().lower().decode("latin-1") not in HOP_HEADERS]
                upstream.sendall(b"\r\n".join([f"{method} {path} {version}".encode("latin-1"), *kept,
                                               b"Connection: close", b"", b""]) + rest)
            _relay(client, upstream)


def _read_head(client: socket.socket) -> tuple[bytes | None, bytes]:
    """The request line and headers, and whatever of the body came with them."""
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = client.recv(8192)
        except OSError:
            return None, b""
        if not chunk or len(data) > MAX_HEAD:
            return None, b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _answer(client: socket.socket, status: int, text: str) -> None:
    body = text.encode("utf-8")
    reason = {400: "Bad Request", 403: "Forbidden", 502: "Bad Gateway"}[status]
    with contextlib.suppress(OSError):
        client.sendall(f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                       f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)


def _relay(one: socket.socket, other: socket.socket) -> None:
    """Copy bytes both ways until either side closes or both stay quiet too long."""
    peers = {one: other, other: one}
    while True:
        readable, _, _ = select.select(list(peers), [], [], IDLE_SECONDS)
        if not readable:
            return
        for side in readable:
            try:
                data = side.recv(65536)
                if not data:
                    return
                peers[side].sendall(data)
            except OSError:
                return
