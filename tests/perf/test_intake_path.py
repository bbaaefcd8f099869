"""The intake write path made cheaper without changing what it records (issue 20).

Each test pins a behaviour the faster path must keep: the duplicate check finds a twin in its
window however large the register, the hash chain's canonical bytes are those of
`tousu.store.chain.canonical_event`, and a recorded intake reads back and verifies.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

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
