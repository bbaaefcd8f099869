"""The domain model: frozen attrs classes shared by the core and every plugin.

Plugins receive these objects in hooks and return the `*Spec`, `Classification`, `Effects`,
`Escalation`, `Compensation` and `ReportSection` values defined here. All instants are aware
datetimes; all money is `Decimal` rounded to the fen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

import attrs

from tousu.money import to_fen
from tousu.timeutil import DEFAULT_TIMEZONE, zone

# -- validators of what plugins return ------------------------------------------------
#
# attrs does not check field types, so without these a plugin could return
# ``Effects(steps="inspect")`` (a string read as seven one-letter steps) or a `DeadlineSpec`
# with a naive time that fails only deep in storage, naming nobody. They run when the plugin
# builds the value, inside its hook, so the error names the plugin (`tousu.hooks.adapt`).


def _names(_instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
        return
    raise TypeError(f"{attribute.name} must be a tuple of names, got {value!r}")


def _aware(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise TypeError(f"{attribute.name} must be a timezone-aware datetime, got {value!r}")


def _text(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string, got {value!r}")


def _name(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{attribute.name} must be a non-empty string, got {value!r}")


def _tuple_of(kind: type) -> Callable[[Any, Any, Any], None]:
    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if value == ():
            return
        if not isinstance(value, tuple | list) or not all(isinstance(v, kind) for v in value):
            raise TypeError(f"{attribute.name} must be a tuple of {kind.__name__}, got {value!r}")

    return check


def _mapping(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Mapping):
        raise TypeError(f"{attribute.name} must be a mapping, got {value!r}")


#: Statuses a complaint is still being worked in.
OPEN_STATUSES = ("received", "acknowledged", "forwarded", "in_progress", "resolved")
#: Exits: nothing more happens to the complaint except notes, callbacks and reopening.
FINAL_STATUSES = ("closed", "transferred", "invalid", "withdrawn")
#: Core roles; plugins may add their own through `DomainSpec.roles`, and other words for these
#: through `DomainSpec.accepted_roles` (retail's and property's word for the front line, 接待员).
CORE_ROLES = ("receptionist", "department_head", "supervisor", "manager", "general_manager")


@attrs.frozen
class Staff:
    """A member of an organization's staff as named in the config: who acts, in which role."""

    id: str
    role: str
    name: str = ""
    department: str = ""


class Tables:
    """The tables of ``tousu.toml`` the default plugins own (``register_settings``), read as
    attributes: ``config.server``, ``org.notify`` are ``tables["server"]``, ``tables["notify"]``.
    The kernel spells none of them; the attrs class mixing this in has a ``tables`` field."""

    __slots__ = ()
    tables: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        if name == "tables" or name.startswith("__"):  # not set yet (copying, unpickling)
            raise AttributeError(name)
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None


@attrs.frozen
class Org(Tables):
    """A tenant: its staff, enabled plugins and each plugin's structured settings; the tables of
    the default plugins (``[orgs.ID.notify]``, …) as attributes (`Tables`): its business calendar
    (``org.calendar``, `tousu.calendar.WorkingCalendar`) and clock rules (``org.clocks``,
    `tousu.calendar.ClockRules`) among them."""

    id: str
    name: str
    timezone: str = DEFAULT_TIMEZONE
    language: str = "zh"
    plugins: tuple[str, ...] = ()
    staff: Mapping[str, Staff] = attrs.field(factory=dict)
    settings: Mapping[str, Any] = attrs.field(factory=dict)
    #: Roles allowed to export personal data unmasked (config ``orgs.ID.personal_data_roles``).
    personal_data_roles: tuple[str, ...] = ("manager", "general_manager")
    #: How long personal data is kept after closing (config ``orgs.ID.retention``: "3y", "180d"); "" = no limit.
    retention: str = ""
    #: ``[orgs.ID.permissions]``: action → the roles that may take it, over the domains'
    #: defaults (`tousu.permissions.action_roles`).
    permissions: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: The organization's tables the default plugins own: name → value (`Tables`).
    tables: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)

    def settings_for(self, plugin: str) -> Any:
        """The structured settings of `plugin` for this organization (None if it has none)."""
        return self.settings.get(plugin)


