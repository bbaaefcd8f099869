"""Fixtures of the kit tests: the probe plugin (and a bystander domain) registered for one
test, with the installed entry points switched off so nothing else answers. In the desk,
``acme`` enables the probe, ``mixed`` enables it beside the bystander, ``quiet`` only the
bystander."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.kit.probe import Bystander, Probe
from tousu.testing import org, registered


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> Iterator[Probe]:
    monkeypatch.setenv("TOUSU_LOAD_PLUGINS", "")  # only the in-process plugins below
    with registered(Probe(), "probe") as plugin, registered(Bystander(), "bystander"):
        yield plugin  # type: ignore[misc]


@pytest.fixture
def desk(make_desk: Any, probe: Probe) -> Any:
    return make_desk(
        org("acme", ["probe"], settings={"probe": {"reply_within": "3d"}}),
        org("mixed", ["probe", "bystander"], staff={"sun": "receptionist", "qian": "manager"}),
        org("quiet", ["bystander"], staff={"ma": "receptionist"}),
    )
