"""The register file the bulk tests import (tests.perf.register)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.perf.register import write_source


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_source(tmp_path)
