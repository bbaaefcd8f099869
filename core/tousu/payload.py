"""The event payload, typed: one attrs class per operation an event records.

An event's ``data`` is stored as JSON and hash-chained (`tousu.default_plugins.store.chain` hashes its
canonical form), so these classes must write exactly the mapping the untyped payload wrote:
a key the writer left out stays out. Every optional field therefore defaults to `ABSENT`
(not None: ``"warn_at": null`` and a missing ``warn_at`` mean different things to the
projection), and unstructuring omits it. `read` and `written` go through the one cattrs
converter (`tousu.serialize.converter`), on which this module registers its hooks; the hooks
are written out per class because an intake structures and unstructures several payloads.

The App builds payloads from these classes (`tousu.recording`, `tousu.app_actions`, …),
`tousu.projection` folds them, and the Store keeps the mapping `written` gives, so the
`StoreSurface` and every plugin reading ``Event.data`` see the same JSON as before.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

import attrs

from tousu.models import Action
from tousu.serialize import converter


class _Absent:
    """The value of a field the payload does not carry (falsy, so ``if payload.steps:`` reads well)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()
Absent = _Absent


# -- the operations -------------------------------------------------------------------


@attrs.frozen
class Create:
    """Intake: the complaint's attributes (``data.create``); personal data is kept apart."""

    org: str
    domain: str
    channel: str
    received_at: str
    summary: str
    month: str | Absent = ABSENT
    respondent: str | Absent = ABSENT
    place: str | Absent = ABSENT
    request: str | Absent = ABSENT
    owner: str | Absent = ABSENT
    urgent: bool | Absent = ABSENT


@attrs.frozen
class Input:
    """What the user typed with the action: ``--to``, ``--note`` and the facts (``data.input``)."""

    to: str | Absent = ABSENT
    note: str | Absent = ABSENT
    fields: dict[str, Any] | Absent = ABSENT


@attrs.frozen
class Status:
    """The status the action moves the complaint to (``data.status``, stored as its name)."""

    name: str


@attrs.frozen
class Set:
    """Core attributes changed (``data.set``); a field left `ABSENT` keeps its value, None clears it."""

    tier: str | Absent | None = ABSENT
    category: str | Absent | None = ABSENT
    classification_reason: str | Absent | None = ABSENT
    assignee: str | Absent | None = ABSENT
    department: str | Absent | None = ABSENT
    urgent: bool | Absent | None = ABSENT
    owner: str | Absent | None = ABSENT
    respondent: str | Absent | None = ABSENT

    def changes(self) -> dict[str, Any]:
        """The fields it sets, by name."""
        return {f: v for f, v in zip(_SET_FIELDS, _read_set(self), strict=True) if v is not ABSENT}

    def merged(self, later: Set) -> Set:
        """This change followed by `later` (its fields win)."""
        return Set(**{**self.changes(), **later.changes()})


@attrs.frozen
class DeadlineAdd:
    """A clock started: its due time, what meets it, and how it was computed (``clock``, ``warn_at``)."""

    name: str
    due_at: str
    met_by: list[str] | Absent = ABSENT
    kind: str | Absent = ABSENT
    clock: dict[str, Any] | Absent = ABSENT
    warn_at: str | Absent = ABSENT


@attrs.frozen
class DeadlineMove:
    """An open clock given a new due time (a changed tier or start); with ``clock``, warned afresh."""

    name: str
    due_at: str
    clock: dict[str, Any] | Absent = ABSENT
    warn_at: str | Absent = ABSENT


@attrs.frozen
class DeadlinePause:
    """A clock held (``pause``: who, why, the cap); its due time moved to the cap's end."""

    name: str
    pause: dict[str, Any]
    due_at: str | Absent = ABSENT
    warn_at: str | Absent | None = ABSENT


@attrs.frozen
class DeadlineResume:
    """A held clock running again: moved by the time it was held, or ended by the cap (``until``)."""

    name: str
    until: str | Absent = ABSENT
    due_at: str | Absent = ABSENT
    warn_at: str | Absent | None = ABSENT


@attrs.frozen
class DeadlineWarn:
    """The warning share of a clock passed (recorded once, by ``sweep``)."""

    name: str


@attrs.frozen
class DeadlineMet:
    """A clock met by the action."""

    name: str


@attrs.frozen
class DeadlineBreach:
    """A clock ran out (``sweep``)."""

    name: str


@attrs.frozen
class DeadlineCancel:
    """A clock no longer asked for."""

    name: str


@attrs.frozen
class DeadlineExtend:
    """A deadline extended by someone with the authority to, with the reason."""

    name: str
    until: str
    approved_by: str
    role: str
    reason: str | Absent = ABSENT
    warn_at: str | Absent | None = ABSENT


DeadlineOp = (
    DeadlineAdd
    | DeadlineMove
    | DeadlinePause
    | DeadlineResume
    | DeadlineWarn
    | DeadlineMet
    | DeadlineBreach
    | DeadlineCancel
    | DeadlineExtend
)


