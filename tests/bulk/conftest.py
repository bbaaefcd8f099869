"""A desk with the in-test hotline domain: `hotline_desk` with orgs `city` (zh) and `town` (en)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.reporting.plugin import HotlinePlugin
from tousu.testing import org, registered


@pytest.fixture
def hotline() -> Iterator[HotlinePlugin]:
    plugin = HotlinePlugin()
    with registered(plugin, "hotline"):
        yield plugin


@pytest.fixture
def hotline_desk(make_desk: Any, hotline: HotlinePlugin) -> Any:
    return make_desk(org("city", ["hotline"], language="zh"), org("town", ["hotline"]))
