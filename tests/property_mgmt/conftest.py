"""A property-management company's desk for the SOP tests, and a helper that fills in the form."""

from __future__ import annotations

from typing import Any

import pytest

from tousu.testing import org

STAFF = {
    "wang": "receptionist",
    "zhao": "department_head",
    "chen": "supervisor",
    "li": "manager",
    "zhou": "general_manager",
    "sun": "patrol_team",
}
#: The form the recommended configuration requires (docs/property_mgmt.md).
REQUIRED = ["place", "respondent", "request", "contact", "tier"]
T = "2026-10-01T09:00:00+08:00"


def estate_org(**settings: Any) -> dict[str, Any]:
    return org(
        "estate",
        ["property_mgmt"],
        staff=STAFF,
        settings={"property_mgmt": {"required_fields": REQUIRED, **settings}},
    )


@pytest.fixture
def desk(make_desk: Any) -> Any:
    """Garden Court Property (Asia/Shanghai) with the recommended, complete-form configuration."""
    return make_desk(estate_org())


def form(*extra: str, at: str = T, **fields: str) -> list[str]:
    """``tousu intake`` arguments for a complete resident complaint form, with overrides."""
    values = {
        "--channel": "phone",
        "--summary": "3栋电梯经常停在两层之间",
        "--place": "3栋电梯",
        "--respondent": "工程部",
        "--request": "尽快检修",
        "--complainant": "张先生",
        "--contact": "13812345678",
        "--actor": "wang",
    }
    for key, value in fields.items():
        values[f"--{key}"] = value
    # the same form filed again and again at one instant: --again (issue 18 asks for it)
    args = ["intake", "--org", "estate", "--at", at, "--again"]
    for key, value in values.items():
        if value is not None:
            args += [key, value]
    return args + list(extra)


def file(desk: Any, *extra: str, at: str = T, **fields: str) -> dict[str, Any]:
    """Record a complaint through the CLI and return its JSON document."""
    return desk.json(*form(*extra, at=at, **fields))


def due(doc: dict[str, Any], name: str) -> str:
    """The due time of deadline `name` as the CLI prints it."""
    return next(d["due_at"] for d in (*doc["deadlines"], *doc["timers"]) if d["name"] == name)


def deadline(doc: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((d for d in (*doc["deadlines"], *doc["timers"]) if d["name"] == name), None)
