"""The default plugins' commands, added through ``register_commands`` like any plugin's.

Each class below is one default plugin (datasette's ``default_*`` modules): reporting, bulk
import and export, purge, the plugin listing, the demo, migrate, delivery, the HTTP server,
``init``, ``attach``, ``domains``, ``templates`` and ``verify``. The kernel names them only as
strings (`tousu.plugins.DEFAULT_COMMAND_PLUGINS`) and calls their hook with the command
group, as it calls every installed plugin's. A default plugin adds its command by name,
module and one-line summary (``cli.add_lazy_command``), so ``tousu --help`` lists it without
importing it and ``tousu --version`` never sees it; the module is imported when the command
runs.
"""

from __future__ import annotations

from typing import Any

from tousu import hookimpl


class Reporting:
    """Period statistics with every domain's `report_section`: the command, the API's
    ``/api/v1/reports`` and the desk's ``/reports`` page."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "report",
            "tousu.default_plugins.reporting.cli:report",
            "Period statistics with each domain's section: text, json, csv, md or a self-contained html page.",
        )

    @hookimpl
    def register_routes(self, register: Any) -> None:
        from tousu.default_plugins.reporting.routes import routes

        for route in routes():
            register(route)


class Bulk:
    """Import and export of whole registers."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "export",
            "tousu.default_plugins.bulk:export_command",
            "Write the organization's complaints and their histories as import reads them.",
        )
        cli.add_lazy_command(
            "import",
            "tousu.default_plugins.bulk:import_command",
            "Bring in a register (.jsonl or .csv): each record is an intake plus its recorded actions.",
        )


class Purge:
    """Erasing complainants' personal data past retention."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "purge",
            "tousu.default_plugins.purge:purge_command",
            "Erase complainants' names and contacts of complaints closed before DATE (or past retention).",
        )


class Listing:
    """``tousu plugins``: what is installed and who enables it."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "plugins",
            "tousu.default_plugins.listing_cli:plugins",
            "Installed plugins: version, status, hooks, domains, and which organizations enable them.",
        )


class Demo:
    """``tousu demo``: every domain's registered demo on a throwaway database."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "demo",
            "tousu.default_plugins.demo_cli:demo",
            "The whole product in two minutes on a throwaway database.",
        )


class Migrate:
    """``tousu migrate``: a SQLite deployment copied onto PostgreSQL, and the copy checked."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "migrate",
            "tousu.default_plugins.migrate_cli:migrate_command",
            "Copy this (SQLite) deployment into a PostgreSQL database and check the copy.",
        )


class Delivery:
    """The outbox's messages sent and e-mails taken in: ``deliver``, ``outbox``, ``mail-in``,
    and the delivery rounds in the background of ``tousu serve`` (``register_background``)."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "deliver",
            "tousu.default_plugins.delivery.cli:deliver_command",
            "Send the outbox's due messages (e-mail, signed webhook); failures are retried later.",
        )
        cli.add_lazy_command(
            "mail-in",
            "tousu.default_plugins.delivery.mailin:mail_in_command",
            "Take in e-mails (.eml files or Maildir folders): new complaints, or information on a case.",
        )
        cli.add_lazy_command(
            "outbox",
            "tousu.default_plugins.delivery.cli:outbox_command",
            "The messages waiting, sent and dead; `tousu outbox retry ID` sends a dead one again.",
        )

    @hookimpl
    def register_background(self, register: Any) -> None:
        def start(deployment: Any) -> Any:
            from tousu.default_plugins.delivery.deliver import BackgroundDelivery, interval_of

            delivery = BackgroundDelivery(deployment.app, interval_of(deployment.config))  # as `tousu deliver`
            delivery.start()
            return delivery

        register(start)


class Server:
    """The HTTP door: ``tousu serve`` (the JSON API, and the routes and background work the
    plugins add through ``register_routes`` and ``register_background``) and ``tousu staff``
    (the credentials its logins check)."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "serve",
            "tousu.default_plugins.server.cli:serve",
            "Run the desk server: the JSON API (and the pages plugins add) under uvicorn.",
        )
        cli.add_lazy_command(
            "staff",
            "tousu.default_plugins.server.cli:staff",
            "Staff credentials for the server: passwords and API tokens (stored as hashes only).",
        )


class Init:
    """``tousu init``: a starter ``tousu.toml`` (and ``init --add`` to grow one)."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "init",
            "tousu.default_plugins.init_config:init",
            "Write a starter tousu.toml with each plugin's default settings and the staff each plugin needs, and create the database; --add ORG --plugin P adds to an existing file.",
        )


class Attach:
    """``tousu attach``: the door of the attachments feature (the App's ``attach`` action decides)."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "attach",
            "tousu.default_plugins.attach_cli:attach_command",
            "Attach FILE to complaint ID (a photo, receipt, agreement or written reply).",
        )


class Domains:
    """``tousu domains``: what each installed domain defines."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "domains",
            "tousu.default_plugins.domain_listing:domains_command",
            "Each installed domain's channels, categories, tiers, actions, deadlines, steps and fields.",
        )


class Templates:
    """``tousu templates``: the reply and notify templates of an organization's domains."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "templates",
            "tousu.default_plugins.templates_cli:templates_command",
            "The reply and notify templates of an organization's domains (act ID reply --template NAME).",
        )


class Verify:
    """``tousu verify``: the hash chains and the attachment files checked."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        cli.add_lazy_command(
            "verify",
            "tousu.default_plugins.verify:verify_command",
            "Check that no event or audit row was changed, removed or inserted behind tousu's back.",
        )
