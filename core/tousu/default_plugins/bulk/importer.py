"""Import: every record goes through the real lifecycle (`App.intake`, `App.act`), so every rule applies.

Records are committed in batches (one transaction per batch); a refused or malformed record
leaves nothing behind while its neighbours are kept. ``dry_run`` runs exactly the same checks
and rolls every batch back. Each imported record's ref is stored with its batch, so running an
interrupted import again continues where it stopped: what is in already is skipped, counted.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime
from typing import Any

import attrs

from tousu.default_plugins.bulk.records import ACTION_KEYS, IMPORT_KEYS, Raw
from tousu.default_plugins.bulk_store import PartialWrite
from tousu.errors import InputError, TousuError
from tousu.facts import fact_bool
from tousu.models import Org
from tousu.serialize import json_default
from tousu.timeutil import parse_instant, to_db

BATCH = 500
MAX_LISTED_ERRORS = 1000
_IMPORT_KEYS, _ACTION_KEYS = frozenset(IMPORT_KEYS), frozenset(ACTION_KEYS)
#: ``to_json(record, sort_keys=True)`` with its encoder built once (json.dumps builds one per
#: call): the same text, so a ref hashed by an earlier version is still recognised.
_RECORD_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=json_default).encode


class _RollBack(Exception):
    """Leaves a dry-run batch's transaction by rolling it back."""


@attrs.define
class ImportResult:
    imported: int = 0
    rejected: int = 0
    errors: list[dict[str, Any]] = attrs.field(factory=list)
    first_id: str | None = None
    last_id: str | None = None
    #: Records an earlier run of the same import already brought in (by their ref), not again.
    skipped: int = 0
    #: The last line of the file whose batch is committed (0: none yet).
    last_line: int = 0
    #: Stopped by a signal (Ctrl-C, SIGTERM) after `last_line`; the rest is not imported.
    interrupted: bool = False


def record_ref(record: dict[str, Any]) -> str:
    """A record's id in the source register: its ``ref``, else its ``id``, else a hash of its content.

    Stored per organization when it is imported (`StoreSurface.remember_refs`), so the same record
    imported again (an interrupted import run once more) is recognised and skipped.
    """
    for key in ("ref", "id"):
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return f"{key}:{str(value).strip()}"
    return "sha256:" + hashlib.sha256(_RECORD_JSON(record).encode("utf-8")).hexdigest()


def run_import(
    app: Any,
    org: Org,
    raws: Iterable[Raw],
    *,
    dry_run: bool = False,
    on_error: Callable[[int, str], None] = lambda line, reason: None,
    batch: int = BATCH,
    operator: str | None = None,
    on_batch: Callable[[ImportResult], None] | None = None,
    bulk: bool = True,
    stop: Callable[[], bool] = lambda: False,
    result: ImportResult | None = None,
) -> ImportResult:
    """Import `raws` for `org`; `on_error(line, reason)` hears each rejected record as it happens,
    `on_batch(result so far)` each committed batch (the progress line, `tousu.default_plugins.bulk.progress`).

    `operator` (who runs the import) is the actor of records and actions that name none.
    With `bulk` (the default) the rows of a batch are held and written per table
    (`Store.bulk`); without, record by record. Both give the same database. A record whose
    ref an earlier import of the organization stored is skipped and counted (`record_ref`).
    When `stop()` turns true (a signal) the batch under way is committed up to the record
    in hand and the import ends with ``interrupted``; `result` (given) is filled as it goes.
    """
    result = result if result is not None else ImportResult()
    stream: Iterator[Raw] = iter(raws)
    with _young_only():
        while not stop() and (chunk := list(itertools.islice(stream, batch))):
            try:
                done = _run_batch(app, org, chunk, dry_run, optimistic=True, operator=operator, bulk=bulk, stop=stop)
            except PartialWrite:  # a record failed after writing: redo the batch, a savepoint each
                done = _run_batch(app, org, chunk, dry_run, optimistic=False, operator=operator, bulk=bulk, stop=stop)
            for line, reason in done.rejected:
                on_error(line, reason)
                if len(result.errors) < MAX_LISTED_ERRORS:
                    result.errors.append({"line": line, "reason": reason})
            result.imported += len(done.ids)
            result.rejected += len(done.rejected)
            result.skipped += done.skipped
            result.last_line = done.last_line or result.last_line
            if done.ids and not dry_run:
                result.first_id = result.first_id or done.ids[0]
                result.last_id = done.ids[-1]
            if on_batch is not None:
                on_batch(result)
    result.interrupted = stop()
    return result


