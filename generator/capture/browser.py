"""The browser capture drives: the system's Chromium (or Playwright's own), a served sample portal, guarded hosts."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import logging
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator.capture.guard import guard_proxy
from generator.content.schema import CaptureSettings
from generator.errors import GuidegenError

logger = logging.getLogger(__name__)

SYSTEM_CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--font-render-hinting=none", "--hide-scrollbars"]
SESSION_FILE = ".guidegen-session.json"  # the saved login; git-ignored, never shared


class CaptureError(GuidegenError):
    """Capture cannot go on: the message is one line a communications officer can act on."""


def system_chromium() -> str | None:
    """The Chromium installed on this machine, if any."""
    return next((found for name in SYSTEM_CHROMIUM if (found := shutil.which(name))), None)


def describe_browser() -> tuple[bool, str]:
    """Whether capture has a browser, and which (for `guidegen doctor`)."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False, "Playwright is not installed: run scripts/setup.sh"
    found = system_chromium()
    if found:
        return True, f"system Chromium ({found})"
    bundled = _bundled_chromium()
    if bundled:
        return True, f"Playwright's Chromium ({bundled})"
    return False, "no Chromium: `apt-get install chromium` (or `playwright install chromium` where it can download)"


def _bundled_chromium() -> str | None:
    with contextlib.suppress(Exception):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = Path(playwright.chromium.executable_path)
            return str(path) if path.is_file() else None
    return None


@contextlib.contextmanager
def chromium(*, headless: bool = True, guard: Portal | None = None) -> Iterator[Any]:
    """A running Chromium: the system's where there is one, else Playwright's own.

    With `guard`, every request it makes (redirect hops included) goes through the host guard proxy,
    which opens only the portal's allowed hosts.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as error:
        raise CaptureError("capture needs Playwright: run scripts/setup.sh") from error
    executable = system_chromium()
    with contextlib.ExitStack() as stack:
        options: dict[str, Any] = {}
        if guard is not None:
            proxy = stack.enter_context(guard_proxy(guard.allows_host))
            options["proxy"] = {"server": proxy.address, "bypass": "<-loopback>"}  # loopback too goes through it
        playwright = stack.enter_context(sync_playwright())
        try:
            browser = playwright.chromium.launch(executable_path=executable, headless=headless, args=CHROMIUM_ARGS,
                                                 **options)
        except Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            if not headless and ("display" in str(error).lower() or "headed" in str(error).lower()):
                raise CaptureError("a browser window needs a screen: run this on a computer with a desktop") from None
            raise CaptureError(f"cannot start Chromium ({first[:120]}): `apt-get install chromium`, "
                               "or see `guidegen doctor`") from None
        try:
            yield browser
        finally:
            browser.close()


@dataclass(frozen=True)
class Portal:
    """Where capture goes: the base address, the hosts (host or host:port) it may open, and what was refused."""

    base_url: str
    allowed_hosts: frozenset[str]
    refused: list[str] = field(default_factory=list, compare=False)  # addresses refused since last taken

    def url(self, address: str) -> str:
        """An address from a step, made absolute against the base."""
        return urljoin(self.base_url.rstrip("/") + "/", address.lstrip("/")) if "://" not in address else address

    def relative(self, url: str) -> str:
        """An address on the portal written relative to the base (the same whichever port a mock is served on)."""
        return "/" + url[len(self.base_url):].lstrip("/") if url.startswith(self.base_url) else url

    def allows(self, url: str) -> bool:
        """Whether capture may open `url`: http(s) on an allowed host (or the blank page); never file: or data:."""
        if url == "about:blank":
            return True
        try:
            parts = urlsplit(url)
            port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and self.allows_host(parts.hostname or "", port)

    def allows_host(self, host: str, port: int) -> bool:
        """Whether `host` on `port` is allowed: listed bare (any port) or as host:port."""
        host = host.lower().strip("[]")
        return bool(host) and (host in self.allowed_hosts or f"{host}:{port}" in self.allowed_hosts)

    def take_refused(self) -> list[str]:
        """The addresses refused since the last call (and forget them)."""
        taken, self.refused[:] = self.refused[:], []
        return taken


@contextlib.contextmanager
def portal(settings: CaptureSettings, assets: Path) -> Iterator[Portal]:
    """The portal to capture: the real one, or (sample catalogues) a folder served on 127.0.0.1 for the duration."""
    hosts = set(settings.allowed_hosts) or {(urlsplit(settings.base_url).hostname or "").lower()}
    if settings.serve is None:
        yield Portal(settings.base_url, frozenset(hosts))
        return
    folder = assets / settings.serve.removeprefix("assets/")
    if not folder.resolve().is_relative_to(assets.resolve()):
        raise CaptureError(f"capture.serve: must be a folder inside assets/: {settings.serve}")
    if not folder.is_dir():
        raise CaptureError(f"capture.serve: folder not found: assets/{settings.serve}")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="mock-portal", daemon=True)
    thread.start()
    try:
        address = f"127.0.0.1:{server.server_port}"  # this server only (and those listed): not any other port
        yield Portal(f"http://{address}/", frozenset({address, *settings.allowed_hosts}))
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("mock portal: " + format, *args)


def read_session(path: Path) -> tuple[dict[str, Any], str | None]:
    """A saved login: Playwright's storage state, and a script putting back its sessionStorage (which that lacks)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    state = {"cookies": data.get("cookies", []), "origins": data.get("origins", [])}
    stored = data.get("session_storage") or []
    if not stored:
        return state, None
    return state, ("(() => { const saved = " + json.dumps(stored).replace("<", "\\u003c") + ";\n"
                   "  for (const origin of saved) if (origin.origin === location.origin)\n"
                   "    for (const [key, value] of origin.items) sessionStorage.setItem(key, value); })();")


