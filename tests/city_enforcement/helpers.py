"""Helpers of the complaint-center tests: the bureau's config and short CLI calls."""

from __future__ import annotations

from typing import Any

from tousu.testing import org

STAFF = {
    "wang": "receptionist",
    "chen": "receptionist",
    "liu": "squadron_leader",
    "li": "manager",
}
ROUTES = {
    "routes": {"noise": "一中队", "street_occupation": "二中队"},
    "district_routes": {"西城区": {"street_occupation": "西城中队", "*": "西城综合中队"}},
}


def center(org_id: str = "bureau", language: str = "en", **settings: Any) -> dict[str, Any]:
    """An organization running the complaint center, with `settings` over the test routes."""
    return org(
        org_id, ["city_enforcement"], staff=STAFF, settings={"city_enforcement": {**ROUTES, **settings}},
        language=language,
    )


def intake(desk: Any, at: Any, *args: str, actor: str = "wang", org_id: str = "bureau") -> dict[str, Any]:
    """``tousu intake --org ORG --actor ACTOR --at AT ARGS --json`` (a summary is added if missing)."""
    extra = () if "--summary" in args else ("--summary", "商铺夜间噪声扰民")
    return desk.json("intake", "--org", org_id, "--actor", actor, "--at", str(at), *extra, *args)


def act(desk: Any, cid: str, action: str, at: Any, *args: str, actor: str = "wang") -> dict[str, Any]:
    """``tousu act CID ACTION --actor ACTOR --at AT ARGS --json`` (a reply says 已答复 unless told)."""
    if action == "reply" and "--note" not in args and "--template" not in args:  # a reply needs its text (issue 18)
        args = (*args, "--note", "已答复")
    return desk.json("act", cid, action, "--actor", actor, "--at", str(at), *args)
