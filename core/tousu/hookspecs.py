"""The hook contract between the tousu core and its domain plugins.

Three families, enforced by a test: ``register_*`` (a plugin contributes something),
``complaint_*`` (a decision or consequence about one complaint) and ``report_*`` (figures or
obligations for a period). Argument names are API: pluggy matches them by name, so specs grow
only by adding arguments, and an implementation may take any subset of them (never with
defaults).

The vocabulary:

- ``complaint``: `tousu.models.Complaint`, the complaint as it stands before the action;
- ``org``: `tousu.models.Org`, the complaint's organization;
- ``settings``: this plugin's own structured settings for ``org`` (its ``settings_class``);
- ``actor``: `tousu.models.Staff`, who is acting;
- ``action``: `tousu.models.Action`, the action's name with its ``--to`` / ``--note``;
- ``facts``: ``dict[str, Any]`` of ``--field K=V`` values (or a ``--facts`` file);
- ``store``: the deployment's store (`tousu.store_surface.StoreSurface`), read access to the database inside the transaction;
- ``now``: the aware instant the command acts at (``--at``);
- ``period``: `tousu.models.Period`;
- ``register``: a callback that records a contribution and the plugin that made it;
- ``cli``: the ``tousu`` click group.

``complaint_*`` hooks are called only for plugins that the complaint's organization enables,
and of those only for plugins that registered the complaint's domain or registered no domain
at all (cross-cutting plugins). ``report_*`` hooks are called for every plugin the
organization enables. Each call passes the calling plugin its own ``settings``.

Dispatch is pluggy's own (`tousu.hooks`): ``firstresult`` hooks stop at the first non-None
answer, ``tryfirst``/``trylast`` order the plugins, and wrappers (``wrapper=True`` or
``hookwrapper=True``) see the other plugins' answers. Any exception a plugin raises in any
hook, ``register_*`` included, is reported as "plugin X failed in hook Y: …"; a value of the
wrong type (or a model built with a wrong field) is refused the same way.

The hooks through which tousu's own features that are default plugins (corrections,
attachments, reply templates, the outbox) take part in an action are theirs, not plugin API:
`tousu.default_plugins.feature_specs`, loaded into the default plugins' registry by name
(`tousu.plugins.FEATURE_SPECS`); the App sees them as `tousu.hooks.Features`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pluggy

from tousu.models import (
    Action,
    Classification,
    Compensation,
    Complaint,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    EscalationWatch,
    Org,
    OrgDeadline,
    Period,
    ReportSection,
    Staff,
)

hookspec = pluggy.HookspecMarker("tousu")


@hookspec
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    """Describe the domain(s) this plugin provides.

    :param register: call ``register(DomainSpec(...))`` once per domain. The spec's
        ``plugin`` must be this plugin's entry-point name.
    Collect-all; called once when the plugin manager is built, outside any transaction.
    Returns nothing.
    """


@hookspec
def register_commands(cli: Any) -> None:
    """Add CLI commands, e.g. ``@cli.group() def retail(): ...`` for ``tousu retail ...``.

    :param cli: the ``tousu`` click group.
    Collect-all; called lazily, only when the CLI looks up a command it does not know.
    Returns nothing. Commands run their own transactions through `tousu.app.App`.
    """


@hookspec
def register_migrations(register: Callable[[str, str | Callable[[Any], None]], None]) -> None:
    """Contribute schema migrations for this plugin's own tables (prefixed with its name).

    :param register: call ``register(name, sql)`` with the SQL text the store runs (portable
        DDL: ``CREATE TABLE``/``CREATE INDEX`` with TEXT, INTEGER and primary keys); the plugin
        then reads and writes its table through ``store.own_rows`` / ``store.put_own_rows``.
        (``register(name, fn)`` with ``fn(db)`` receiving the SQLite store's sqlite-utils
        ``Database`` still works, for the SQLite store only; ``tousu.received_rollup(domain,
        columns=…, clocks=…)`` is such a function for both stores: the database then keeps the
        domain's complaints grouped as ``store.received_tally`` groups them, tousu.default_plugins.store.rollups.)
        Each name runs once per
        database, in registration order, and is recorded in ``_migrations``.
    Collect-all; called once when the plugin is loaded (a failure lists the plugin as broken
    and makes the organizations enabling it unavailable); each ``fn`` runs when a database is
    opened, inside the migration transaction.
    """


@hookspec
def register_stores(register: Callable[[Callable[[str, str, bool], Any]], None]) -> None:
    """Offer a store: the object the App keeps every complaint in (`tousu.store_surface` and the default plugins' surfaces).

    :param register: call ``register(opener)``; ``opener(database, synchronous, threads)`` is given
        the configured database (a file path, or a URL), SQLite's ``synchronous`` setting and
        whether the store will be used from several threads, one at a time (the server's one
        writer: a SQLite connection must then allow it), and
        returns a store for it, or None when that database is not its kind. The installed
        plugins' openers are asked first, in load order, then the default store's
        (`tousu.default_plugins.store`: SQLite, and PostgreSQL for a ``postgresql://`` URL),
        which always answers; the first store returned is the deployment's.
    Collect-all; called once when the plugin is loaded; each ``opener`` runs when a database
    is opened (`tousu.compose.open_store`), before its migrations.
    """


@hookspec
def register_routes(register: Callable[..., None]) -> None:
    """Add HTTP routes to ``tousu serve`` (the desk's web pages, the public form).

    :param register: call ``register(path, endpoint, methods=["GET"], name=None)`` with a
        Starlette endpoint (``def page(request) -> Response``; a plain ``def`` runs in a
        worker thread), or ``register(route)`` with any Starlette route (a ``Mount`` of
        static files). Paths under ``/api/`` and ``/healthz`` belong to the core and are
        refused. In an endpoint (the server is the default plugin `tousu.default_plugins.server`),
        ``tousu.default_plugins.server.asgi.deployment(request).app()`` is the thread's
        `tousu.app.App` and ``tousu.default_plugins.server.auth.identify(app,
        request.headers, request.cookies)`` the logged-in staff member (or None).
    Collect-all; called once when the server's app is built. Returns nothing.
    """


@hookspec
def register_background(register: Callable[[Callable[[Any], Any]], None]) -> None:
    """Add work that ``tousu serve`` runs beside the requests (the outbox's delivery rounds).

    :param register: call ``register(start)``; ``start(deployment)`` is called once when the
        server starts, and returns what it started (an object with ``stop()``, called when the
        server stops, in reverse order) or None. ``deployment.app()`` is the calling thread's
        `tousu.app.App` (SQLite connections stay in the thread that opened them: call it from
        the thread that uses it) and ``deployment.config`` the current config.
    Collect-all; called once when the server's app is built. A plugin whose hook or ``start``
    fails is logged and left out; the server still serves. Returns nothing.
    """


@hookspec
def register_demos(register: Callable[[Any], None]) -> None:
    """Contribute this domain's part of ``tousu demo``.

    :param register: call ``register(tousu.demo.Demo(domain=..., title=..., staff=..., run=fn))``;
        ``fn(script)`` receives a `tousu.demo.DemoScript` whose ``run("intake", ...)`` executes
        a real ``tousu`` command against the throwaway database and prints it with its output.
    Collect-all; called only by ``tousu demo``.
    """


@hookspec
def register_calendars(register: Callable[[Any], None]) -> None:
    """Contribute holiday data that an organization's calendar can name as its ``source``.

    :param register: call ``register(tousu.calendar.CalendarSource(...))`` once per calendar
        (``name`` is what ``[orgs.ID.calendar] source`` says, e.g. ``"cn"``; ``source`` names
        where the facts come from; ``years`` lists every year the data is complete for).
    Collect-all; called when the config is read, outside any transaction, for every installed
    plugin (a calendar is data, so the organization need not enable the plugin). Returns nothing.
    """


@hookspec
def register_locales(register: Callable[[Any], None]) -> None:
    """Contribute how a country writes phone numbers and the words its people answer with.

    :param register: call ``register(tousu.locales.Locale(name=..., phone_patterns=(...),
        answers={...}))`` once per locale. A `tousu.locales.PhonePattern` is masked wherever free
        text quotes such a number; ``answers`` (word → True/False) are read wherever a yes/no
        fact is (``--field satisfied=满意``). A locale name, or a word with the opposite
        meaning, that another plugin registered is refused.
    Collect-all; called once when the plugin is loaded, for every installed plugin (it is data,
    like a calendar: organizations need not enable the plugin; a failure lists the plugin as
    broken). Returns nothing.
    """


@hookspec(firstresult=True)
def complaint_classify(
    complaint: Complaint, org: Org, settings: Any, facts: dict[str, Any]
) -> Classification | None:
    """Choose the tier and category of a new complaint, with the rule that chose them.

    :param complaint: the draft complaint; ``tier``/``category`` hold what the intake
        said (``--tier``, ``--category``) or None.
    :param facts: the intake's ``--field`` values.
    First result wins; None means "no opinion" (the core then keeps the intake's values, or
    the domain's defaults). Runs inside the intake transaction.
    """


@hookspec
def complaint_deadlines(
    complaint: Complaint, org: Org, settings: Any, now: datetime
) -> list[DeadlineSpec] | None:
    """The deadlines a complaint gets from its tier, category, flags and settings.

    Called at intake (``now`` = receipt time) and again whenever an action changes the tier
    or the category (``now`` = the moment of the change). A returned name that the
    complaint already has and is still open is moved to the new due time; met deadlines are
    kept. Collect-all: the lists of all plugins are joined. None means none. Runs inside the
    transaction.
    """


@hookspec
def complaint_check_action(
    complaint: Complaint,
    org: Org,
    settings: Any,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    store: Any,
    now: datetime,
) -> str | None:
    """A guard: return a reason to refuse ``action`` on ``complaint``, or None to allow it.

    Called before every action, including ``intake`` (then ``complaint`` is the classified
    draft) and ``close``. The core's own guards (status transitions, open steps) run first.
    Collect-all: every plugin is asked, and any reason refuses the action (exit 1); all the
    reasons are reported, joined with ``"; "``. Runs inside the transaction; must not write.
    """


@hookspec
def complaint_after_action(
    complaint: Complaint,
    org: Org,
    settings: Any,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    store: Any,
    now: datetime,
) -> Effects | None:
    """Consequences of an action that just happened: steps, deadlines, links, flags, fields.

    ``complaint`` is the state after the core applied the action (status moved, deadlines
    met). Also called for ``intake`` and, with ``action.name == "sweep"``, after a sweep
    raised the complaint's tier (so the new tier's steps follow an escalation by time as they
    follow one by hand). The returned `Effects` are recorded in the same event. Collect-all;
    None means no consequence. Runs inside the transaction: raising rolls the whole command
    back.
    """


@hookspec(firstresult=True)
def complaint_escalate(complaint: Complaint, org: Org, settings: Any, now: datetime) -> Escalation | None:
    """Time-based escalation, evaluated by ``sweep`` for a complaint whose clock just ran out.

    Called once for each open complaint that had a deadline or timer breached in this sweep;
    ``complaint.deadlines`` already show those breaches. Return `Escalation(tier, rule)` to
    raise the tier, None to leave it. First result wins. Runs inside the sweep transaction.
    """


@hookspec
def complaint_escalation_watch(org: Org, settings: Any) -> EscalationWatch | None:
    """When this plugin's ``complaint_escalate`` can return an escalation at all.

    A plugin that implements ``complaint_escalate`` and returns an `EscalationWatch` here lets
    a sweep record a breach no watch matches without loading the complaint or calling
    ``complaint_escalate`` (it would return None); a plugin that does not implement this hook,
    or returns None, is asked about every breach. Collect-all. Pure: read at each sweep.
    """


@hookspec(firstresult=True)
def complaint_compensation(
    complaint: Complaint, org: Org, settings: Any, actor: Staff, facts: dict[str, Any]
) -> Compensation | None:
    """Compute a compensation breakdown for ``complaint`` from ``facts``.

    Return `Compensation` (set ``needs_approval`` when the total exceeds ``actor``'s
    authority), or None when the domain has no compensation rules. First result wins. Pure:
    runs outside any write.
    """


@hookspec
def report_section(org: Org, settings: Any, store: Any, period: Period, now: datetime) -> ReportSection | None:
    """This plugin's section of the report for ``period``: figures computed in SQL.

    ``now`` is the instant the report is made as of (``--at``): a section judges clocks as
    the headline figures do (a clock is late once its due time has passed by ``now``).
    Collect-all, one section per plugin; None means nothing to add. Read-only.
    """


@hookspec
def report_deadlines(org: Org, settings: Any, store: Any, now: datetime) -> list[OrgDeadline] | None:
    """Deadlines the organization itself owes around ``now`` (monthly statistics by the 30th).

    Shown by ``tousu due``. Collect-all; None means none. Read-only.
    """


class DefaultPluginHooks:
    """The default plugins' own registration hook: known only to their registry (with the
    features' hooks, `tousu.default_plugins.feature_specs`), never to installed plugins'.

    ``register_settings`` is the kernel's because `tousu.config` asks it (`tousu.plugins.
    settings_tables`).
    """

    @hookspec
    def register_settings(self, register: Callable[..., None]) -> None:
        """The tables of ``tousu.toml`` this default plugin owns, asked once per process when a
        config is first read: ``register(path, cls, problems=None)``, `path` a deployment's
        table (``"server"``) or an organization's (``"orgs.*.notify"``), `cls` the attrs class
        the one converter structures it into (every field with a default: a missing table is
        ``cls()``), `problems(value, where)` the lines (``where.key: expected …``) of what is
        wrong beyond types. `tousu.config` validates them with the rest of the file, for every
        command, and gives them as ``config.server``, ``org.notify``. A value that needs the
        organization's context to be usable (the calendar: its zone, the config's folder, the
        plugins' holiday data) has a ``built(context)`` method: `tousu.config` calls it with a
        `tousu.config.TableContext` and keeps what it returns."""


#: The names of `DefaultPluginHooks`' hooks (not traced: they are steps, not plugins' answers).
DEFAULT_PLUGIN_HOOKS = frozenset(name for name in vars(DefaultPluginHooks) if not name.startswith("_"))
