"""Tamper evidence: the canonical form of a history row and the hash chain over them.

Triggers stop an UPDATE or DELETE on ``events`` and ``audit``, but anyone holding the file
can drop a trigger. So each row also stores ``sha256(previous hash + canonical row)``: the
rows of one organization form a chain per table, and changing, removing or inserting any
row breaks every link after it. ``tousu verify`` walks the chains.

These are pure functions of the row's values, not of how a store keeps them (text, jsonb,
timestamptz), so every store (SQLite now, PostgreSQL later) computes the same hashes and a
register moved from one to the other still verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

import attrs

#: The canonical form's version: the first element of every canonical row.
VERSION = 1
#: The "previous hash" of the first row of a chain.
GENESIS = ""



def one_shot(encoder: json.JSONEncoder) -> Callable[[Any], str]:
    """`encoder`'s ``encode``, without the Python layers `json.JSONEncoder` wraps around its C
    encoder at every call (``encode`` → ``iterencode``, which builds a closure and the C encoder
    with the same arguments each time): an intake encodes seven texts.

    The very C encoder ``iterencode`` builds is built here too, a fresh one per call (its
    circular-reference markers start empty, as they do there). Checked against ``encode`` on a
    sample when made; where the C encoder is missing or answers otherwise, ``encode`` itself.
    """
    make = json.encoder.c_make_encoder
    if make is None or encoder.indent is not None or not encoder.check_circular:
        return encoder.encode
    spell = json.encoder.encode_basestring_ascii if encoder.ensure_ascii else json.encoder.encode_basestring
    arguments = (
        encoder.default, spell, None, encoder.key_separator, encoder.item_separator, encoder.sort_keys,
        encoder.skipkeys, encoder.allow_nan,
    )
    join = "".join

    def encode(value: Any) -> str:
        return join(make({}, *arguments)(value, 0))

    sample = {"b": [1, 2.5, None, True, False, 'é\n"x', []], "a": {"z": "中", "y": -0.0, "x": {}}, "": 10**20}
    try:
        same = encode(sample) == encoder.encode(sample) and encode("中\t") == encoder.encode("中\t")
    except Exception:  # pragma: no cover - a json module unlike CPython's
        same = False
    return encode if same else encoder.encode


_CANONICAL = one_shot(json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False))
#: A string as `_CANONICAL` spells it (what its ``encode`` calls for a ``str``, ensure_ascii off).
_STRING = json.encoder.encode_basestring


def canonical_event(
    *,
    complaint_id: str,
    n: int,
    org: str,
    at: str,
    recorded_at: str,
    actor: str,
    role: str,
    action: str,
    data: Mapping[str, Any],
    os_user: str = "",
    origin: str = "",
) -> bytes:
    """The bytes hashed for one event: a JSON array in a fixed order, data with sorted keys.

    `at` and `recorded_at` are the stored instants (`tousu.timeutil.to_db`: UTC, microseconds,
    ``Z``), `data` the event's payload as a mapping (parsed, not the stored text, so a
    store's own JSON spelling does not matter).
    """
    return _CANONICAL(
        [VERSION, "event", org, complaint_id, n, at, recorded_at, actor, role, action, data, os_user, origin]
    ).encode("utf-8")


#: The stored and hashed text of an event's payload: the canonical spelling of `data` alone.
payload_json = _CANONICAL


def canonical_event_of(
    *,
    complaint_id: str,
    n: int,
    org: str,
    at: str,
    recorded_at: str,
    actor: str,
    role: str,
    action: str,
    data_json: str,
    os_user: str = "",
    origin: str = "",
) -> bytes:
    """`canonical_event` from the payload already spelled by `payload_json` (what the row stores),
    so an append encodes its payload once instead of twice.

    A JSON array is its elements joined by ``,`` between brackets, so splicing the payload's
    canonical text between the canonical texts of the elements around it gives exactly the
    bytes `canonical_event` encodes (tests/perf/test_intake_path.py checks it on varied payloads).
    """
    head = _CANONICAL([VERSION, "event", org, complaint_id, n, at, recorded_at, actor, role, action])
    return f"{head[:-1]},{data_json},{_tail(os_user, origin)}".encode()


@lru_cache(maxsize=64)
def _tail(os_user: str, origin: str) -> str:
    """The canonical text after the payload: ``"os_user","origin"]`` (a few distinct pairs a process)."""
    return _CANONICAL([os_user, origin])[1:]


def canonical_events_of(
    *, org: str, at: str, recorded_at: str, actor: str, role: str, action: str, os_user: str = "", origin: str = ""
) -> Callable[[str, int, str], bytes]:
    """`canonical_event_of` for a run of events that differ only in complaint, number and
    payload (a sweep's): what they share is spelled once, and the returned function splices
    each event's complaint id, number and payload text (`payload_json`) in between, giving the
    very bytes `canonical_event_of` gives (tests/perf/test_set_sweep_equal.py checks it)."""
    head = _CANONICAL([VERSION, "event", org])[:-1]
    middle = _CANONICAL([at, recorded_at, actor, role, action])[1:-1]
    tail = _CANONICAL([os_user, origin])[1:]

    def canonical(complaint_id: str, n: int, data_json: str) -> bytes:
        return f"{head},{_STRING(complaint_id)},{n:d},{middle},{data_json},{tail}".encode()

    return canonical


def canonical_audit(
    *,
    org: str,
    at: str,
    recorded_at: str,
    actor: str,
    role: str,
    action: str,
    detail: Mapping[str, Any],
    os_user: str = "",
) -> bytes:
    """The bytes hashed for one row of the audit log (who saw or erased personal data)."""
    return _CANONICAL([VERSION, "audit", org, at, recorded_at, actor, role, action, detail, os_user]).encode("utf-8")


def link(previous: str, canonical: bytes) -> str:
    """The hash stored with a row: ``sha256(previous hash + canonical row)``, hex."""
    return hashlib.sha256(previous.encode("ascii") + canonical).hexdigest()


@attrs.frozen
class Break:
    """The first row of a chain that does not match."""

    table: str
    org: str
    seq: int
    what: str
    complaint_id: str | None = None
    n: int | None = None

    def describe(self) -> str:
        where = f"{self.table} row {self.seq} of {self.org}"
        if self.complaint_id is not None:
            where += f" (complaint {self.complaint_id}, event {self.n})"
        return f"{where}: {self.what}"


@attrs.define
class ChainResult:
    """One chain walked: how many rows, its head, and the first break if any."""

    table: str
    org: str
    count: int = 0
    head: str = GENESIS
    broken: Break | None = None


def walk(table: str, org: str, rows: Iterable[tuple[int, bytes, str | None]]) -> ChainResult:
    """Check rows ``(seq, canonical, stored hash)`` in chain order; stop at the first break.

    A changed row fails its own link; a removed or inserted row fails the link of the row
    after it (its stored hash was made from another predecessor).
    """
    result = ChainResult(table, org)
    previous = GENESIS
    for seq, canonical, stored in rows:
        expected = link(previous, canonical)
        if stored != expected:
            what = (
                "it has no hash (written around tousu)"
                if not stored
                else "its hash does not match: the row was changed, or a row before it was removed or inserted"
            )
            result.broken = Break(table, org, seq, what)
            return result
        previous = stored
        result.count += 1
    result.head = previous
    return result


def combined_head(heads: Iterable[tuple[str, str, str]]) -> str:
    """One digest over several chains' heads ``(org, table, head)``, in a stable order."""
    text = "\n".join(f"{org}\t{table}\t{head}" for org, table, head in sorted(heads))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
