"""The center's yearly report reproduces the source's year from generated data.

The source (part 4): 646 cases received — 438 phone complaints, 147 phone consultations, 50
visits, 11 transferred from superiors; 28 transferred out; processing rate 100%; satisfaction
above 95%; of the 499 complaints, commercial noise 22.2% (111) and street occupation 19.4% (97).
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from typing import Any

import pytest

from tousu.models import Period
from tousu.timeutil import zone

TZ = zone("Asia/Shanghai")
YEAR = Period(datetime(2026, 1, 1, tzinfo=TZ), datetime(2027, 1, 1, tzinfo=TZ), "2026")
CATEGORY_COUNTS = {
    "noise": 111,
    "street_occupation": 97,
    "illegal_construction": 80,
    "outdoor_advertising": 60,
    "shop_signs": 55,
    "outdoor_barbecue": 60,
    "other": 36,
}
TRANSFERRED = 28
UNSATISFIED = 28
REPEATS = 5


def section(desk: Any, period: Period) -> dict[str, Any]:
    app = desk.app
    sections = app.hooks.report_section(org=app.org("bureau"), store=app.store, period=period)
    [ours] = [s for s in sections if s.domain == "city_enforcement"]
    return {"title": ours.title, **ours.figures}


def generate_year(desk: Any) -> None:
    """646 cases spread over 2026, each handled within a day as the source's center did."""
    rng = random.Random(2026)
    intakes = (
        [("phone", "complaint")] * 438
        + [("phone", "consultation")] * 147
        + [("visit", "complaint")] * 50
        + [("superior_transfer", "complaint")] * 11
    )
    rng.shuffle(intakes)
    categories = [c for c, n in CATEGORY_COUNTS.items() for _ in range(n)]
    rng.shuffle(categories)
    for k in range(49, len(categories), 100):  # the callers who call again do so about the same matter
        j = next(j for j in range(k + 1, len(categories)) if categories[j] == categories[k - 1])
        categories[k], categories[j] = categories[j], categories[k]
    app = desk.app
    step = timedelta(days=360) / len(intakes)
    complaints = 0
    unsatisfied = UNSATISFIED
    previous_contact = ""
    with app.store.transaction():
        for n, (channel, kind) in enumerate(intakes):
            at = YEAR.start + timedelta(hours=8) + step * n
            fields = {"kind": kind, "district": ("东城区", "西城区")[n % 2]}
            contact = f"139{n:08d}"
            if kind == "complaint":
                category = categories[complaints]
                complaints += 1
                if complaints % 100 == 50:  # five callers call again about the same matter
                    contact = previous_contact
                previous_contact = contact
                if complaints <= TRANSFERRED // 2:
                    fields["transfer_to"] = "区住房和城乡建设局"
            else:
                category = rng.choice(list(CATEGORY_COUNTS))
            case = app.intake(
                "bureau", channel=channel, summary=f"case {n}", category=category, contact=contact,
                place=f"人民路{n}号", fields=fields, actor="wang", at=at,
            )
            if case.status == "transferred":
                continue
            if kind == "complaint" and complaints <= TRANSFERRED:
                app.act(case.id, "transfer", to="区生态环境局", actor="wang", at=at + timedelta(hours=2))
                continue
            app.act(case.id, "reply", note="answered", actor="wang", at=at + timedelta(hours=1))
            if kind == "complaint":
                app.act(case.id, "resolve", actor="liu", at=at + timedelta(hours=6))
            satisfied = not (unsatisfied and n % 20 == 3)
            unsatisfied -= not satisfied
            app.act(case.id, "callback", fields={"satisfied": satisfied}, actor="li", at=at + timedelta(hours=8))
            if kind == "complaint":
                app.act(case.id, "close", actor="wang", at=at + timedelta(hours=9))
    assert unsatisfied == 0 and complaints == 499


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The generated year, built once for this module (a desk of its own)."""
    from tests.city_enforcement.helpers import center
    from tousu.testing import Desk

    desk = Desk(tmp_path_factory.mktemp("year"), center(), "OFF")
    started = time.perf_counter()
    generate_year(desk)
    desk.seconds = time.perf_counter() - started
    yield desk
    desk.close()


def test_the_year_is_generated_whole_through_the_app(year: Any) -> None:
    """Every case of the source's year is in the register (the time it took is reported, not
    asserted: a loaded machine must not fail a test; benchmarks/run.py measures speed)."""
    print(f"city year: 646 cases generated in {year.seconds:.1f}s")
    assert year.app.store.count_received("bureau") == 646


def test_the_year_reproduces_the_source_counts(year: Any) -> None:
    figures = section(year, YEAR)
    assert figures["received"] == 646
    assert (figures["complaints"], figures["consultations"]) == (499, 147)
    assert figures["by_channel"] == {"phone": 585, "visit": 50, "superior_transfer": 11}
    assert figures["by_channel_and_kind"] == {
        "phone": {"complaint": 438, "consultation": 147},
        "visit": {"complaint": 50, "consultation": 0},
        "superior_transfer": {"complaint": 11, "consultation": 0},
    }
    assert figures["transferred_out"] == 28
    assert figures["transferred_to"] == {"区住房和城乡建设局": 14, "区生态环境局": 14}
    assert figures["repeats"] == REPEATS


def test_the_year_reproduces_the_source_rates_and_shares_of_complaints(year: Any) -> None:
    figures = section(year, YEAR)
    assert figures["handled"] == 646 and figures["processing_rate_percent"] == 100.0
    assert figures["complaints_by_category"] == CATEGORY_COUNTS
    assert figures["category_share_percent"]["noise"] == 22.2
    assert figures["category_share_percent"]["street_occupation"] == 19.4
    assert sum(figures["consultations_by_category"].values()) == 147  # counted apart, not in the shares
    assert (figures["called_back"], figures["satisfied"]) == (618, 590)
    assert figures["satisfaction_rate_percent"] == 95.5
    # round 2 (件件有答复 covers every exit): the 28 transferred cases were answered "已移送…" as they left
    assert figures["answered"] == 646
    assert figures["still_open"] == 0 and figures["drag_on_cases"] == 0


def test_the_leadership_gets_every_week_and_month_of_the_year(year: Any) -> None:
    figures = section(year, YEAR)
    weeks, months = figures["weekly"], figures["monthly"]
    assert [m["month"] for m in months] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert weeks[0]["week"] == "2026-W01" and weeks[-1]["week"] == "2026-W53" and len(weeks) == 53
    for table in (weeks, months):
        assert sum(row["received"] for row in table) == 646
        assert sum(row["consultations"] for row in table) == 147
        assert sum(row["noise"] for row in table) == 111
        assert sum(row["transferred_out"] for row in table) == 28
    assert figures["by_district"] == {"东城区": 323, "西城区": 323}


def test_the_title_is_in_the_organization_language(year: Any) -> None:
    assert section(year, YEAR)["title"] == "City enforcement bureau complaint center · 2026"
