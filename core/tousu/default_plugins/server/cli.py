"""``tousu serve`` and ``tousu staff``: run the server, and give staff their credentials.

Both are operator commands: whoever can open the database file sets passwords and issues
tokens (docs/security.md). Secrets are printed once and stored only as hashes.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime
from typing import Any

import click

from tousu.errors import InputError
from tousu.messages import text

_json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
_org_option = click.option("--org", "org_id", required=True, metavar="ORG")


def _emit(document: Any) -> None:
    from tousu.render import dumps

    click.echo(dumps(document))


def _staff_of(app: Any, org_id: str, staff_id: str) -> Any:
    org = app.org(org_id)
    staff = org.staff.get(staff_id)
    if staff is None:
        known = ", ".join(org.staff) or text(org.language, "staff.none")
        raise InputError.of("staff.unknown", staff=staff_id, org=org_id, known=known)
    return org, staff


# -- serve --------------------------------------------------------------------------------


def _logging() -> None:
    """The server's own lines (JSON access log, errors) on stderr, one per line."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("tousu.access", "tousu.server"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


@click.command("serve")
@click.option("--host", metavar="HOST", help="Address to listen on (default [server] host, 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535), metavar="PORT", help="Port (default [server] port, 8000).")
@click.option("--workers", type=click.IntRange(1, 64), metavar="N", help="Worker processes (default 1).")
@click.pass_obj
def serve(env: Any, host: str | None, port: int | None, workers: int | None) -> None:
    """Run the desk server: the JSON API (and the pages plugins add) under uvicorn.

    Staff log in with the passwords `tousu staff set-password` gives them; SIGTERM finishes
    the requests in flight and stops.
    """
    import uvicorn

    from tousu.default_plugins.server.asgi import create_app

    config_path = env.config_path.resolve()
    app_config = env.app.config  # loads and migrates; a broken config stops here, one line
    settings = app_config.server
    host = host or settings.host
    port = settings.port if port is None else port
    workers = workers or settings.workers
    _logging()
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": False,  # ours is JSON lines without query strings (tousu.default_plugins.server.middleware)
        "server_header": False,
        "timeout_graceful_shutdown": 10,
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": ",".join(settings.trusted_proxies) or None,
        "lifespan": "on",
    }
    from tousu.default_plugins.operator_texts import language_of

    lang = language_of(env.app)
    if lang != "en":  # uvicorn's own start and stop lines are English: ours say it in the org's language
        options["log_level"] = "warning"
    click.echo(text(lang, "serve.listening", host=host, port=port, workers=workers), err=True)
    env.close()
    if workers > 1:  # each worker process builds its own app from $TOUSU_CONFIG
        os.environ["TOUSU_CONFIG"] = str(config_path)
        uvicorn.run("tousu.default_plugins.server.asgi:from_environment", factory=True, workers=workers, **options)
        return
    asgi = create_app(config_path, registry=env.registry)
    uvicorn.Server(uvicorn.Config(asgi, **options)).run()


# -- staff --------------------------------------------------------------------------------


@click.group("staff")
def staff() -> None:
    """Staff credentials for the server: passwords and API tokens (stored as hashes only)."""


def _read_password(lang: str) -> str:
    if sys.stdin.isatty():
        again = text(lang, "staff.prompt_again")
        return click.prompt(text(lang, "staff.prompt"), hide_input=True, confirmation_prompt=again)
    line = sys.stdin.readline()
    if not line:
        raise InputError.of("staff.no_password_input")
    return line.rstrip("\r\n")


@staff.command("set-password")
@_org_option
@click.argument("staff_id", metavar="STAFF")
@click.pass_obj
def set_password(env: Any, org_id: str, staff_id: str) -> None:
    """Set a staff member's password (prompted twice on a terminal, else one line from stdin).

    Their open login sessions end; API tokens stay.
    """
    from tousu.default_plugins.server import passwords
    from tousu.default_plugins.store.credentials import Credentials
    from tousu.timeutil import now, to_db

    app = env.app
    org, member = _staff_of(app, org_id, staff_id)
    password = _read_password(org.language)
    problem = passwords.check_strength(password)
    if problem:
        raise InputError(problem)
    hashed = passwords.hash_password(password, app.config.server.password_cost)
    at = to_db(now())
    with app.store.transaction():
        creds = Credentials(app.store)
        creds.set_password(org.id, member.id, hashed, at)
        ended = creds.revoke_staff(org.id, member.id, at, kinds=("session",))
    said = text(org.language, "staff.password_set", staff=member.id, org=org.id)
    click.echo(said + (text(org.language, "staff.sessions_ended", n=ended) if ended else ""))


