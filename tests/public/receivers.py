"""Real receivers on loopback ports for the outbox's channels: an SMTP server and a webhook.

Both run in a thread of the test process and speak their protocol over a real socket, so
`tousu deliver` (in-process or as a separate process) talks to them exactly as to a mail
server or an integration. The webhook receiver checks ``X-Tousu-Signature`` the way
docs/notifications.md tells a receiver to, and recognises a resend by its key.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import http.server
import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough ESMTP for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._say("220 loopback test SMTP ready")
        recipients: list[str] = []
        tls = self.server.tls  # type: ignore[attr-defined]
        users = self.server.users  # type: ignore[attr-defined]
        secure, user = False, None
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            upper = command.upper()
            if upper.startswith("EHLO"):
                offers = [b"250-loopback"]
                if tls is not None and not secure:
                    offers.append(b"250-STARTTLS")
                if users and (secure or tls is None):
                    offers.append(b"250-AUTH PLAIN")
                self.wfile.write(b"\r\n".join([*offers, b"250 8BITMIME"]) + b"\r\n")
            elif upper == "STARTTLS" and tls is not None:
                self._say("220 go ahead")
                self.wfile.flush()
                self.connection = tls.wrap_socket(self.connection, server_side=True)
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb", buffering=0)
                secure = True
            elif upper.startswith("AUTH PLAIN "):
                import base64

                _, name, password = base64.b64decode(command[11:]).decode().split("\0")
                if users.get(name) == password:
                    user = name
                    self._say("235 authenticated")
                else:
                    self._say("535 bad credentials")
            elif upper.startswith("MAIL FROM:") and users and user is None:
                self._say("530 authentication required")
            elif upper.startswith("HELO"):
                self._say("250 loopback")
            elif upper.startswith("MAIL FROM:"):
                recipients = []
                self._say("250 ok")
            elif upper.startswith("RCPT TO:"):
                recipients.append(command[8:].strip(" <>"))
                self._say("250 ok")
            elif upper == "DATA":
                self._say("354 end with <CRLF>.<CRLF>")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                message["X-Test-Secure"] = str(secure)
                message["X-Test-User"] = str(user)
                self.server.received.append((recipients, message))  # type: ignore[attr-defined]
                self._say("250 queued")
            elif upper in ("RSET", "NOOP"):
                self._say("250 ok")
            elif upper == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def smtp_server(tls: Any = None, users: dict[str, str] | None = None) -> Iterator[Any]:
    """A mail server on 127.0.0.1 (``.port``); ``.received`` lists (recipients, message).

    `tls`: an `ssl.SSLContext` to offer STARTTLS with; `users`: name → password it requires
    (AUTH PLAIN, only over TLS when `tls` is given). Each message received notes both.
    """
    server = _Server(("127.0.0.1", 0), _SMTPHandler)
    server.received = []  # type: ignore[attr-defined]
    server.tls = tls  # type: ignore[attr-defined]
    server.users = users or {}  # type: ignore[attr-defined]
    server.port = server.server_address[1]  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class Receiver:
    """What a careful integration does with tousu's webhook: verify, then deduplicate by key."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.requests: list[dict[str, Any]] = []  # every POST, as received
        self.accepted: dict[str, dict[str, Any]] = {}  # key → payload, each key once
        self.fail_next = 0  # answer the next N requests with HTTP 500
        self.hang_first = False  # take the first message, then never answer
        self.got_request = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    def verified(self, body: bytes, header: str) -> bool:
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, header)

    def handle(self, body: bytes, headers: Any) -> int:
        valid = self.verified(body, headers.get("X-Tousu-Signature", ""))
        payload = json.loads(body) if valid else None
        with self.lock:
            self.requests.append({"valid": valid, "payload": payload, "headers": dict(headers)})
            hang = self.hang_first and len(self.requests) == 1
            if not valid:
                return 401
            if self.fail_next > 0:
                self.fail_next -= 1
                return 500
            key = payload["key"]
            assert headers.get("Idempotency-Key") == key
            self.accepted.setdefault(key, payload)  # a resend of a known key is acknowledged, not kept twice
        self.got_request.set()
        if hang:
            self.release.wait(60)
        return 200


@contextmanager
def webhook_receiver(secret: str) -> Iterator[tuple[Receiver, str]]:
    """A receiver on 127.0.0.1 and its URL."""
    receiver = Receiver(secret)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = receiver.handle(body, self.headers)
            try:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:  # the sender was killed while we waited
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
