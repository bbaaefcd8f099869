"""Shared pieces of the security tests: two organizations running all three domains, and figures.

Each test reports what it tried (sequences run, cross-organization attempts, masked views)
through `figures`; the lines are printed in pytest's terminal summary so they can be quoted.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

from tousu.testing import org

FIGURES: list[str] = []

DOMAINS = ["retail", "property_mgmt", "city_enforcement"]
#: Alpha has every role the three domains know; beta a smaller desk with its own staff ids.
ALPHA_STAFF = {
    "wang": "receptionist",
    "zhao": "department_head",
    "chen": "supervisor",
    "li": "manager",
    "zhou": "general_manager",
    "liu": "squadron_leader",
    "sun": "finance",
}
BETA_STAFF = {"qian": "receptionist", "feng": "department_head", "wei": "manager", "jiang": "general_manager"}


def scaled(name: str, default: int) -> int:
    """A test's size: `default` in CI, or the environment variable `name` for a long run."""
    return int(os.environ.get(name, default))


def two_orgs(**alpha_extra: Any) -> list[dict[str, Any]]:
    """`alpha` and `beta`, both enabling the three domains, with disjoint staff."""
    alpha = org("alpha", DOMAINS, staff=ALPHA_STAFF)
    alpha["alpha"].update(alpha_extra)
    return [alpha, org("beta", DOMAINS, staff=BETA_STAFF)]


@pytest.fixture
def figures() -> Any:
    """Call ``figures("200 sequences ...")`` to report a measured figure."""

    def add(line: str) -> None:
        FIGURES.append(line)
        print(line, file=sys.stderr)

    return add


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("security figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
