"""The import path's shortcuts of round 10 answer exactly what the long way answers (issue 20).

Each skips work an imported record repeated, never a decision: a stored instant's text spelled
from its fields instead of an aware ``isoformat`` cut short; an intake's month taken from its
`Create` instead of reckoned again; an organization's domains kept per organization object.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from tousu.testing import org
from tousu.timeutil import EARLIEST, LATEST, _utc_text, to_db, zone

_ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-3, minutes=-30)), zone("Asia/Shanghai"),
     zone("America/New_York"), zone("Europe/London"), zone("UTC"), zone("Australia/Lord_Howe")]
)


def _long_way(value: datetime) -> str:
    """What `to_db` spelled until round 10."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


@settings(deadline=None, max_examples=400)  # pure; a loaded machine is not a failure
@given(
    instant=st.datetimes(min_value=EARLIEST.replace(tzinfo=None), max_value=(LATEST - timedelta(days=2)).replace(tzinfo=None)),
    tz=_ZONES,
    fold=st.sampled_from([0, 1]),
)
def test_a_stored_instant_is_spelled_as_isoformat_spells_it(instant: datetime, tz: object, fold: int) -> None:
    value = instant.replace(tzinfo=UTC).astimezone(tz).replace(fold=fold)  # type: ignore[arg-type]
    assert _utc_text(value) == _long_way(value)
    assert to_db(value) == _long_way(value)


def test_the_far_ends_and_whole_seconds() -> None:
    for value in (EARLIEST, LATEST - timedelta(microseconds=1), datetime(2026, 3, 1, tzinfo=UTC),
                  datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=zone("Europe/London"))):
        assert _utc_text(value) == _long_way(value)
        assert to_db(value) == _long_way(value)


def _domains_long_way(app: Any, org_obj: Any) -> list[str]:
    infos = app.registry.infos
    return [d for p in org_obj.plugins for d in infos[p].domains if p in infos]


def test_an_organizations_domains_are_the_long_ways_and_asked_again_when_things_change(make_desk: Any) -> None:
    desk = make_desk(org("acme", ["retail", "property_mgmt"]), org("solo", ["retail"]))
    app = desk.app
    for org_id in ("acme", "solo"):
        found = app.org(org_id)
        assert app._domains_of(found) == _domains_long_way(app, found) == app._domains_of(found)
    acme = app.org("acme")
    other = attrs.evolve(acme, plugins=("property_mgmt",))  # a config read again: a new object
    assert app._domains_of(other) == ["property_mgmt"] == _domains_long_way(app, other)
    kept = app._domains["acme"]
    app.registry.add(object(), "late_plugin")  # a plugin added since: asked again
    assert app._domains_of(acme) == _domains_long_way(app, acme)
    assert app._domains["acme"] is not kept
    answer = app._domains_of(acme)
    answer.append("changed by a caller")  # a copy each time: the kept list stays as it was
    assert app._domains_of(acme) == _domains_long_way(app, acme)


def test_an_import_freezes_what_existed_only_while_it_runs_and_leaves_a_callers_freeze_alone() -> None:
    import gc

    from tousu.default_plugins.bulk.importer import _young_only

    assert gc.get_freeze_count() == 0
    with _young_only():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    try:
        with _young_only():
            raise KeyError("a record's failure")
    except KeyError:
        pass
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a caller (a server after its start) froze its own objects
    try:  # (the count itself drops as frozen objects are freed: only whether any are frozen is told)
        with _young_only():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0  # the caller's freeze is not undone by the import
    finally:
        gc.unfreeze()


def test_a_kept_text_is_the_text_of_its_instant_in_any_zone_and_the_kept_ones_stay_bounded() -> None:
    from tousu import timeutil

    start = datetime(2026, 3, 1, 8, tzinfo=zone("Asia/Shanghai"))
    for step in range(timeutil._UTC_KEPT * 2 + 5):  # past the bound twice: emptied, filled again
        local = start + timedelta(minutes=7 * step, microseconds=step)
        for value in (local, local.astimezone(UTC), local.astimezone(timezone(timedelta(hours=-5)))):
            assert to_db(value) == _long_way(value)
        assert len(timeutil._UTC_TEXTS) <= timeutil._UTC_KEPT
    assert to_db(start.astimezone(UTC)) == _long_way(start)  # asked again after the bound emptied it