@attrs.frozen
class StepAdd:
    """A required step added."""

    name: str


@attrs.frozen
class StepDone:
    """A required step done (by the event's actor, at its instant)."""

    name: str


@attrs.frozen
class StepUndo:
    """A step recorded by mistake, voided: open again."""

    name: str


@attrs.frozen
class StepDrop:
    """A step no longer required (unless already done)."""

    name: str


StepOp = StepAdd | StepDone | StepUndo | StepDrop


@attrs.frozen
class LinkAdd:
    """A link to another complaint of the same organization."""

    kind: str
    id: str


@attrs.frozen
class Flag:
    """A flag added to the complaint (stored as its name)."""

    name: str


@attrs.frozen
class Void:
    """A correction: the event it reverses."""

    event: int
    action: str | Absent = ABSENT


@attrs.frozen
class Merge:
    """A merge: the duplicate's side names its primary (``into``), the primary's side the duplicate (``from``)."""

    into: str | Absent = ABSENT
    from_: str | Absent = ABSENT


@attrs.frozen
class AttachmentAdd:
    """A stored file attached (its digest, name, size and type; the step it evidences)."""

    sha256: str
    name: str
    size: int
    type: str
    step: str | Absent = ABSENT


@attrs.frozen
class Payload:
    """Everything one event records; each part optional (an event carries what its action did)."""

    create: Create | Absent = ABSENT
    input: Input | Absent = ABSENT
    status: Status | Absent = ABSENT
    set: Set | Absent = ABSENT
    fields: dict[str, Any] | Absent = ABSENT
    deadlines: list[DeadlineOp] | Absent = ABSENT
    steps: list[StepOp] | Absent = ABSENT
    links: list[LinkAdd] | Absent = ABSENT
    flags: list[Flag] | Absent = ABSENT
    void: Void | Absent = ABSENT
    merge: Merge | Absent = ABSENT
    attachment: AttachmentAdd | Absent = ABSENT

    def empty(self) -> bool:
        """Whether it records nothing (effects that added nothing)."""
        return _read_payload(self) == _NOTHING

    def status_name(self) -> str | None:
        """The status the event moves to, or None."""
        status = self.status
        return None if status is ABSENT else status.name

    def merged(self, extra: Payload) -> Payload:
        """This payload followed by `extra`: operation lists concatenated in order, ``set`` and
        ``fields`` updated, any other part `extra` carries replacing this one's."""
        parts = list(_read_payload(self))
        changed = False
        for i, value in enumerate(_read_payload(extra)):
            if value is ABSENT or not value:  # nothing, or an empty list or mapping
                continue
            mine = parts[i]
            changed = True
            if type(value) is list:
                parts[i] = value if mine is ABSENT else [*mine, *value]
            elif type(value) is dict:  # fields
                parts[i] = value if mine is ABSENT else {**mine, **value}
            elif type(value) is Set:
                parts[i] = mine.merged(value) if type(mine) is Set else value
            else:
                parts[i] = value
        return Payload(*parts) if changed else self

    def parts(self) -> dict[str, Any]:
        """The parts it carries, by field name (what a feature adds to an action's event)."""
        return {name: value for name, value in zip(_PAYLOAD_FIELDS, _read_payload(self), strict=True) if value is not ABSENT}


@attrs.frozen
class Entry:
    """An event an action causes on another complaint (a merge's primary side), which the App
    writes as given (`tousu.default_plugins.feature_specs.KernelFeatures.complaint_action_done`)."""

    complaint_id: str
    action: Action
    data: Payload


_SET_FIELDS = tuple(f.name for f in attrs.fields(Set))
_PAYLOAD_FIELDS = tuple(f.name for f in attrs.fields(Payload))
_read_payload = operator.attrgetter(*_PAYLOAD_FIELDS)
_read_set = operator.attrgetter(*_SET_FIELDS)
_NOTHING = (ABSENT,) * len(_PAYLOAD_FIELDS)
#: Each class's unstructure function (the converter's hooks, called directly on the hot path).
_UNSTRUCTURE: dict[type, Callable[[Any], Any]] = {}


def _deep(item: Any) -> Any:
    if type(item) is list:
        return [_UNSTRUCTURE[type(i)](i) for i in item]
    return _UNSTRUCTURE[type(item)](item)


#: The stored ``op`` of each operation class.
DEADLINE_OPS: dict[str, type] = {
    "add": DeadlineAdd,
    "move": DeadlineMove,
    "pause": DeadlinePause,
    "resume": DeadlineResume,
    "warn": DeadlineWarn,
    "met": DeadlineMet,
    "breach": DeadlineBreach,
    "cancel": DeadlineCancel,
    "extend": DeadlineExtend,
}
STEP_OPS: dict[str, type] = {"add": StepAdd, "done": StepDone, "undo": StepUndo, "drop": StepDrop}
#: The stored ``op`` of each deadline and step operation class.
OP_NAMES = {cls: op for table in (DEADLINE_OPS, STEP_OPS) for op, cls in table.items()}


