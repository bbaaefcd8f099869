"""Who is calling: staff logins, API tokens, sessions and the login throttle.

This is the one place a request becomes a staff member; the API and the desk's web pages
both call `identify` (a ``Authorization: Bearer`` token, or the `SESSION_COOKIE` the pages
set) and never take an actor from a request body.

- A password is checked with scrypt (`tousu.default_plugins.server.passwords`); an unknown organization or
  staff member, or one without a password, is checked against a dummy hash of the same cost,
  and every failure gives the same `LoginFailed` (same status, body and, near enough, time).
- A successful login issues a *session*: a random secret (``secrets.token_urlsafe``) of which
  only the SHA-256 is stored, valid for ``[server] token_lifetime``. ``tousu staff token``
  issues *API tokens* the same way with their own expiry.
- Before a password is checked the attempt is counted against the submitted staff member and
  against the client address; at ``[server] login_failures`` failures within
  ``login_window`` further attempts are refused with `Throttled` (HTTP 429, ``Retry-After``)
  without checking anything. A success clears the staff member's count.
- Every check of a token reads the current ``tousu.toml``: a staff member removed from it (or
  moved to another organization) has no valid token from that moment on; their role is
  always the one the file gives now.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta
from typing import Any

import attrs

from tousu.default_plugins.server import passwords
from tousu.default_plugins.store.credentials import Credentials, TokenRow
from tousu.models import Staff
from tousu.timeutil import from_db, to_db
from tousu.timeutil import now as clock_now

SESSION = "session"
API = "api"
TOKEN_PREFIX = "tsk_"
#: The cookie the desk's pages keep the session secret in (set by the web door).
SESSION_COOKIE = "tousu_session"
#: A token's ``last_used_at`` is written at most this often (every request would be a write).
TOUCH_EVERY = timedelta(minutes=1)
LOGIN_FAILED = "login failed: unknown organization or staff member, or wrong password"
_MAX_SECRET = 200


class LoginFailed(Exception):
    """Wrong password, unknown staff member or organization, no password set: all alike."""

    def __init__(self) -> None:
        super().__init__(LOGIN_FAILED)


class Throttled(Exception):
    """Too many failed logins for this staff member or this client address."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(f"too many failed logins; try again in {self.retry_after} seconds")


@attrs.frozen
class Identity:
    """A verified caller: the staff member as ``tousu.toml`` describes them now."""

    org: str
    staff: Staff
    token_id: str
    kind: str
    expires_at: datetime | None


def digest(secret: str) -> str:
    """What is stored of a secret: its SHA-256 (a fast hash suffices for 256 random bits)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def issue(
    app: Any, org_id: str, staff_id: str, kind: str, lifetime: timedelta | None, *, name: str = "",
    at: datetime | None = None,
) -> tuple[str, TokenRow]:
    """Store a new token or session for a staff member; returns the secret (shown once) and its row."""
    at = (at or clock_now()).replace(microsecond=0)
    secret = new_secret()
    token_id = secrets.token_hex(8)
    expires = to_db(at + lifetime) if lifetime is not None else None
    with app.store.transaction():
        creds = Credentials(app.store)
        creds.add_token(token_id, org_id, staff_id, kind, name, digest(secret), to_db(at), expires)
    return secret, TokenRow(token_id, org_id, staff_id, kind, name, to_db(at), expires, None, None)


def _staff(app: Any, org_id: str, staff_id: str) -> Staff | None:
    org = app.config.orgs.get(org_id) if isinstance(org_id, str) else None
    return org.staff.get(staff_id) if org is not None and isinstance(staff_id, str) else None


def login(app: Any, org_id: str, staff_id: str, password: str, client: str | None) -> tuple[str, Identity]:
    """Check a password and open a session; raises `LoginFailed` or `Throttled`."""
    settings = app.config.server
    now = clock_now()
    window_start = to_db(now - settings.login_window)
    keys = [f"staff:{org_id}/{staff_id}"] + ([f"addr:{client}"] if client else [])
    with app.store.transaction():
        creds = Credentials(app.store)
        creds.forget_failures_before(window_start)
        for key in keys:
            count, earliest = creds.failures_since(key, window_start)
            if count >= settings.login_failures:
                wait = (from_db(earliest) + settings.login_window - now).total_seconds() if earliest else 1
                raise Throttled(math.ceil(wait))
        # counted before checking, so parallel guesses cannot get past the limit
        attempt = creds.add_failure(keys, to_db(now))
        stored = creds.password_hash(org_id, staff_id) if _staff(app, org_id, staff_id) else None
    ok = passwords.verify_password(stored or passwords.dummy_hash(settings.password_cost), password)
    if not ok or stored is None:
        raise LoginFailed()
    staff = _staff(app, org_id, staff_id)
    if staff is None:  # removed from tousu.toml while the password was being checked
        raise LoginFailed()
    with app.store.transaction():
        creds = Credentials(app.store)
        creds.remove_failures(attempt)  # it was not a failure after all
        creds.clear_failures(keys[0])
        if passwords.needs_rehash(stored, settings.password_cost):
            creds.set_password(org_id, staff_id, passwords.hash_password(password, settings.password_cost), to_db(now))
        secret, row = issue(app, org_id, staff_id, SESSION, settings.token_lifetime, at=now)
    return secret, Identity(org_id, staff, row.id, SESSION, from_db(row.expires_at) if row.expires_at else None)


def authenticate(app: Any, secret: str | None) -> Identity | None:
    """The staff member a token or session secret belongs to, or None (unknown, expired,
    revoked, or its staff member is no longer in ``tousu.toml``)."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > _MAX_SECRET:
        return None
    creds = Credentials(app.store)
    row = creds.token_by_digest(digest(secret))
    if row is None or row.revoked_at is not None:
        return None
    now = clock_now()
    expires = from_db(row.expires_at) if row.expires_at else None
    if expires is not None and expires <= now:
        return None
    staff = _staff(app, row.org, row.staff)
    if staff is None:
        return None
    if row.last_used_at is None or from_db(row.last_used_at) + TOUCH_EVERY <= now:
        with app.store.transaction():
            creds.touch(row.id, to_db(now))
    return Identity(row.org, staff, row.id, row.kind, expires)


def logout(app: Any, identity: Identity) -> None:
    """End the session or token the request came with."""
    with app.store.transaction():
        Credentials(app.store).revoke(identity.token_id, to_db(clock_now()))


def bearer(headers: Any) -> str | None:
    """The secret of an ``Authorization: Bearer …`` header, or None."""
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def identify(app: Any, headers: Any, cookies: Any = None) -> Identity | None:
    """The caller of a request: its bearer token, else its session cookie (the web pages)."""
    secret = bearer(headers)
    if secret is None and cookies is not None:
        secret = cookies.get(SESSION_COOKIE)
    return authenticate(app, secret)


__all__ = [
    "API",
    "LOGIN_FAILED",
    "SESSION",
    "SESSION_COOKIE",
    "Identity",
    "LoginFailed",
    "Throttled",
    "authenticate",
    "bearer",
    "digest",
    "identify",
    "issue",
    "login",
    "logout",
]
