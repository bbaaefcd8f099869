"""``tousu demo --serve``: the demo's database served on loopback, a password for each demo staff member.

After the demo has told its story, a newcomer can open the desk of each domain and click
through the same complaints: every demo staff member gets a fresh random password (printed
beside the URL, never stored in clear), the server listens on 127.0.0.1 only, and the whole
throwaway folder is removed when the server stops (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w

#: scrypt cost for the throwaway demo's passwords (2^12: instant logins on a laptop).
DEMO_PASSWORD_COST = 12


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(config: Path, port: int) -> dict[tuple[str, str], str]:
    """Add a loopback ``[server]`` table and set a random password for every staff member."""
    from tousu.compose import opened_store
    from tousu.config import load_config
    from tousu.default_plugins.server import passwords
    from tousu.plugins import load_registry
    from tousu.timeutil import now, to_db

    document = tomllib.loads(config.read_text(encoding="utf-8"))
    document["server"] = {"host": "127.0.0.1", "port": port, "password_cost": DEMO_PASSWORD_COST}
    config.write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_config(config, load_registry())
    store = opened_store(str(loaded.database_path), loaded.synchronous)
    created: dict[tuple[str, str], str] = {}
    try:
        store.migrate()
        with store.transaction():
            creds = store.credentials()
            for org in loaded.orgs.values():
                for staff_id in org.staff:
                    password = secrets.token_urlsafe(9)
                    creds.set_password(org.id, staff_id, passwords.hash_password(password, DEMO_PASSWORD_COST), to_db(now()))
                    created[(org.id, staff_id)] = password
    finally:
        store.close()
    return created


def serve(config: Path, port: int, echo: Callable[[str], None], *, run: Callable[[Any], None] | None = None) -> None:
    """Print how to sign in, then serve the demo deployment until interrupted."""
    import uvicorn

    from tousu.config import load_config
    from tousu.default_plugins.server.asgi import create_app
    from tousu.plugins import load_registry

    port = port or free_port()
    logins = prepare(config, port)
    loaded = load_config(config, load_registry())
    url = f"http://127.0.0.1:{port}/login"
    echo(f"\n{'=' * 72}\nThe demo's desk is open at {url}  (Ctrl-C stops it and removes the demo)\n{'=' * 72}")
    for org in loaded.orgs.values():
        echo(f"\norganization {org.id}  ({org.name})")
        for staff_id, staff in org.staff.items():
            echo(f"  staff {staff_id:<8} role {staff.role:<18} password {logins[(org.id, staff_id)]}")
    asgi = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(asgi, host="127.0.0.1", port=port, workers=1, access_log=False, server_header=False,
                       log_level="warning")
    )
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled: the demo ends normally
        (run or (lambda s: s.run()))(server)
