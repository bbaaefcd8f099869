"""Abuse defences of the public pages: rate limits, a form token with a fill time, a honeypot.

- **Rate limit**: at most ``rate_limit`` requests per client address per minute on the form
  and the status page (answered 429 with ``Retry-After``), counted in this process's memory
  (``tousu serve`` runs one process). The address is the one uvicorn reports, which honours
  ``X-Forwarded-For`` only from ``forwarded_allow_ips``.
- **Form token**: the form carries ``started``, the time it was served, signed with a key of
  this process; a submission sooner than ``min_fill_seconds`` after it, or with a token that
  does not verify, is refused — bots post at once, people take a few seconds. (After a
  restart an old form is refused once; reloading it gives a fresh one.)
- **Honeypot**: a field named ``website`` that people never see (hidden by the stylesheet) and
  bots fill in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

HONEYPOT = "website"
WINDOW_SECONDS = 60.0
_KEY = secrets.token_bytes(32)


class RateLimiter:
    """A sliding window of request times per (area, client address)."""

    def __init__(self) -> None:
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, area: str, client: str, limit: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        key = (area, client)
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - WINDOW_SECONDS:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            if len(self._hits) > 100_000:  # a flood of addresses: forget the quiet ones
                for stale in [k for k, v in self._hits.items() if not v or v[-1] <= now - WINDOW_SECONDS]:
                    del self._hits[stale]
            return True


LIMITER = RateLimiter()


def form_token(now: float | None = None) -> str:
    """``started`` for a form served now: the time and its HMAC."""
    stamp = f"{(time.time() if now is None else now):.3f}"
    return f"{stamp}.{_sign(stamp)}"


def fill_time(token: str, now: float | None = None) -> float | None:
    """Seconds since the form of `token` was served, or None when the token is not ours."""
    try:  # the stamp itself contains a dot: split at the last one
        stamp, mac = (token or "").rsplit(".", 1)
        started = float(stamp)
    except ValueError:
        return None
    if not hmac.compare_digest(_sign(stamp), mac):
        return None
    return (time.time() if now is None else now) - started


def _sign(stamp: str) -> str:
    return hmac.new(_KEY, stamp.encode(), hashlib.sha256).hexdigest()[:32]