# -- to and from the stored mapping -----------------------------------------------------

T = TypeVar("T")


def _key(name: str) -> str:
    return name.rstrip("_")  # ``from_`` is stored as ``from``


def _plain_hooks(
    cls: type[T], nested: Mapping[str, Callable[[Any], Any]] | None = None
) -> Callable[[Any], T]:
    """Register (un)structure hooks for `cls`: its fields by key, `ABSENT` ones left out, an
    unknown key refused (the converter's rule), `nested` parts converted by their own hooks.
    Returns the structure hook, for the hooks of the classes holding `cls`."""
    names = tuple(f.name for f in attrs.fields(cls))  # type: ignore[arg-type]
    renamed = {_key(n): n for n in names if _key(n) != n}
    inner = dict(nested or {})
    op = OP_NAMES.get(cls)
    unstructure = _unstructurer(cls, names, inner, op)

    def structure(data: Any, _type: Any = None) -> T:
        if type(data) is not dict:
            if not isinstance(data, Mapping):
                raise ValueError(f"{cls.__name__}: expected a mapping, got {data!r}")
            data = dict(data)
        if renamed:
            data = {renamed.get(k, k): v for k, v in data.items()}
        elif op or inner:
            data = dict(data)  # the caller's mapping stays as it is
        if op:
            data.pop("op", None)
        for name, convert in inner.items():
            if name in data:
                data[name] = convert(data[name])
        try:
            return cls(**data)
        except TypeError:
            unknown = sorted(set(data) - set(names))
            raise ValueError(
                f"{cls.__name__}: unknown key(s) {unknown} or a required one missing"
            ) from None

    converter.register_unstructure_hook(cls, unstructure)
    _UNSTRUCTURE[cls] = unstructure
    converter.register_structure_hook(cls, structure)
    return structure


def _unstructurer(cls: type, names: tuple[str, ...], inner: Mapping[str, Any], op: str | None) -> Callable[[Any], Any]:
    """`cls`'s unstructure function, written out field by field (as attrs writes its
    ``__init__``): the stored ``op`` first, then each field under its key in field order, one
    left `ABSENT` left out, a `nested` part by its own hook. The same mapping a loop over the
    fields gives, without the loop: an intake unstructures some fifteen of these values."""
    lines = ["def unstructure(value):", f"    out = {{'op': {op!r}}}" if op else "    out = {}"]
    for name in names:
        lines.append(f"    item = value.{name}")
        lines.append("    if item is not ABSENT:")
        lines.append(f"        out[{_key(name)!r}] = {'_deep(item)' if name in inner else 'item'}")
    lines.append("    return out")
    scope: dict[str, Any] = {"ABSENT": ABSENT, "_deep": _deep}
    exec(compile("\n".join(lines), f"<tousu.payload unstructure {cls.__name__}>", "exec"), scope)
    return scope["unstructure"]


def _ops(table: dict[str, type]) -> Callable[[Any], list[Any]]:
    hooks = {op: _plain_hooks(cls) for op, cls in table.items()}

    def structure(items: Any) -> list[Any]:
        out = []
        for item in items:
            make = hooks.get(item.get("op")) if isinstance(item, dict) else None
            if make is None:
                raise ValueError(f"unknown operation {item!r}")
            out.append(make(item))
        return out

    return structure


_HOOKS = {
    cls: _plain_hooks(cls) for cls in (Create, Input, Set, Void, Merge, AttachmentAdd, LinkAdd)
}
for _named in (Status, Flag):  # stored as their name alone
    _UNSTRUCTURE[_named] = operator.attrgetter("name")
    converter.register_unstructure_hook(_named, _UNSTRUCTURE[_named])
    converter.register_structure_hook(_named, lambda value, cls: cls(value))
_plain_hooks(
    Payload,
    {
        "create": _HOOKS[Create],
        "input": _HOOKS[Input],
        "status": Status,
        "set": _HOOKS[Set],
        "deadlines": _ops(DEADLINE_OPS),
        "steps": _ops(STEP_OPS),
        "links": lambda items: [_HOOKS[LinkAdd](i) for i in items],
        "flags": lambda items: [Flag(i) for i in items],
        "void": _HOOKS[Void],
        "merge": _HOOKS[Merge],
        "attachment": _HOOKS[AttachmentAdd],
    },
)


def read(data: Mapping[str, Any]) -> Payload:
    """The typed payload of a stored event's ``data``."""
    return converter.structure(data, Payload)


def written(payload: Payload) -> dict[str, Any]:
    """The mapping stored (and hashed) for `payload`: what the untyped payload held
    (``converter.unstructure(payload)``, by its hook directly)."""
    return _UNSTRUCTURE[Payload](payload)
