"""Shared pieces of the security tests: two organizations running all three domains, and figures.

Each test reports what it tried (sequences run, cross-organization attempts, masked views)
through `figures`; the lines are printed in pytest's terminal summary so they can be quoted.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.figures import FigureLog
from tousu.testing import org

LOG = FigureLog("security figures")

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


def two_orgs(**alpha_extra: Any) -> list[dict[str, Any]]:
    """`alpha` and `beta`, both enabling the three domains, with disjoint staff."""
    alpha = org("alpha", DOMAINS, staff=ALPHA_STAFF)
    alpha["alpha"].update(alpha_extra)
    return [alpha, org("beta", DOMAINS, staff=BETA_STAFF)]


@pytest.fixture
def figures() -> Any:
    """Call ``figures("200 sequences ...")`` to report a measured figure."""
    return LOG.add


def pytest_terminal_summary(terminalreporter: Any) -> None:
    LOG.report(terminalreporter)
