"""``[orgs.X.notify]`` and ``[orgs.X.public]``: how an organization's messages leave, and its public pages.

The outbox's own tables, registered through ``register_settings``
(`tousu.default_plugins.features.Outbox`: the public pages' address is in its messages' links,
so the table is the outbox's, not the ``public`` plugin's, which ``TOUSU_LOAD_PLUGINS`` may
leave out): `tousu.config` structures them with the rest of ``tousu.toml`` by the one cattrs
converter, for every command (unknown keys are errors with their path). Secrets may come from the environment: the SMTP login always does
(``username_env`` / ``password_env`` name the variables), the webhook secret may
(``secret_env``), so a config file can be shared without them.
"""

from __future__ import annotations

import os
from datetime import timedelta

import attrs
from cattrs.gen import make_dict_structure_fn, override

from tousu.serialize import converter

#: Attempts before a message is dead (listed by ``tousu outbox --status dead``).
MAX_ATTEMPTS = 8


@attrs.frozen
class EmailChannel:
    """``[orgs.X.notify.email]``: an SMTP server reached with the standard library's client."""

    host: str
    sender: str  # the TOML key is ``from``
    port: int = 25
    starttls: bool = False
    username_env: str = "TOUSU_SMTP_USERNAME"
    password_env: str = "TOUSU_SMTP_PASSWORD"
    timeout: timedelta = timedelta(seconds=30)
    #: a CA bundle to trust for STARTTLS (a private mail server's own CA); default: the system's.
    ca_file: str = ""

    def credentials(self) -> tuple[str, str] | None:
        user = os.environ.get(self.username_env, "")
        return (user, os.environ.get(self.password_env, "")) if user else None


@attrs.frozen
class WebhookChannel:
    """``[orgs.X.notify.webhook]``: a JSON POST signed ``X-Tousu-Signature: sha256=HMAC(secret, body)``."""

    url: str
    secret: str = ""
    secret_env: str = ""
    timeout: timedelta = timedelta(seconds=30)

    def key(self) -> str:
        return (os.environ.get(self.secret_env, "") if self.secret_env else "") or self.secret


@attrs.frozen
class NotifyConfig:
    """``[orgs.X.notify]``: the channels, the staff's and departments' addresses, retries."""

    email: EmailChannel | None = None
    webhook: WebhookChannel | None = None
    #: staff id → address for staff alerts (breaches, warnings); without one the webhook gets the id.
    staff: dict[str, str] = attrs.field(factory=dict)
    #: department → address (the department a complaint was forwarded to is alerted too).
    departments: dict[str, str] = attrs.field(factory=dict)
    max_attempts: int = MAX_ATTEMPTS
    #: first wait after a failure; each further failure doubles it, up to `backoff_max`.
    backoff: timedelta = timedelta(seconds=30)
    backoff_max: timedelta = timedelta(hours=6)
    #: how long a sender holds a message it is sending (a killed sender's message is due again after it).
    lease: timedelta = timedelta(minutes=2)
    #: how often ``tousu serve`` delivers in the background (the shortest of its organizations').
    deliver_every: timedelta = timedelta(seconds=30)
    #: send the complainant messages (acknowledgments, answers); false keeps only staff alerts.
    complainants: bool = True


@attrs.frozen
class PublicConfig:
    """``[orgs.X.public]``: the public complaint form and status page."""

    enabled: bool = False
    #: where the public pages are reached from outside, for links in messages (``https://desk.example``).
    base_url: str = ""
    min_fill_seconds: int = 3
    #: requests per address per minute on the form and the status page.
    rate_limit: int = 20
    max_body_bytes: int = 64 * 1024


converter.register_structure_hook(
    EmailChannel,
    make_dict_structure_fn(EmailChannel, converter, _cattrs_forbid_extra_keys=True, sender=override(rename="from")),
)


def notify_problems(notify: NotifyConfig, where: str) -> list[str]:
    """What is wrong with ``[orgs.X.notify]`` beyond types: one ``path: expected ...`` line each."""
    found = []
    if notify.max_attempts < 1:
        found.append(f"{where}.max_attempts: expected a whole number of at least 1, got {notify.max_attempts}")
    for name in ("backoff", "lease", "deliver_every"):
        if getattr(notify, name).total_seconds() < 1:
            found.append(f"{where}.{name}: expected a duration of at least 1s, got {getattr(notify, name)}")
    if notify.email is not None and not 0 < notify.email.port < 65536:
        found.append(f"{where}.email.port: expected a port number 1-65535, got {notify.email.port}")
    if notify.webhook is not None and not notify.webhook.url.startswith(("http://", "https://")):
        found.append(f"{where}.webhook.url: expected an http:// or https:// address, got {notify.webhook.url!r}")
    if notify.webhook is not None and not notify.webhook.key() and not notify.webhook.secret_env:
        found.append(f"{where}.webhook.secret: a webhook needs a secret (or secret_env) to sign its messages")
    return found


def public_problems(public: PublicConfig, where: str) -> list[str]:
    """What is wrong with ``[orgs.X.public]`` beyond types."""
    found = []
    if public.min_fill_seconds < 0:
        found.append(f"{where}.min_fill_seconds: expected 0 or more, got {public.min_fill_seconds}")
    if public.rate_limit < 1:
        found.append(f"{where}.rate_limit: expected at least 1, got {public.rate_limit}")
    return found
