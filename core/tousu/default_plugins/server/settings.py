"""The ``[server]`` table of ``tousu.toml``: where `tousu serve` listens and its login policy.

The server plugin's own table, registered through ``register_settings``
(`tousu.default_plugins.commands.Server`): `tousu.config` structures it with the rest of the
file by the one cattrs converter, for every command, so a mistyped key (``server.prot:
unknown key``) or a bad value is reported by `tousu list` as well as by `tousu serve`. Every
value has a default; a deployment without a ``[server]`` table serves on 127.0.0.1:8000.
"""

from __future__ import annotations

from datetime import timedelta

import attrs

#: scrypt's cost as log2(N): 2^17 with r=8, p=1 is OWASP's recommendation (128 MiB, ~0.5 s).
DEFAULT_PASSWORD_COST = 17


@attrs.frozen
class ServerConfig:
    """``[server]``: host, port, token lifetime, login limits, CORS origins, body limit."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    #: How long a login (POST /api/v1/login) stays valid; `tousu staff token` sets its own expiry.
    token_lifetime: timedelta = timedelta(hours=12)
    #: Failed logins allowed per staff member, and per client address, within `login_window`.
    login_failures: int = 5
    login_window: timedelta = timedelta(minutes=15)
    #: Browser origins allowed to call the API from another site; empty = CORS off.
    cors_origins: list[str] = attrs.field(factory=list)
    #: The largest request body read, in bytes (413 above it).
    max_body_bytes: int = 1024 * 1024
    #: Proxies whose X-Forwarded-For is believed (the client address that login limits see).
    trusted_proxies: list[str] = attrs.field(factory=list)
    #: log2 of scrypt's N for new password hashes (existing hashes keep their own cost).
    password_cost: int = DEFAULT_PASSWORD_COST



def problems(settings: ServerConfig, where: str) -> list[str]:
    """What is wrong with the values of ``[server]`` (types are checked by the converter)."""
    out = []
    if not 0 < settings.port < 65536:
        out.append(f"{where}.port: expected 1-65535, got {settings.port}")
    if not 1 <= settings.workers <= 64:
        out.append(f"{where}.workers: expected 1-64, got {settings.workers}")
    if settings.login_failures < 1:
        out.append(f"{where}.login_failures: expected at least 1, got {settings.login_failures}")
    if settings.token_lifetime <= timedelta(0) or settings.login_window <= timedelta(0):
        out.append(f"{where}.token_lifetime and {where}.login_window must be positive durations")
    if settings.max_body_bytes < 1024:
        out.append(f"{where}.max_body_bytes: expected at least 1024, got {settings.max_body_bytes}")
    if not 10 <= settings.password_cost <= 20:
        out.append(f"{where}.password_cost: expected 10-20 (log2 of scrypt's N), got {settings.password_cost}")
    for origin in settings.cors_origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            out.append(f"{where}.cors_origins: {origin!r} is not an origin such as https://desk.example.com")
    return out


__all__ = ["DEFAULT_PASSWORD_COST", "ServerConfig", "problems"]