def save_session(context: Any, page: Any, path: Path) -> str:
    """Save the login (cookies, localStorage, the page's sessionStorage), owner-readable only; say what was kept."""
    from generator.fileio import write_text_atomic

    state = context.storage_state()
    session = page.evaluate("() => ({origin: location.origin, items: Object.entries(sessionStorage)})")
    state["session_storage"] = [session] if session["items"] else []
    write_text_atomic(path, json.dumps(state), mode=0o600)
    local = sum(len(origin.get("localStorage", [])) for origin in state.get("origins", []))
    return (f"{len(state.get('cookies', []))} cookies, {local} localStorage and {len(session['items'])} "
            "sessionStorage items")


def new_context(browser: Any, target: Portal, settings: CaptureSettings, *, phone: bool = False,
                session: Path | None = None) -> Any:
    """A fresh browser context at the capture's size, refusing navigation to hosts not allowed."""
    width, height = settings.phone_viewport if phone else settings.viewport
    options: dict[str, Any] = {"viewport": {"width": width, "height": height}, "device_scale_factor": settings.scale,
                               "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "is_mobile": phone,
                               "has_touch": phone, "reduced_motion": "reduce", "color_scheme": "light"}
    restore = None
    if session is not None and session.is_file():
        state, restore = read_session(session)
        options["storage_state"] = state
    context = browser.new_context(**options)
    if restore:
        context.add_init_script(restore)
    context.set_default_timeout(settings.timeout * 1000)

    def guard(route: Any) -> None:
        if target.allows(route.request.url):
            route.continue_()
        else:
            target.refused.append(route.request.url)
            route.abort("blockedbyclient")

    def seen(request: Any) -> None:  # every request of the pages, redirect hops included (which routes miss)
        if not target.allows(request.url) and request.url not in target.refused:
            target.refused.append(request.url)

    context.route("**/*", guard)  # refuses what pages start; a redirect hop is stopped by the guard proxy
    context.on("request", seen)  # and reported here, at the step that met it
    return context