@staff.command("token")
@_org_option
@click.argument("staff_id", metavar="STAFF")
@click.option("--name", required=True, metavar="NAME", help="What the token is for (hotline, webform).")
@click.option("--expires", default="90d", show_default=True, metavar="DURATION", help="Lifetime (30d, 12w), or 'never'.")
@_json_option
@click.pass_obj
def token(env: Any, org_id: str, staff_id: str, name: str, expires: str, as_json: bool) -> None:
    """Issue an API token for a staff member (an integration acting as them); printed once."""
    from tousu.default_plugins.server import auth
    from tousu.default_plugins.store.credentials import Credentials
    from tousu.timeutil import from_db, parse_duration, show

    app = env.app
    org, member = _staff_of(app, org_id, staff_id)
    name = name.strip()
    if not name or len(name) > 64 or not name.isprintable():
        raise InputError.of("staff.token_name")
    lifetime = None if expires.strip().lower() == "never" else parse_duration(expires, what="--expires")
    if Credentials(app.store).live_token_named(org.id, member.id, name) is not None:
        raise InputError.of("staff.token_exists", staff=member.id, name=name)
    secret, row = auth.issue(app, org.id, member.id, auth.API, lifetime, name=name)
    expires_at = show(from_db(row.expires_at), org.tz) if row.expires_at else None
    if as_json:
        _emit({"token": secret, "org": org.id, "staff": member.id, "name": name, "expires_at": expires_at})
        return
    click.echo(secret)
    from tousu.default_plugins.doors import humanize

    never = text(org.language, "staff.never")
    shown = humanize.instant(from_db(row.expires_at), org.tz, org.language) if row.expires_at else never
    said = text(org.language, "staff.token_issued", name=name, staff=member.id, org=org.id,
                expires=expires_at or never, expires_shown=shown)
    click.echo(said, err=True)


@staff.command("revoke")
@_org_option
@click.argument("staff_id", metavar="STAFF")
@click.option("--name", metavar="NAME", help="Only the API token of this name.")
@_json_option
@click.pass_obj
def revoke(env: Any, org_id: str, staff_id: str, name: str | None, as_json: bool) -> None:
    """End a staff member's access: one API token (--name), or every token, session and the password."""
    from tousu.default_plugins.store.credentials import Credentials
    from tousu.timeutil import now, to_db

    app = env.app
    org = app.org(org_id)  # a staff member already removed from tousu.toml can still be revoked
    at = to_db(now())
    with app.store.transaction():
        creds = Credentials(app.store)
        if name is not None:
            ended = creds.revoke_staff(org.id, staff_id, at, kinds=("api",), name=name)
            if not ended:
                raise InputError.of("staff.no_token", staff=staff_id, org=org.id, name=name)
            password = 0
        else:
            ended = creds.revoke_staff(org.id, staff_id, at)
            password = creds.remove_password(org.id, staff_id)
            if not ended and not password:
                raise InputError.of("staff.nothing_to_revoke", staff=staff_id, org=org.id)
    if as_json:
        _emit({"org": org.id, "staff": staff_id, "revoked": ended, "password_removed": bool(password)})
        return
    said = text(org.language, "staff.revoked", staff=staff_id, org=org.id, n=ended)
    click.echo(said + (text(org.language, "staff.password_removed") if password else ""))


@staff.command("list")
@_org_option
@_json_option
@click.pass_obj
def list_staff(env: Any, org_id: str, as_json: bool) -> None:
    """Who has a password and which tokens (name, created, last used, expiry); never a secret."""
    from tousu.default_plugins.doors import humanize
    from tousu.default_plugins.operator_texts import word
    from tousu.default_plugins.store.credentials import Credentials
    from tousu.timeutil import from_db, now, show

    app = env.app
    org = app.org(org_id)
    creds = Credentials(app.store)
    passwords = creds.passwords(org.id)
    tokens = creds.tokens(org.id)
    current = now()

    def when(text: str | None) -> str | None:
        return show(from_db(text).replace(microsecond=0), org.tz) if text else None

    def state(row: Any) -> str:
        if row.revoked_at:
            return "revoked"
        if row.expires_at and from_db(row.expires_at) <= current:
            return "expired"
        return "live" if row.staff in org.staff else "disabled"

    ids = list(org.staff) + sorted({*passwords, *(t.staff for t in tokens)} - set(org.staff))
    document = []
    for sid in ids:
        member = org.staff.get(sid)
        mine = [t for t in tokens if t.staff == sid]
        document.append(
            {
                "staff": sid,
                "role": member.role if member else None,
                "in_config": member is not None,
                "password": sid in passwords,
                "password_set_at": when(passwords.get(sid)),
                "sessions": sum(1 for t in mine if t.kind == "session" and state(t) == "live"),
                "tokens": [
                    {
                        "name": t.name,
                        "created_at": when(t.created_at),
                        "last_used_at": when(t.last_used_at),
                        "expires_at": when(t.expires_at),
                        "state": state(t),
                    }
                    for t in mine
                    if t.kind == "api"
                ],
            }
        )
    if as_json:
        _emit(document)
        return
    lang = org.language
    never = text(lang, "staff.never")

    def shown(value: str | None) -> str:
        if value is None:
            return never
        return value if lang == "en" else humanize.instant(datetime.fromisoformat(value), org.tz, lang)

    for entry in document:
        flag = "" if entry["in_config"] else text(lang, "staff.not_in_config")
        password = text(lang, "staff.yes" if entry["password"] else "staff.no")
        click.echo(text(lang, "staff.line", staff=entry["staff"], role=entry["role"] or "-", password=password,
                        sessions=entry["sessions"], flag=flag))
        for t in entry["tokens"]:
            click.echo(text(lang, "staff.token_line", name=t["name"], state=word(lang, t["state"]),
                            created=shown(t["created_at"]), used=shown(t["last_used_at"]), expires=shown(t["expires_at"])))


__all__ = ["serve", "staff"]
