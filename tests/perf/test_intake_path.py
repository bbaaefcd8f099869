"""The intake write path made cheaper without changing what it records (issue 20).

Each test pins a behaviour the faster path must keep: the duplicate check finds a twin in its
window however large the register, the hash chain's canonical bytes are those of
`tousu.default_plugins.store.chain.canonical_event`, and a recorded intake reads back and verifies.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tousu.default_plugins.store import chain
from tousu.errors import Refused
from tousu.testing import org


@pytest.fixture
def shop(make_desk: Any) -> Any:
    return make_desk(org("shop", ["retail"], language="en"))


def test_a_backdated_twin_is_refused_however_many_complaints_came_after_it(shop: Any) -> None:
    start = shop.clock.now
    first = shop.complaint("shop", summary="冰箱不制冷", contact="13500001111", at=start)
    for i in range(60):  # more than the newest fifty the check once read
        shop.complaint(
            "shop",
            summary=f"另一件事 {i}",
            contact=f"1390000{i:04d}",
            at=start + timedelta(minutes=5 + i),
        )
    with pytest.raises(Refused) as refused:
        shop.complaint(
            "shop", summary="冰箱不制冷", contact="13500001111", at=start + timedelta(seconds=30)
        )
    assert first.id in str(refused.value)


def test_the_window_is_a_minute_either_side_and_only_the_same_domain_channel_summary_and_contact(
    shop: Any,
) -> None:
    start = shop.clock.now
    shop.complaint("shop", summary="冰箱不制冷", contact="13500001111", at=start)
    same = {"summary": "冰箱不制冷", "contact": "13500001111"}
    with pytest.raises(Refused):
        shop.complaint(
            "shop", **same, at=start - timedelta(seconds=60)
        )  # the window's edge is inside
    shop.complaint("shop", **same, at=start + timedelta(seconds=61))  # outside: a new call
    shop.complaint("shop", summary="冰箱不制冷", contact="13500002222", at=start)
    shop.complaint("shop", summary="冰箱不制冷了", contact="13500001111", at=start)
    shop.complaint("shop", **same, at=start, again=True)
    channels = shop.app.domain("retail").channels
    shop.complaint("shop", **same, channel=channels[1], at=start)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(deadline=None)  # pure; a loaded machine is not a failure
@given(data=st.dictionaries(_TEXT, _VALUES, max_size=6), os_user=_TEXT, origin=_TEXT, actor=_TEXT)
def test_the_payload_spelled_once_gives_the_canonical_bytes_of_the_chain(
    data: dict[str, Any], os_user: str, origin: str, actor: str
) -> None:
    fields = {
        "complaint_id": "C00000007",
        "n": 3,
        "org": "城管",
        "at": "2026-10-01T01:00:00.000000Z",
        "recorded_at": "2026-10-01T01:00:00.123456Z",
        "actor": actor,
        "role": "receptionist",
        "action": "intake",
        "os_user": os_user,
        "origin": origin,
    }
    spelled = chain.payload_json(data)
    assert chain.canonical_event_of(**fields, data_json=spelled) == chain.canonical_event(
        **fields, data=data
    )
    assert json.loads(spelled) == data


def test_a_recorded_intake_stores_its_payload_once_and_its_chain_verifies(shop: Any) -> None:
    complaint = shop.complaint("shop", summary='洗衣机漏水 "泡坏" 地板\n', contact="13500001111")
    (stored,) = shop.query("SELECT data FROM events WHERE complaint_id = ?", complaint.id)
    assert json.loads(stored[0]) == shop.app.history(complaint.id)[0].data
    assert all(result.broken is None for result in shop.app.store.verify("shop"))


def test_the_zone_is_written_once_per_process_and_again_after_a_rollback(shop: Any) -> None:
    from tousu.default_plugins.store import trust

    store = shop.app.store
    with pytest.raises(RuntimeError), store.transaction():
        trust.remember_zone(store, "shop", "Asia/Shanghai")
        raise RuntimeError("refused after the zone was written")
    with store.transaction(), pytest.raises(RuntimeError), store.savepoint():
        trust.remember_zone(store, "shop", "Asia/Shanghai")
        raise RuntimeError("a record refused inside its savepoint")
    assert "shop" not in store.zones_recorded
    assert shop.query("SELECT timezone FROM org_zones WHERE org = 'shop'") in ([], [("",)])
    shop.complaint("shop", summary="冰箱不制冷")
    assert shop.query("SELECT timezone FROM org_zones WHERE org = 'shop'") == [
        (shop.app.org("shop").timezone,)
    ]
    assert "shop" in store.zones_recorded  # later intakes of this process skip the statement
    shop.complaint("shop", summary="洗衣机漏水")
    assert shop.query("SELECT timezone FROM org_zones WHERE org = 'shop'") == [
        (shop.app.org("shop").timezone,)
    ]
