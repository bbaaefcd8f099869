"""Shared fixtures of the core tests: a desk with the in-test domain plugin enabled for one org."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.core_plugin import CoreTestPlugin
from tousu.testing import org, registered


@pytest.fixture
def deskplugin() -> Iterator[CoreTestPlugin]:
    plugin = CoreTestPlugin()
    with registered(plugin, "deskplugin"):
        yield plugin


@pytest.fixture
def two_orgs(make_desk: Any, deskplugin: CoreTestPlugin) -> Any:
    """`acme` enables the test plugin; `other` enables it too, with its own staff; `quiet` does not."""
    return make_desk(
        org("acme", ["deskplugin"]),
        org("other", ["deskplugin"], staff={"sun": "receptionist", "qian": "manager"}),
        org("quiet", ["property_mgmt"], staff={"ma": "receptionist"}),
    )
