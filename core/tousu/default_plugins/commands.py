"""The default plugins' commands, added through ``register_commands`` like any plugin's.

Each class below is one default plugin (datasette's ``default_*`` modules): the core's own
commands (``intake``, ``act``, ``show``, ``list``, ``init``, ``attach``, ``domains``, ``templates``, ``verify``, …),
reporting, bulk import and export, purge, the plugin listing, the demo, migrate, delivery, the
HTTP server. The kernel names them only as strings
(`tousu.plugins.DEFAULT_COMMAND_PLUGINS`) and calls their hook with the command group, as it
calls every installed plugin's. A default plugin adds its command by name,
module and one-line summary (``cli.add_lazy_command``), so ``tousu --help`` lists it without
importing it and ``tousu --version`` never sees it; the module is imported when the command
runs.
"""

from __future__ import annotations

from typing import Any

from tousu import hookimpl

#: The core's own commands (recording, reading, attach, calendar, domains, rezone, templates):
#: name -> (module:attribute, the first sentence of its help, from which ``tousu --help`` makes
#: its one-line summary; tests/test_cli_start.py holds each equal to the command's own).
CORE_COMMANDS: dict[str, tuple[str, str]] = {
    "act": ("tousu.default_plugins.core_commands.recording:act", "One lifecycle action (core or plugin-defined) on a complaint."),
    "attach": ("tousu.default_plugins.core_commands.attach_cli:attach_command", "Attach FILE to complaint ID (a photo, receipt, agreement or written reply)."),
    "calendar": ("tousu.default_plugins.core_commands.calendar_cli:calendar_command", "List each date from --from to --to: worked or not, its hours and why (holiday, make-up day, weekend)."),
    "compensate": ("tousu.default_plugins.core_commands.recording:compensate", "The compensation breakdown for a complaint, from facts (--field K=V or --facts FILE.toml)."),
    "domains": ("tousu.default_plugins.core_commands.domain_listing:domains_command", "Each installed domain's channels, categories, tiers, actions, deadlines, steps and fields."),
    "due": ("tousu.default_plugins.core_commands.reading:due", "The daily list: overdue first (most overdue on top), then what falls due within the horizon."),
    "init": ("tousu.default_plugins.core_commands.init_config:init", "Write a starter tousu.toml with each plugin's default settings and the staff each plugin needs, and create the database; --add ORG --plugin P adds to an existing file."),
    "intake": ("tousu.default_plugins.core_commands.recording:intake", "Record a complaint; prints its id, tier, category, status and deadlines."),
    "list": ("tousu.default_plugins.core_commands.reading:list_command", "Complaints of an organization, newest first (personal data in summaries masked unless the actor may see it)."),
    "rebuild": ("tousu.default_plugins.core_commands.reading:rebuild", "Recompute the complaint, deadline, step and link tables from the event history."),
    "rezone": ("tousu.default_plugins.core_commands.rezone:rezone_command", "After changing orgs.ORG.timezone: recompute the organization's months in the new zone."),
    "show": ("tousu.default_plugins.core_commands.reading:show_command", "The complaint, its deadlines (state as of --at), open steps and full history."),
    "sweep": ("tousu.default_plugins.core_commands.recording:sweep", "Record breached deadlines and apply time-based escalations (idempotent at the same --at)."),
    "templates": ("tousu.default_plugins.core_commands.templates_cli:templates_command", "The reply and notify templates of an organization's domains (act ID reply --template NAME)."),
    "verify": ("tousu.default_plugins.verify:verify_command", "Check that no event or audit row was changed, removed or inserted behind tousu's back."),
}


class CoreCommands:
    """The core's own commands, a default plugin like the others: the kernel keeps the group,
    the exit codes and what every command shares (`tousu.door`); the commands live in
    `tousu.default_plugins.core_commands`."""

    @hookimpl
    def register_commands(self, cli: Any) -> None:
        for name, (target, summary) in CORE_COMMANDS.items():
            cli.add_lazy_command(name, target, summary)


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

    @hookimpl
    def register_settings(self, register: Any) -> None:
        from tousu.default_plugins.server import settings

        register("server", settings.ServerConfig, settings.problems)