@contextmanager
def _young_only() -> Iterator[None]:
    """While importing, the cyclic garbage collector leaves alone what existed before (`gc.freeze`).

    A batch holds its records' objects until it is written, so they outlive the collector's
    young generations and each full collection walks them together with every object of the
    process (modules, plugins, config): ~40% of the collector's time in an import (round 10).
    Nothing else changes: objects are freed by their counts as before, and what was frozen is
    collectable again when the import ends. A caller that froze objects itself is left as it is.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@attrs.define
class _Batch:
    ids: list[str] = attrs.field(factory=list)
    rejected: list[tuple[int, str]] = attrs.field(factory=list)
    skipped: int = 0
    last_line: int = 0


def _run_batch(
    app: Any, org: Org, chunk: list[Raw], dry_run: bool, *, optimistic: bool, operator: str | None = None,
    bulk: bool = True, stop: Callable[[], bool] = lambda: False,
) -> _Batch:
    """One transaction for `chunk`: the new ids, the rejected (line, reason), the skipped.

    Optimistic: a record runs without a savepoint. Held back by `Store.bulk`, its rows are
    written with the batch's, so a refused record (even one refused in its history) has
    written nothing and is simply forgotten; without bulk, only a record with no history
    runs so (an intake writes once every rule has accepted it). Should one fail after
    writing, `PartialWrite` rolls the whole batch back for a careful rerun, a savepoint each.
    The refs of the chunk are looked up once before the batch and stored once after it.
    """
    done = _Batch()
    telling, app.telling = app.telling, False  # imported history is not told again to anyone
    store = app.store
    refs = {raw.line: record_ref(raw.record) for raw in chunk if raw.record is not None}
    try:
        with store.transaction():
            seen = store.imported_refs(org.id, sorted(set(refs.values())))
            stored: list[tuple[str, str]] = []
            with store.bulk() if bulk else nullcontext():
                for raw in chunk:
                    if stop():
                        break
                    done.last_line = raw.line
                    if raw.record is None:
                        done.rejected.append((raw.line, raw.error))
                        continue
                    ref = refs[raw.line]
                    if ref in seen:  # brought in before (or earlier in this file): never twice
                        done.skipped += 1
                        continue
                    careless = optimistic and (bulk or not raw.record.get("actions"))
                    unit = store.attempt if careless else store.savepoint
                    try:
                        with unit():
                            done.ids.append(import_record(app, org, raw.record, operator))
                    except TousuError as exc:
                        done.rejected.append((raw.line, str(exc)))
                        continue
                    seen.add(ref)
                    stored.append((ref, done.ids[-1]))
            store.remember_refs(org.id, stored)
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    finally:
        app.telling = telling
    return done


def import_record(app: Any, org: Org, record: dict[str, Any], operator: str | None = None) -> str:
    """Intake one record and replay its actions in order; returns the new complaint's id."""
    if not record.keys() <= _IMPORT_KEYS:
        unknown = sorted(record.keys() - _IMPORT_KEYS)
        raise InputError(f"unknown key(s) {', '.join(unknown)} (keys: {', '.join(IMPORT_KEYS)})")
    received_at = _instant(record.get("received_at"), org, "received_at")
    fields = record.get("fields") or {}
    if not isinstance(fields, dict):
        raise InputError("fields: expected an object of domain fields")
    actions = record.get("actions") or []
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise InputError("actions: expected a list of {action, at, actor, to, note, fields}")
    complaint = app.intake(
        org.id,
        again=True,  # a register being imported keeps every record it holds
        channel=_text(record, "channel", required=True),
        summary=_text(record, "summary", required=True),
        domain=_text(record, "domain") or None,
        category=_text(record, "category") or None,
        tier=_text(record, "tier") or None,
        complainant=_text(record, "complainant"),
        contact=_text(record, "contact"),
        respondent=_text(record, "respondent"),
        place=_text(record, "place"),
        request=_text(record, "request"),
        urgent=bool(fact_bool({"urgent": record.get("urgent", False)}, "urgent")),
        fields=fields,
        actor=_text(record, "actor") or operator,
        at=received_at,
    )
    if actions:  # most records bring no history
        replay(app, org, complaint.id, actions, operator)
    return complaint.id


def replay(app: Any, org: Org, complaint_id: str, actions: list[dict[str, Any]], operator: str | None = None) -> None:
    """Run a recorded history: each action as `App.act` at its time, a ``sweep`` as a sweep of this
    complaint. Follow-up actions a rule runs by itself are recorded by the replay; when the history
    lists them too (an export does), those entries are recognised and not run twice."""
    expected_follow_ups: list[tuple[str, str]] = []
    for number, entry in enumerate(actions, 1):
        unknown = sorted(entry.keys() - _ACTION_KEYS)
        where = f"actions[{number}]"
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)} (keys: {', '.join(ACTION_KEYS)})")
        name = _text(entry, "action", required=True, where=where)
        at = _instant(entry.get("at"), org, f"{where}.at")
        if expected_follow_ups and expected_follow_ups[0] == (name, to_db(at)):
            expected_follow_ups.pop(0)
            continue
        expected_follow_ups = []
        before = _last_n(app, complaint_id)
        try:
            if name == "sweep":
                app.sweep(org.id, at, complaint_ids=[complaint_id])
                continue
            facts = entry.get("fields") or {}
            if not isinstance(facts, dict):
                raise InputError(f"{where}.fields: expected an object")
            app.act(
                complaint_id,
                name,
                actor=_text(entry, "actor", where=where) or operator,
                to=_text(entry, "to", where=where) or None,
                note=_text(entry, "note", where=where) or None,
                fields=facts,
                at=at,
                org_id=org.id,
            )
        except TousuError as exc:
            raise TousuError(f"{where} ({name} at {entry.get('at')}): {exc}") from None
        expected_follow_ups = [(action, to_db(when)) for action, when in app.store.actions_after(complaint_id, before + 1)]


def _last_n(app: Any, complaint_id: str) -> int:
    return app.store.next_event_n(complaint_id) - 1


def _text(record: dict[str, Any], key: str, *, required: bool = False, where: str = "") -> str:
    value = record.get(key)
    if type(value) is str and value:  # the usual case, answered first: ten cells a record
        return value
    prefix = f"{where}.{key}" if where else key
    if value is None or value == "":
        if required:
            raise InputError(f"{prefix} is required")
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputError(f"{prefix}: expected text, got {type(value).__name__}")
    return str(value)


def _instant(value: Any, org: Org, what: str) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} is required (ISO-8601, e.g. 2026-10-01T09:00:00+08:00)")
    return parse_instant(value, org.tz, what=what)
