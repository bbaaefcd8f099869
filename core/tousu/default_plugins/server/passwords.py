"""Password hashing with the standard library's scrypt: memory-hard, no extra dependency.

A stored hash reads ``scrypt$<log2 N>$<r>$<p>$<salt>$<key>`` (base64 without padding), so
each hash carries its own cost and a deployment can raise ``[server] password_cost`` without
invalidating existing passwords (`needs_rehash` tells the login to re-hash them). At most
`CONCURRENT` hashes run at once: each takes 128 MiB at the default cost, and a burst of
logins must not exhaust the machine.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from functools import lru_cache

R, P, KEY_BYTES, SALT_BYTES = 8, 1, 32, 16
#: Hashes computed at the same time, process-wide (memory: 128 MiB each at cost 17).
CONCURRENT = 2
_slots = threading.BoundedSemaphore(CONCURRENT)
MIN_LENGTH = 8
MAX_LENGTH = 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, cost: int, r: int, p: int) -> bytes:
    n = 1 << cost
    with _slots:
        return hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=2 * 128 * r * n * p + (1 << 20)
        )


def check_strength(password: str) -> str | None:
    """Why `password` cannot be used, or None (length only: staff choose, the desk is not a bank)."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"a password has at most {MAX_LENGTH} characters"
    if password != password.strip():
        return "a password cannot start or end with a space"
    return None


def hash_password(password: str, cost: int) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, cost, R, P)
    return f"scrypt${cost}${R}${P}${_b64(salt)}${_b64(key)}"


def verify_password(stored: str, password: str) -> bool:
    """Whether `password` matches `stored` (constant-time comparison of the derived keys)."""
    try:
        scheme, cost, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = _unb64(key)
        actual = _derive(password[:MAX_LENGTH], _unb64(salt), int(cost), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str, cost: int) -> bool:
    parts = stored.split("$")
    return len(parts) != 6 or parts[1:4] != [str(cost), str(R), str(P)]


@lru_cache(maxsize=4)
def dummy_hash(cost: int) -> str:
    """A hash of a random password at `cost`: an unknown staff member is checked against it,
    so that a login for nobody takes as long as a login for somebody."""
    return hash_password(secrets.token_urlsafe(16), cost)


__all__ = ["check_strength", "dummy_hash", "hash_password", "needs_rehash", "verify_password"]
