"""Rows to and from the model: how a complaint, its clocks, steps and events are stored.

Pure functions of the model (no connection): the SQLite store writes these tuples and reads
them back; they define the stored JSON (sorted keys, no ASCII escapes) that the hash chain and
`rebuild` rely on.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from tousu.default_plugins.store.chain import one_shot
from tousu.models import FINAL_STATUSES, Complaint, Deadline, Event, Extension
from tousu.timeutil import from_db, to_db

#: The encoders of every stored JSON text, built once: ``json.dumps`` with any option builds
#: a new encoder at each call, and every write encodes an event payload and a fields mapping.
_SORTED_JSON = one_shot(json.JSONEncoder(ensure_ascii=False, sort_keys=True))
_PLAIN_JSON = one_shot(json.JSONEncoder(ensure_ascii=False))

def event_row(event: Event, org: str, data_json: str | None = None) -> tuple[Any, ...]:
    """The ``events`` row; `data_json` is the payload's text when the caller has encoded it
    already (`Store.append`, in the hash chain's canonical spelling, `chain.payload_json`)."""
    return (
        event.complaint_id,
        event.n,
        org,
        to_db(event.at),
        to_db(event.recorded_at),
        event.actor,
        event.role,
        event.action,
        _SORTED_JSON(event.data) if data_json is None else data_json,
    )


def _event(row: tuple[Any, ...]) -> Event:
    return Event(row[0], row[1], from_db(row[2]), from_db(row[3]), row[4], row[5], row[6], json.loads(row[7]))


def complaint_row(
    c: Complaint, month: str, last_event: int, like: Complaint | None = None, like_row: tuple[Any, ...] = ()
) -> tuple[Any, ...]:
    """The complaint's row; `like_row` is the row of `like`, whose fields text is reused when
    `c` holds the very same fields mapping (an action that left them alone: not encoded twice)."""
    return (
        c.id,
        c.org,
        c.domain,
        c.channel,
        to_db(c.received_at),
        month,
        c.summary,
        c.status,
        c.tier,
        c.category,
        c.classification_reason,
        c.respondent,
        c.place,
        c.request,
        c.owner,
        c.assignee,
        c.department,
        int(c.urgent),
        _flags_json(tuple(c.flags)),
        like_row[19]
        if like is not None and c.fields is like.fields
        else _SORTED_JSON(c.fields if type(c.fields) is dict else dict(c.fields)),
        to_db(c.resolved_at) if c.resolved_at else None,
        to_db(c.closed_at) if c.closed_at else None,
        last_event,
    )


@lru_cache(maxsize=512)
def _met_by_json(met_by: tuple[str, ...]) -> str:
    """The stored form of a clock's ``met_by`` (a handful of distinct values, so encoded once each)."""
    return json.dumps(list(met_by))


@lru_cache(maxsize=512)
def _flags_json(flags: tuple[str, ...]) -> str:
    return _PLAIN_JSON(list(flags))


def deadline_rows(
    c: Complaint, skip: frozenset[int] = frozenset(), clocks: dict[int, tuple[Any, str]] | None = None
) -> list[tuple[Any, ...]]:
    """The rows of the complaint's clocks, leaving out those whose object's id is in `skip`.

    `clocks` keeps the encoded ``clock`` text per mapping object across calls: a breached or
    warned clock shares its mapping with the clock it was, so its row pair encodes it once.
    """
    is_open = c.status not in FINAL_STATUSES
    if clocks is not None:
        for d in c.deadlines:
            if d.clock and (not skip or id(d) not in skip):
                kept = clocks.get(id(d.clock))
                if kept is None or kept[0] is not d.clock:
                    clocks[id(d.clock)] = (d.clock, _SORTED_JSON(dict(d.clock)))
    return [
        (
            c.id,
            d.name,
            c.org,
            to_db(d.due_at),
            d.state,
            to_db(d.met_at) if d.met_at else None,
            _met_by_json(d.met_by),
            d.kind,
            _PLAIN_JSON(
                [
                    {
                        "until": to_db(e.until),
                        "previous": to_db(e.previous),
                        "approved_by": e.approved_by,
                        "role": e.role,
                        "at": to_db(e.at),
                        "reason": e.reason,
                    }
                    for e in d.extensions
                ]
            )
            if d.extensions
            else "[]",
            int(is_open and d.state in ("pending", "breached")),
            (clocks[id(d.clock)][1] if clocks is not None else _SORTED_JSON(dict(d.clock))) if d.clock else "",
            to_db(d.warn_at) if d.warn_at else None,
            int(d.warned),
        )
        for d in c.deadlines
        if not skip or id(d) not in skip
    ]


def step_rows(c: Complaint) -> list[tuple[Any, ...]]:
    return [(c.id, s.name, int(s.done), to_db(s.done_at) if s.done_at else None, s.done_by) for s in c.steps]


def _deadline(row: tuple[Any, ...]) -> Deadline:
    extensions = (
        tuple(
            Extension(from_db(e["until"]), from_db(e["previous"]), e["approved_by"], e["role"], from_db(e["at"]), e["reason"])
            for e in json.loads(row[7])
        )
        if row[7] != "[]"
        else ()
    )
    return Deadline(
        name=row[1],
        due_at=from_db(row[2]),
        state=row[3],
        met_at=from_db(row[4]) if row[4] else None,
        met_by=_met_by_tuple(row[5]),
        kind=row[6],
        extensions=extensions,
        clock=json.loads(row[8]) if row[8] else {},
        warn_at=from_db(row[9]) if row[9] else None,
        warned=bool(row[10]),
    )


@lru_cache(maxsize=512)
def _met_by_tuple(text: str) -> tuple[str, ...]:
    """A stored ``met_by`` read back (a handful of distinct values: each parsed once)."""
    return tuple(json.loads(text))

