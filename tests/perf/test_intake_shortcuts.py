"""The intake path's shortcuts answer exactly what the long way answers (issue 20, round 8).

Each shortcut skips work an intake repeated, never a decision: the JSON texts are spelled by
the very C encoder `json.JSONEncoder.encode` builds at every call; a new clock's warning is
counted from its start, the instant its recorded ``from`` reads back as. Each test performs both ways and compares.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tousu.default_plugins.store import chain, rows
from tousu.testing import org

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=25,
)
_ENCODERS = {
    "canonical": json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False),
    "sorted": json.JSONEncoder(ensure_ascii=False, sort_keys=True),
    "plain": json.JSONEncoder(ensure_ascii=False),
}


@settings(deadline=None)  # pure; a loaded machine is not a failure
@given(value=_VALUES)
def test_each_stored_text_is_the_one_json_encode_spells(value: Any) -> None:
    for name, encoder in _ENCODERS.items():
        fast = chain.one_shot(encoder)
        try:
            expected = encoder.encode(value)
        except ValueError as refused:  # infinities, for the canonical form
            with pytest.raises(ValueError, match=str(refused)):
                fast(value)
            continue
        assert fast(value) == expected, name
    assert rows._SORTED_JSON(value) == _ENCODERS["sorted"].encode(value)  # the store's own, as made


def test_a_text_that_cannot_be_spelled_is_refused_alike_and_the_next_one_is_spelled() -> None:
    looped: list[Any] = []
    looped.append(looped)
    for encoder in _ENCODERS.values():
        fast = chain.one_shot(encoder)
        for bad, error in (({"a": object()}, TypeError), (looped, ValueError)):
            with pytest.raises(error) as ours:
                fast(bad)
            with pytest.raises(error) as theirs:
                encoder.encode(bad)
            assert str(ours.value) == str(theirs.value)
        assert fast({"b": [1], "a": "中"}) == encoder.encode({"b": [1], "a": "中"})  # fresh markers: no false cycle


def test_a_new_clock_warns_at_the_instant_its_recorded_start_gives(make_desk: Any) -> None:
    from tousu.calendar import parse
    from tousu.calendars.deadlines import clock, op_fields, warn_instant
    from tousu.models import Complaint
    from tousu.timeutil import to_db

    desk = make_desk(org("berlin", ["retail"], timezone="Europe/Berlin"))
    berlin = desk.app.org("berlin")
    complaint = Complaint(id="C1", org="berlin", domain="retail", channel="phone",
                          received_at=datetime(2026, 3, 28, 12, tzinfo=UTC), summary="x", tier="level2")

    @settings(deadline=None, max_examples=60)
    @given(
        minutes=st.integers(min_value=0, max_value=60 * 24 * 30),
        span=st.sampled_from(["10m", "2h", "3d", "2wd", "8wh", "1w"]),
        business_hours=st.booleans(),
        zoned=st.booleans(),
    )
    def check(minutes: int, span: str, business_hours: bool, zoned: bool) -> None:
        start = datetime(2026, 3, 20, 6, 30, 0, 250, tzinfo=UTC) + timedelta(minutes=minutes)
        if zoned:  # a start in the organization's zone: across a DST change on some examples
            start = start.astimezone(berlin.tz)
        spec = clock(berlin, "reply", start, parse(span), business_hours=business_hours)
        fields = op_fields(spec, complaint, berlin, start)
        warned = warn_instant(berlin, fields["clock"], spec.due_at)
        assert fields.get("warn_at") == (None if warned is None else to_db(warned))

    check()
