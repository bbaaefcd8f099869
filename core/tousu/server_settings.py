"""The ``[server]`` table of ``tousu.toml``: where `tousu serve` listens and its login policy.

Structured by the one cattrs converter like the rest of the file, so an unknown key is an
error (``server.prot: extra key``). Every value has a default; a deployment without a
``[server]`` table serves on 127.0.0.1:8000. It is the kernel's, not the server plugin's
(`tousu.default_plugins.server`): `tousu.config` validates the whole file for every command,
so a mistyped key here is reported by `tousu list` as well as by `tousu serve`.
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

    def problems(self) -> list[str]:
        """What is wrong with the values (types are checked by the converter)."""
        out = []
        if not 0 < self.port < 65536:
            out.append(f"server.port: expected 1-65535, got {self.port}")
        if not 1 <= self.workers <= 64:
            out.append(f"server.workers: expected 1-64, got {self.workers}")
        if self.login_failures < 1:
            out.append(f"server.login_failures: expected at least 1, got {self.login_failures}")
        if self.token_lifetime <= timedelta(0) or self.login_window <= timedelta(0):
            out.append("server.token_lifetime and server.login_window must be positive durations")
        if self.max_body_bytes < 1024:
            out.append(f"server.max_body_bytes: expected at least 1024, got {self.max_body_bytes}")
        if not 10 <= self.password_cost <= 20:
            out.append(f"server.password_cost: expected 10-20 (log2 of scrypt's N), got {self.password_cost}")
        for origin in self.cors_origins:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                out.append(f"server.cors_origins: {origin!r} is not an origin such as https://desk.example.com")
        return out


__all__ = ["DEFAULT_PASSWORD_COST", "ServerConfig"]
