"""A copy onto PostgreSQL counts the derived tallies there, once (`tousu.default_plugins.store.postgres_migrate`).

``clock_tallies`` and the received-complaint rollup are kept by triggers as clocks and complaints
are written; copying their SQLite rows and then the clocks made the target's triggers count every
clock a second time (a month's on-time figures doubled), and SQLite's key texts are not
PostgreSQL's. The copy leaves them out and counts them again on the target; here a random
property desk is copied and both tallies agree with a fresh count, and the section with SQLite's.
"""

from __future__ import annotations

import os
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.property_mgmt.conftest import REQUIRED, STAFF
from tests.property_mgmt.test_statistics_random import OCTOBER, SH, _walk
from tousu.compose import load_registry, plugin_migrations
from tousu.default_plugins.store import Store, postgres_migrate, postgres_testdb
from tousu.testing import Desk, org
from tousu_property_mgmt import statistics

pytestmark = pytest.mark.postgres_only


def test_the_copy_counts_the_tallies_once_on_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = org("estate", ["property_mgmt"], staff=STAFF, settings={"property_mgmt": {"required_fields": REQUIRED}})
    url = os.environ[postgres_testdb.ENV]
    with monkeypatch.context() as patch:  # the source desk on SQLite
        patch.delenv(postgres_testdb.ENV)
        patch.delenv("TOUSU_DATABASE", raising=False)
        desk = Desk(tmp_path, table, database=None)
        app = desk.app
        assert _walk(app, random.Random(7), 200) > 60
    assert os.environ[postgres_testdb.ENV] == url
    target_url = postgres_testdb.fresh_database()
    target: Any = Store(target_url)
    try:
        target.migrate(plugin_migrations(load_registry()))
        postgres_migrate.copy(app.store, target)
        assert target.clock_tallies_drift() == []
        assert target.received_rollup_drift() == []
        estate = app.org("estate")
        now = datetime(2026, 11, 2, 9, tzinfo=SH)
        assert statistics.section(estate, target, OCTOBER, now) == statistics.section(estate, app.store, OCTOBER, now)
    finally:
        target.close()
        desk.close()
        postgres_testdb.drop(target_url)
