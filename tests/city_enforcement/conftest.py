"""The complaint center every test starts from: the bureau's staff and squadron routes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.city_enforcement.helpers import center


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(center())
