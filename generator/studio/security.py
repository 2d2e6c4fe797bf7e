"""The studio's gate, as Jupyter's server keeps its own: a token, a Host allow-list and an Origin check.

- **Token.** A random token is made at start and put in the address the studio opens. The first
  request that carries it (`?token=…`) gets it as a cookie (HttpOnly, SameSite=Strict) and is sent on
  to the same address without it, so it does not linger in the history. Every other request needs
  the cookie; without it the studio answers 403 and says where the right address is printed.
- **Host.** Only the addresses the studio was started on are accepted in the Host header, so a web
  page on another site cannot reach it through DNS rebinding.
- **Origin.** Every request that changes something (anything but GET and HEAD) must come from the
  studio's own pages: its Origin names one of the accepted hosts, and its body is JSON or raw bytes.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

COOKIE = "guidegen_studio"
SAFE_METHODS = ("GET", "HEAD")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def new_token() -> str:
    """A token nobody can guess (192 bits)."""
    return secrets.token_urlsafe(24)


def accepted_hosts(addresses: Iterable[str], port: int) -> frozenset[str]:
    """Host header values the studio answers: each address with its port (and the loopback names)."""
    names = {"127.0.0.1", "localhost", "[::1]", *addresses}
    return frozenset(f"{name}:{port}" for name in names)


class Gate:
    """ASGI middleware: refuses requests without the token, from a foreign Host, or a foreign Origin."""

    def __init__(self, app: Callable[..., Awaitable[None]], token: str, hosts: frozenset[str]) -> None:
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or answer it with the reason it is refused."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        host = headers.get("host", "")
        if host not in self.hosts:
            await _answer(send, 400, "This address is not the studio's (Host not allowed).")
            return
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin", "")
            if origin.removeprefix("http://") not in self.hosts:
                await _answer(send, 403, "Changes are accepted from the studio's own pages only (Origin).")
                return
            kind = headers.get("content-type", "").split(";")[0].strip()
            if kind not in ("application/json", "application/octet-stream", "audio/webm", "audio/ogg", "audio/wav"):
                await _answer(send, 415, "The studio takes JSON or raw audio, not forms.")
                return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given = query.pop("token", None)
        if given is not None and secrets.compare_digest(given, self.token):
            rest = urlencode(query)
            where = quote(scope["path"]) + (f"?{rest}" if rest else "")
            await _redirect_with_cookie(send, where, self.token)
            return
        cookie = SimpleCookie(headers.get("cookie", ""))
        held = cookie[COOKIE].value if COOKIE in cookie else ""
        if not secrets.compare_digest(held, self.token):
            await _answer(send, 403, "Open the studio from the address `guidegen studio` printed (it holds a key).")
            return
        await self.app(scope, receive, send)


async def _answer(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _redirect_with_cookie(send: Send, where: str, token: str) -> None:
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", where.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
                            (b"cache-control", b"no-store"), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