@attrs.frozen
class Link:
    """A relation to another complaint of the same organization (`repeat_of`, `related`)."""

    kind: str
    id: str


@attrs.frozen
class Extension:
    """One approved extension of a deadline: who approved it, in which role, until when."""

    until: datetime
    previous: datetime
    approved_by: str
    role: str
    at: datetime
    reason: str = ""


@attrs.frozen
class Deadline:
    """A named clock on a complaint. `kind="timer"` clocks drive escalation and stay off lists."""

    name: str
    due_at: datetime
    state: str = "pending"  # pending | met | breached | cancelled
    met_at: datetime | None = None
    met_by: tuple[str, ...] = ()
    kind: str = "deadline"
    extensions: tuple[Extension, ...] = ()
    #: How it was computed and what happened to it since (tousu.calendars.deadlines): the
    #: start, the duration as written, calendar or working time, the rule, its pauses.
    clock: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    #: When it passed ``warn_at`` of its allowed time (None: no warning), and whether a sweep recorded it.
    warn_at: datetime | None = attrs.field(default=None, repr=False)
    warned: bool = attrs.field(default=False, repr=False)


@attrs.frozen
class Step:
    """A required step a domain rule attached; a complaint cannot close while one is open."""

    name: str
    done: bool = False
    done_at: datetime | None = None
    done_by: str | None = None


