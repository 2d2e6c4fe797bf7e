"""`guidegen studio`: serve the studio on 127.0.0.1 (or also on the local network), print its address, open it."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import webbrowser
from pathlib import Path

import click

from generator.errors import GuidegenError
from generator.studio.app import create_app
from generator.studio.security import new_token

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8765


def local_addresses() -> list[str]:
    """The machine's names and addresses as colleagues' browsers reach it (for 0.0.0.0)."""
    found = {socket.gethostname()}
    with contextlib.suppress(OSError):
        found |= set(socket.gethostbyname_ex(socket.gethostname())[2])
    return sorted(found)


def free_port(bind: str, port: int) -> int:
    """`port` if it can be bound on `bind`, else a free one (a second studio, or a port in use)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((bind, port))
            return probe.getsockname()[1]  # port 0: the one the system chose
        except OSError:
            probe.bind((bind, 0))
            return probe.getsockname()[1]


def serve_studio(root: Path, *, host: str | None = None, port: int = DEFAULT_PORT, open_browser: bool = True) -> None:
    """Serve the studio until Ctrl-C; 127.0.0.1 only unless `host` names an address to share it on."""
    import uvicorn

    if not (root / "content" / "settings.yaml").is_file():
        raise GuidegenError(f"{root} has no content/settings.yaml: run the studio in a guidegen project")
    bind = host or "127.0.0.1"
    port = free_port(bind, port)
    addresses = tuple(local_addresses()) if bind == "0.0.0.0" else (bind,)
    token = new_token()
    app = create_app(root, token, addresses=addresses, port=port, warm=True)
    shown = addresses[-1] if host else "127.0.0.1"
    url = f"http://{shown}:{port}/?token={token}"
    click.echo(f"studio: {url}")
    if host:
        click.echo("warning: the studio is shared on the local network over plain HTTP: anyone on the network "
                   "can see the traffic, and anyone with this address (it holds the key) can edit. Share it only "
                   "on the centre's own network, and stop the studio (Ctrl-C) when you are done.", err=True)
        for address in addresses:
            click.echo(f"  also: http://{address}:{port}/?token={token}", err=True)
    if open_browser:
        threading.Timer(0.8, lambda: webbrowser.open(f"http://127.0.0.1:{port}/?token={token}")).start()
    uvicorn.run(app, host=bind, port=port, log_level="warning", access_log=False)
