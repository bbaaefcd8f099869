"""Delivery: send what the outbox holds, at least once, each message with its idempotency key.

A message is claimed (its attempt counted, its ``next_at`` moved past a lease) in one short
transaction, sent with no transaction open, then marked sent — or, on failure, due again
after a backoff that doubles (``backoff`` … ``backoff_max``), and *dead* after
``max_attempts``. A sender killed between sending and marking leaves the message due again
when the lease runs out; the resend carries the same key (the webhook's ``Idempotency-Key``
and body ``key``, the e-mail's ``Message-ID``), so a receiver recognises it. The same
function runs from ``tousu deliver`` and in the background of ``tousu serve``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from tousu import __version__
from tousu.default_plugins.outbox.settings import NotifyConfig
from tousu.default_plugins.store.outbox import StoredMessage
from tousu.serialize import to_json
from tousu.timeutil import now as clock_now

#: A sender: sends one message through a channel, raises on failure.
Sender = Callable[[StoredMessage, NotifyConfig], None]


class DeliveryError(Exception):
    """A channel refused or could not take a message (retried later)."""


def signature(secret: str, body: bytes) -> str:
    """The ``X-Tousu-Signature`` header value for `body`: ``sha256=`` and the hex HMAC."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """A receiver's check of ``X-Tousu-Signature`` (constant-time), as docs/notifications.md shows."""
    return hmac.compare_digest(signature(secret, body), header or "")


def webhook_body(message: StoredMessage) -> bytes:
    """The JSON a webhook receives: the stored payload with the message's key."""
    payload = json.loads(message.payload)
    payload["key"] = message.key
    return to_json(payload, sort_keys=True).encode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # a redirect is a failure, never followed
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def send_webhook(message: StoredMessage, notify: NotifyConfig) -> None:
    hook = notify.webhook
    if hook is None:
        raise DeliveryError("no webhook configured ([orgs.X.notify.webhook])")
    body = webhook_body(message)
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"tousu/{__version__}",
            "Idempotency-Key": message.key,
            "X-Tousu-Signature": signature(hook.key(), body),
        },
    )
    try:
        with _OPENER.open(request, timeout=hook.timeout.total_seconds()) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"webhook answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"webhook unreachable: {reason}") from None
    if not 200 <= status < 300:
        raise DeliveryError(f"webhook answered HTTP {status}")


def email_message(message: StoredMessage, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.address
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=False)
    domain = sender.rpartition("@")[2].strip("> ") or "tousu.invalid"
    mail["Message-ID"] = f"<{message.key}@{domain}>"
    mail["X-Tousu-Key"] = message.key
    mail["Auto-Submitted"] = "auto-generated"
    mail["Content-Language"] = message.language
    mail.set_content(message.body)
    return mail


def send_email(message: StoredMessage, notify: NotifyConfig) -> None:
    channel = notify.email
    if channel is None:
        raise DeliveryError("no e-mail server configured ([orgs.X.notify.email])")
    try:
        with smtplib.SMTP(channel.host, channel.port, timeout=channel.timeout.total_seconds()) as smtp:
            if channel.starttls:
                smtp.starttls(context=ssl.create_default_context(cafile=channel.ca_file or None))
            credentials = channel.credentials()
            if credentials is not None:
                smtp.login(*credentials)
            smtp.send_message(email_message(message, channel.sender))
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"mail server answered {exc.smtp_code}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"mail server: {type(exc).__name__}: {exc}") from None


SENDERS: dict[str, Sender] = {"email": send_email, "webhook": send_webhook}


def backoff(notify: NotifyConfig, attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: ``backoff`` doubled each time, at most ``backoff_max``."""
    wait = notify.backoff * (2 ** max(attempts - 1, 0))
    return min(wait, notify.backoff_max)


def deliver(
    app: Any,
    org_id: str | None = None,
    *,
    at: datetime | None = None,
    senders: dict[str, Sender] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Send every message due at `at` (default now), one by one; return what became of each."""
    orgs = {o.id: o for o in ([app.org(org_id)] if org_id else app.config.orgs.values())}
    outbox = app.store.outbox()
    chosen = senders or SENDERS
    done: list[dict[str, Any]] = []
    while limit is None or len(done) < limit:
        when = at or clock_now()
        message = outbox.claim(when, lambda org: _notify(orgs[org]).lease, list(orgs))
        if message is None:
            break
        notify = _notify(orgs[message.org])
        try:
            sender = chosen.get(message.channel)
            if sender is None:
                raise DeliveryError(f"unknown channel {message.channel!r}")
            sender(message, notify)
        except DeliveryError as exc:
            error = str(exc)[:500]
            dead = message.attempts >= notify.max_attempts
            outbox.mark_failed(message.id, error, None if dead else when + backoff(notify, message.attempts))
            done.append(_outcome(message, "dead" if dead else "failed", error))
        else:
            outbox.mark_sent(message.id, at or clock_now())
            done.append(_outcome(message, "sent", ""))
    return done


def _notify(org: Any) -> NotifyConfig:
    return org.notify or NotifyConfig()


def _outcome(message: StoredMessage, result: str, error: str) -> dict[str, Any]:
    return {
        "id": message.id,
        "key": message.key,
        "org": message.org,
        "kind": message.kind,
        "channel": message.channel,
        "result": result,
        "attempts": message.attempts,
        "error": error,
    }


def interval_of(config: Any, default: float = 30.0) -> float:
    """Seconds between background rounds: the shortest ``deliver_every`` of the orgs that send."""
    everies = [
        org.notify.deliver_every.total_seconds()
        for org in config.orgs.values()
        if org.notify is not None and (org.notify.email is not None or org.notify.webhook is not None)
    ]
    return max(min(everies, default=default), 1.0)


class BackgroundDelivery:
    """`deliver` every `interval` seconds in a thread of its own, for ``tousu serve``.

    `open_app` gives the App to use from that thread (SQLite connections stay in the thread
    that opened them; the server's `Deployment.app` gives each thread its own). A failing
    round is logged and the next one runs as usual; `stop` waits for a round in progress.
    """

    def __init__(self, open_app: Callable[[], Any], interval: float = 30.0) -> None:
        import threading

        self.open_app = open_app
        self.interval = interval
        self.rounds = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tousu-deliver", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        import logging

        log = logging.getLogger("tousu.outbox")
        while not self._stop.is_set():
            try:
                done = deliver(self.open_app())
                if done:
                    sent = sum(d["result"] == "sent" for d in done)
                    log.info("outbox: %d sent, %d not yet", sent, len(done) - sent)
            except Exception as exc:  # the server keeps serving; the next round tries again
                log.warning("outbox delivery failed: %s: %s", type(exc).__name__, exc)
            self.rounds += 1
            self._stop.wait(self.interval)