@attrs.frozen
class Complaint:
    """The current state of one complaint: a projection of its events."""

    id: str
    org: str
    domain: str
    channel: str
    received_at: datetime
    summary: str
    status: str = "received"
    tier: str | None = None
    category: str | None = None
    classification_reason: str = ""
    complainant: str = ""
    contact: str = ""
    respondent: str = ""
    place: str = ""
    request: str = ""
    owner: str = ""
    assignee: str = ""
    department: str = ""
    urgent: bool = False
    flags: tuple[str, ...] = ()
    fields: Mapping[str, Any] = attrs.field(factory=dict)
    links: tuple[Link, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    steps: tuple[Step, ...] = ()
    resolved_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def deadline(self, name: str) -> Deadline | None:
        return next((d for d in self.deadlines if d.name == name), None)

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    @property
    def open_steps(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.steps if not s.done)


@attrs.frozen
class Event:
    """One entry of the append-only history of a complaint."""

    complaint_id: str
    n: int
    at: datetime
    recorded_at: datetime
    actor: str
    role: str
    action: str
    data: Mapping[str, Any]


@attrs.frozen
class Action:
    """What a user asked for: an action name with its ``--to`` and ``--note`` (facts travel apart)."""

    name: str
    to: str | None = None
    note: str | None = None


# --- values plugins return -------------------------------------------------------------


@attrs.frozen
class Classification:
    """The tier and category a domain chose at intake, and the rule that chose them."""

    tier: str = attrs.field(validator=_text)
    category: str = attrs.field(validator=_text)
    reason: str = attrs.field(validator=_text)


@attrs.frozen
class DeadlineSpec:
    """A deadline a plugin wants on a complaint; met when any action in `met_by` happens.

    A `met_by` entry is an action name (``"sign"``) or ``"step:NAME"`` for a completed step.
    A spec whose name already exists and is still open moves that deadline to `due_at`.
    """

    name: str = attrs.field(validator=_name)
    due_at: datetime = attrs.field(validator=_aware)
    met_by: tuple[str, ...] = attrs.field(default=(), validator=_names)
    kind: str = attrs.field(default="deadline", validator=attrs.validators.in_(("deadline", "timer")))
    #: Where the count starts and the duration as written (``"3wd"``): set by
    #: `tousu.calendars.deadlines.clock`, they make the due time explainable and pausable.
    start: datetime | None = attrs.field(default=None, repr=False)
    span: str = attrs.field(default="", repr=False)
    business_hours: bool = attrs.field(default=False, repr=False)
    end_of_day: bool = attrs.field(default=False, repr=False)
    #: The rule that set it, for its basis (default: the complaint's domain and tier).
    rule: str = attrs.field(default="", repr=False)


@attrs.frozen
class FollowUp:
    """An action the core runs right after the current one, in the same transaction."""

    action: str
    to: str | None = None
    note: str | None = None
    fields: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Effects:
    """Consequences of an action, returned by ``complaint_after_action``; all are recorded."""

    steps: tuple[str, ...] = attrs.field(default=(), validator=_names)
    #: Required steps the complaint no longer needs (a tier lowered below the one that asked for
    #: them); a step already done stays on record.
    drop_steps: tuple[str, ...] = attrs.field(default=(), validator=_names)
    deadlines: tuple[DeadlineSpec, ...] = attrs.field(default=(), validator=_tuple_of(DeadlineSpec))
    meet_deadlines: tuple[str, ...] = attrs.field(default=(), validator=_names)
    cancel_deadlines: tuple[str, ...] = attrs.field(default=(), validator=_names)
    links: tuple[Link, ...] = attrs.field(default=(), validator=_tuple_of(Link))
    flags: tuple[str, ...] = attrs.field(default=(), validator=_names)
    fields: Mapping[str, Any] = attrs.field(factory=dict, validator=_mapping)
    department: str | None = attrs.field(default=None, validator=attrs.validators.optional(_text))
    follow_ups: tuple[FollowUp, ...] = attrs.field(default=(), validator=_tuple_of(FollowUp))


@attrs.frozen
class Escalation:
    """A time-based tier change decided by a plugin during ``sweep``."""

    tier: str = attrs.field(validator=_text)
    rule: str = attrs.field(validator=_text)


@attrs.frozen
class EscalationWatch:
    """When a plugin's ``complaint_escalate`` can raise a tier at all, returned by
    ``complaint_escalation_watch``: only for a complaint whose tier is one of `tiers` (empty:
    any) and that has a clock named in `clocks` breached (empty: any clock breached). A sweep
    records a breach no watch matches without building the complaint (`tousu.app_sweep`);
    a watch that matches too much costs time, one that matches too little loses escalations."""

    tiers: tuple[str, ...] = attrs.field(default=(), validator=_names)
    clocks: tuple[str, ...] = attrs.field(default=(), validator=_names)

    def matches(self, tier: str | None, breached: set[str]) -> bool:
        """Whether a complaint of `tier` with the clocks `breached` (after the sweep) may escalate."""
        if self.tiers and tier not in self.tiers:
            return False
        return bool(breached) if not self.clocks else any(name in breached for name in self.clocks)


@attrs.frozen
class CompensationItem:
    name: str
    amount: Decimal = attrs.field(converter=to_fen)
    basis: str = ""


@attrs.frozen
class Compensation:
    """A compensation breakdown: items with their basis, an exact total, approval and warnings."""

    items: tuple[CompensationItem, ...] = attrs.field(validator=_tuple_of(CompensationItem))
    needs_approval: bool = False
    warnings: tuple[str, ...] = ()
    currency: str = "CNY"

    @property
    def total(self) -> Decimal:
        return to_fen(sum((item.amount for item in self.items), Decimal("0")))


@attrs.frozen
class Period:
    """A reporting period ``[start, end)`` in the organization's time zone."""

    start: datetime
    end: datetime
    label: str


@attrs.frozen
class ReportSection:
    """A domain's part of a period report: ordered figures with labels in the org's language."""

    domain: str
    title: str
    figures: Mapping[str, Any]


@attrs.frozen
class OrgDeadline:
    """A deadline owed by the organization, not by one complaint (monthly statistics by the 30th)."""

    name: str
    due_at: datetime = attrs.field(validator=_aware)
    summary: str = ""
    met: bool = False


# --- what plugins register -------------------------------------------------------------


@attrs.frozen
class ActionSpec:
    """A lifecycle action a domain adds: which statuses allow it, which status it leads to."""

    name: str
    statuses: tuple[str, ...] = OPEN_STATUSES
    to_status: str | None = None
    help: str = ""


@attrs.frozen
class DomainSpec:
    """Everything a domain plugin contributes through ``register_domains``.

    `labels` maps a language (``"zh"``, ``"en"``) to labels for ids: channels, tiers,
    categories, actions, deadlines, steps, roles. `settings_class` is an attrs class whose
    defaults are the domain's documented defaults; the org's config is structured into it.
    """

    name: str
    plugin: str
    title: str = ""
    channels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    default_tier: str | None = None
    default_category: str | None = None
    actions: tuple[ActionSpec, ...] = ()
    deadlines: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    #: Other words for a core role that this domain's organizations use in their staff tables
    #: (retail's and property's word for the front-line receptionist, 接待员): accepted as a staff role
    #: and labelled by the domain, but not one of its own `roles` (``tousu init`` adds no staff
    #: member for it; ``tousu domains`` and ``tousu plugins`` list only `roles`). What such a
    #: role may do is the domain's rule, as for any role.
    accepted_roles: tuple[str, ...] = ()
    labels: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    settings_class: type | None = None
    #: Required steps that need a file attached first: step → what evidence (a label key or text).
    evidence: Mapping[str, str] = attrs.field(factory=dict)
    settings_validator: Callable[[Any], None] | None = None
    #: What the complainant is told through the outbox (docs/notifications.md): action names
    #: (``"intake"`` or ``"acknowledge"`` send the acknowledgment with the receipt code,
    #: ``"reply"``, ``"notify"``, ``"transfer"``, ...), ``"extend"`` (when it moves a deadline of
    #: `public_deadlines`) and ``"callback_request"`` (when a clock met by ``callback`` starts).
    tell: tuple[str, ...] = ()
    #: Deadlines promised to the complainant: named in the acknowledgment, shown on the status page.
    public_deadlines: tuple[str, ...] = ()
    #: Intake fields (``--field NAME``) a complainant may fill in on the public form (``field.NAME``).
    public_fields: tuple[str, ...] = ()
    #: Clocks that ``act ID pause`` stops (waiting for the complainant, a third party), and who may pause.
    pausable: tuple[str, ...] = ()
    pause_roles: tuple[str, ...] = ()
    #: Who must reach the complainant: deadline name → roles that see the contact in clear on
    #: a complaint while that clock is open (the patrol team that calls back); audited like any
    #: view in clear by role (`tousu.default_plugins.doors.privacy.must_call`).
    callers: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: Who may take each action by default (action → roles; an action not named: any staff
    #: member). An organization tightens or widens it in ``[orgs.ID.permissions]``; the App
    #: refuses every door alike (`tousu.permissions.check_action`).
    permissions: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: What a role list cannot say, shown beside it in the table (action → the rule in words:
    #: "up to the role's authority", "the roles the approval rule names"); enforced by the
    #: domain's own ``complaint_check_action``.
    permission_rules: Mapping[str, str] = attrs.field(factory=dict)
    #: The role lists behind such a rule, case by case, for the table (``tousu plugins --json``):
    #: ``(the organization's settings of the plugin, its staff roles) → action → case → roles``
    #: (property's ``extend``: ``{"minor": ["manager", "general_manager"], ...}``). None: no cases.
    permission_cases: Callable[[Any, tuple[str, ...]], Mapping[str, Mapping[str, list[str]]]] | None = None
