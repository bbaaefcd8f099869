"""The second lock on PostgreSQL: a role for tousu that may only SELECT and INSERT history.

What docs/scaling.md tells a deployer to create, created here: tousu works as that role
(intake, act, show, verify), and the role itself cannot change or delete an event, even
with the triggers gone.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any
from urllib.parse import urlsplit

import pytest

from tousu.testing import org

pytestmark = pytest.mark.postgres_only

GRANTS = """
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
REVOKE UPDATE, DELETE, TRUNCATE ON events, audit, frozen_reports FROM {role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}
"""


def _as(url: str, user: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{user}@{parts.hostname}:{parts.port}").geturl()


def test_tousu_runs_as_a_role_that_cannot_rewrite_history(make_desk: Any) -> None:
    import psycopg

    desk = make_desk(org("acme", ["retail"]))
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "the first, as the owner")["id"]
    # the suite connects as a superuser: verify still says ok, and warns what the role may do
    owned = desk.cli("verify")
    assert owned.code == 0 and owned.stdout.startswith("ok: "), owned.stderr
    assert owned.stderr.strip() == (
        "warning: the database role may UPDATE events, DELETE events, TRUNCATE events, UPDATE audit, "
        "DELETE audit, TRUNCATE audit, UPDATE frozen_reports, DELETE frozen_reports, TRUNCATE frozen_reports: "
        "only the triggers keep the history append-only; connect as a role granted only SELECT and INSERT "
        "on them (docs/scaling.md)"
    )
    assert len(desk.json("verify")["history_rights"]) == 9
    desk.close()
    owner, role = desk.database, f"tousu_app_{os.getpid()}"
    with psycopg.connect(owner, autocommit=True) as admin:
        admin.execute(f"DROP ROLE IF EXISTS {role}")  # a leftover of an interrupted run
        admin.execute(f"CREATE ROLE {role} LOGIN")
        for statement in GRANTS.format(role=role).split(";"):
            admin.execute(statement)
    desk.database = _as(owner, role)
    try:
        second = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "the second, as the app")["id"]
        desk.json("act", second, "forward", "--to", "客服部")
        assert desk.json("show", cid, "--actor", "li")["id"] == cid
        verified = desk.json("verify")
        assert verified["ok"] and verified["history_rights"] == []  # granted as documented: no warning
        assert desk.cli("verify").stderr == ""
        conn = desk.connect()
        for attack in ("UPDATE events SET actor = 'mallory'", "DELETE FROM events", "TRUNCATE events",
                       "DROP TRIGGER IF EXISTS events_no_update", "UPDATE audit SET actor = 'mallory'"):
            with pytest.raises(sqlite3.DatabaseError, match=r"permission denied|must be owner"):
                conn.execute(attack)
        conn.close()
    finally:
        desk.close()
        desk.database = owner
        with psycopg.connect(owner, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")
