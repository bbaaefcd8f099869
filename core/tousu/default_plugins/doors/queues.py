"""What a desk asks of the register: its own cases, someone's queue, a department's, a search.

`complaints` checks the filters against the organization's vocabulary (a typo such as
``--status opne`` is refused naming the allowed values, instead of silently listing nothing),
decides which texts the searcher may search (the complainant's name and contact only where
`tousu.default_plugins.doors.privacy` lets them see it) and asks the store for one page and the total.
`due_filter` narrows the daily list the same way. Doors call these; the SQL is in
`tousu.default_plugins.store.search`.
"""

from __future__ import annotations

from typing import Any

import attrs

from tousu.default_plugins.doors import privacy
from tousu.errors import InputError
from tousu.lifecycle import ALL
from tousu.models import OPEN_STATUSES, Org, Staff
from tousu.timeutil import from_db


@attrs.frozen
class Queue:
    """The filters of ``list`` and ``due``: each narrows, none widens. `mine` is the staff id
    of whoever asked for "my cases" (owned or assigned)."""

    mine: str | None = None
    owner: str | None = None
    assignee: str | None = None
    department: str | None = None

    @classmethod
    def asked(cls, mine: bool, actor: str | None, owner: str | None, assignee: str | None, department: str | None) -> Queue:
        """The queue a command line asked for; ``--mine`` needs to know who is asking."""
        if mine and not actor:
            raise InputError.of("queue.mine_needs_actor")
        return cls(actor if mine else None, owner, assignee, department)


def _vocabulary(app: Any, org: Org, attribute: str) -> tuple[str, ...]:
    from tousu.default_plugins.words.labels import org_domains

    return tuple(dict.fromkeys(v for d in org_domains(app, org) for v in getattr(d, attribute, ()) or ()))


def check_value(option: str, value: str | None, allowed: tuple[str, ...]) -> None:
    """Refuse a filter value the organization does not know (exit 2, naming the allowed ones)."""
    if value and allowed and value not in allowed:
        raise InputError.of("list.unknown_value", option=option, value=value, allowed=", ".join(allowed))


def complaints(
    app: Any,
    org: Org,
    staff: Staff | None,
    *,
    status: str | None = None,
    tier: str | None = None,
    category: str | None = None,
    query: str | None = None,
    queue: Queue | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the register as `staff` asks for it (newest first) and how many match."""
    queue = queue or Queue()
    check_value("status", status, ("open", *ALL))
    check_value("tier", tier, _vocabulary(app, org, "tiers"))
    check_value("category", category, _vocabulary(app, org, "categories"))
    statuses = OPEN_STATUSES if status == "open" else (status,) if status else None
    rows, total = app.store.list_page(
        org.id,
        statuses=statuses,
        tier=tier,
        category=category,
        query=query,
        personal=privacy.role_may_see(org, staff),
        handler=staff.id if staff is not None else None,
        owner=queue.owner,
        assignee=queue.assignee,
        department=queue.department,
        mine=queue.mine,
        limit=limit,
        offset=offset,
    )
    return [{**row, "received_at": from_db(row["received_at"]).astimezone(org.tz)} for row in rows], total


def due_filter(items: list[Any], queue: Queue) -> list[Any]:
    """The daily list's entries in the queue asked for."""
    return [
        i
        for i in items
        if (queue.mine is None or queue.mine in (i.owner, i.assignee))
        and (queue.owner is None or i.owner == queue.owner)
        and (queue.assignee is None or i.assignee == queue.assignee)
        and (queue.department is None or i.department == queue.department)
    ]


__all__ = ["Queue", "check_value", "complaints", "due_filter"]
