"""The table layout of the SQLite store, as the migrations that build it (the store's own business).

Nothing outside `tousu.default_plugins.store` reads these tables: the App, the default plugins and the domain
plugins go through the store's named methods (`tousu.store_surface` and the default plugins' own),
so the layout may change with a migration and a PostgreSQL store may lay its tables out its own way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from tousu.default_plugins.store import ledger
from tousu.default_plugins.store.outbox import MIGRATIONS as OUTBOX_MIGRATIONS

#: A migration: its name and SQL text (run statement by statement) or a function of the
#: ``sqlite_utils.Database`` for a change SQL alone cannot make.
Migration = tuple[str, "str | Callable[[Any], None]"]

CORE_MIGRATIONS: list[Migration] = [
    (
        "core-0001-initial",
        """
        CREATE TABLE complaints (
            id TEXT PRIMARY KEY,
            org TEXT NOT NULL,
            domain TEXT NOT NULL,
            channel TEXT NOT NULL,
            received_at TEXT NOT NULL,
            month TEXT NOT NULL,
            summary TEXT NOT NULL,
            status TEXT NOT NULL,
            tier TEXT,
            category TEXT,
            classification_reason TEXT NOT NULL DEFAULT '',
            respondent TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            request TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            assignee TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            urgent INTEGER NOT NULL DEFAULT 0,
            flags TEXT NOT NULL DEFAULT '[]',
            fields TEXT NOT NULL DEFAULT '{}',
            resolved_at TEXT,
            closed_at TEXT,
            last_event INTEGER NOT NULL
        );
        CREATE INDEX complaints_org_month ON complaints (org, month, tier, category, channel, status);
        CREATE INDEX complaints_org_status ON complaints (org, status);
        CREATE TABLE personal (
            complaint_id TEXT PRIMARY KEY,
            complainant TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            erased_at TEXT
        );
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            complaint_id TEXT NOT NULL,
            n INTEGER NOT NULL,
            org TEXT NOT NULL,
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            data TEXT NOT NULL,
            UNIQUE (complaint_id, n)
        );
        CREATE INDEX events_org_action_at ON events (org, action, at);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only: history cannot be changed'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only: history cannot be deleted'); END;
        CREATE TABLE deadlines (
            complaint_id TEXT NOT NULL,
            name TEXT NOT NULL,
            org TEXT NOT NULL,
            due_at TEXT NOT NULL,
            state TEXT NOT NULL,
            met_at TEXT,
            met_by TEXT NOT NULL DEFAULT '[]',
            kind TEXT NOT NULL DEFAULT 'deadline',
            extensions TEXT NOT NULL DEFAULT '[]',
            active INTEGER NOT NULL,
            PRIMARY KEY (complaint_id, name)
        );
        CREATE INDEX deadlines_pending ON deadlines (org, due_at) WHERE active = 1 AND state = 'pending';
        CREATE INDEX deadlines_active ON deadlines (org, due_at) WHERE active = 1;
        CREATE INDEX deadlines_org_due ON deadlines (org, due_at, name, state, met_at);
        CREATE TABLE steps (
            complaint_id TEXT NOT NULL,
            name TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            done_at TEXT,
            done_by TEXT,
            PRIMARY KEY (complaint_id, name)
        );
        CREATE TABLE links (
            complaint_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            PRIMARY KEY (complaint_id, kind, target)
        );
        CREATE INDEX links_target ON links (target);
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """,
    ),
    (
        "core-0002-reports",
        """
        CREATE INDEX complaints_org_received ON complaints (org, received_at);
        CREATE INDEX complaints_org_resolved ON complaints (org, resolved_at) WHERE resolved_at IS NOT NULL;
        CREATE INDEX deadlines_org_kind_due ON deadlines (org, kind, due_at, name, state, met_at);
        CREATE TABLE frozen_reports (
            seq INTEGER PRIMARY KEY,
            org TEXT NOT NULL,
            period TEXT NOT NULL,
            frozen_at TEXT NOT NULL,
            frozen_by TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL DEFAULT '',
            document TEXT NOT NULL
        );
        CREATE INDEX frozen_reports_org_period ON frozen_reports (org, period, seq);
        CREATE TRIGGER frozen_reports_no_update BEFORE UPDATE ON frozen_reports
            BEGIN SELECT RAISE(ABORT, 'frozen reports are append-only: an issued report cannot be changed'); END;
        CREATE TRIGGER frozen_reports_no_delete BEFORE DELETE ON frozen_reports
            BEGIN SELECT RAISE(ABORT, 'frozen reports are append-only: an issued report cannot be deleted'); END;
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            org TEXT NOT NULL,
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_org_at ON audit (org, at);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
    ),
    (
        "core-0003-lookups",
        # Plugins look up earlier cases by contact, and by place and category, at every intake
        # (city_enforcement's repeat petitions): without these each lookup reads the whole register.
        """
        CREATE INDEX personal_contact ON personal (contact);
        CREATE INDEX complaints_org_place ON complaints (org, place, category, received_at, id);
        """,
    ),
    (
        "core-0004-report-figures",
        # Every core figure of a month's report in one pass over one index: the counts and
        # breakdowns, the callbacks' verdicts, and resolution times (covered: no table reads).
        # It starts with every column of complaints_org_month, which it replaces.
        """
        CREATE INDEX complaints_org_month_figures ON complaints
            (org, month, tier, category, channel, status, resolved_at, received_at, json_extract(fields, '$.satisfied'));
        DROP INDEX complaints_org_month;
        """,
    ),
    (
        "core-0005-clock-queues",
        # The two queues of running clocks, each in exactly the order it is read, so their cost
        # follows the clocks due rather than the register: sweep (pending clocks by due time)
        # and the daily list / overdue figure (running deadlines, timers left out). They
        # replace the two partial indexes on (org, due_at) that the planner could not tell apart.
        """
        CREATE INDEX deadlines_sweep ON deadlines (org, due_at, complaint_id) WHERE active = 1 AND state = 'pending';
        CREATE INDEX deadlines_due_list ON deadlines (org, due_at, complaint_id, met_at)
            WHERE active = 1 AND kind = 'deadline';
        DROP INDEX deadlines_pending;
        DROP INDEX deadlines_active;
        """,
    ),
    (
        "core-0006-sweep-events",
        # "Did a sweep breach this clock / escalate this complaint?" for each complaint of a
        # month's report: only sweep events are indexed, so the lookup finds them without
        # reading every event of every complaint (and intakes and actions never touch it).
        """
        CREATE INDEX events_sweeps ON events (complaint_id) WHERE action = 'sweep';
        """,
    ),
    *OUTBOX_MIGRATIONS,  # the outbox and receipt codes (tousu.default_plugins.store.outbox)
    # Tamper evidence (tousu.default_plugins.store.chain): the OS user, the origin and the hash of every row.
    ("core-0007-chain", ledger.migrate_chain),
]

# how each clock was computed, when it warns, whether a sweep recorded the warning (tousu.calendars)
CORE_MIGRATIONS.append(
    (
        "core-clocks-0001-deadline-clock",
        """
        ALTER TABLE deadlines ADD COLUMN clock TEXT NOT NULL DEFAULT '';
        ALTER TABLE deadlines ADD COLUMN warn_at TEXT;
        ALTER TABLE deadlines ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX deadlines_warnings ON deadlines (org, warn_at, complaint_id)
            WHERE active = 1 AND state = 'pending' AND warn_at IS NOT NULL;
        """,
    )
)

# the search index over complaints' texts (tousu.default_plugins.store.search) keeps itself in step by triggers
from tousu.default_plugins.store.search import SEARCH_MIGRATIONS  # noqa: E402

CORE_MIGRATIONS += SEARCH_MIGRATIONS
# Staff credentials (tousu.default_plugins.store.credentials): password hashes, token digests, failed logins.
from tousu.default_plugins.store.credentials import MIGRATIONS as _CREDENTIAL_MIGRATIONS  # noqa: E402

CORE_MIGRATIONS.extend(_CREDENTIAL_MIGRATIONS)
# import refs and each organization's recorded zone (tousu.default_plugins.store.trust, issue 13)
from tousu.default_plugins.store.trust import MIGRATIONS as _TRUST_MIGRATIONS  # noqa: E402

CORE_MIGRATIONS.extend(_TRUST_MIGRATIONS)
# the clocks due per hour, kept by triggers, and the paused clocks' index (tousu.default_plugins.store.tallies, issue 20)
from tousu.default_plugins.store.tallies import MIGRATIONS as _TALLY_MIGRATIONS  # noqa: E402

CORE_MIGRATIONS.extend(_TALLY_MIGRATIONS)
# an import batch's derived rows written set-wise, its insert triggers standing aside (tousu.default_plugins.store.derived, issue 20)
from tousu.default_plugins.store.derived import MIGRATIONS as _DERIVED_MIGRATIONS  # noqa: E402

CORE_MIGRATIONS.extend(_DERIVED_MIGRATIONS)

#: The projection tables, in the order they are cleared: a complaint's clocks before the
#: complaint, so that the clock tallies' triggers still find the complaint's domain.
PROJECTION_TABLES = ("deadlines", "steps", "links", "complaints")


def _version() -> str:
    from tousu import __version__

    return __version__


def _script(sql: str) -> Callable[[Any], None]:
    def run(db: Any) -> None:
        pending = ""
        for piece in sql.split(";"):
            pending += piece + ";"
            if sqlite3.complete_statement(pending):
                if pending.strip(" \n;"):
                    db.conn.execute(pending)
                pending = ""

    return run



#: Below this many complaints every plan is quick, and statistics would cost each fresh
#: database a write on its first open.
STATISTICS_FROM = 1_000
#: Statistics are gathered again when the register has grown this many times since.
STATISTICS_GROWTH = 10


def refresh_statistics(conn: Any) -> bool:
    """Run ``ANALYZE`` (SQLite) when the register has no statistics yet or has outgrown them;
    whether it ran. Called each time the store is opened and migrated.

    Without ``sqlite_stat1`` SQLite's planner guesses every ``org = ?`` narrow, and on a large
    register walked a whole organization where an index would have answered. The check costs
    two lookups; the ``ANALYZE`` itself reads every index once (0.6 s at 100,000 complaints),
    once per tenfold growth. Whole, not with ``analysis_limit``: a sampled ``ANALYZE`` reports
    the one organization of a deployment as holding ~limit rows, the very misjudgment this
    cures. PostgreSQL's autovacuum keeps its own statistics.
    """
    if not isinstance(conn, sqlite3.Connection):
        return False
    rows = conn.execute("SELECT max(rowid) FROM complaints").fetchone()[0] or 0  # ~ the count, from the b-tree's end
    if rows < STATISTICS_FROM:
        return False
    try:
        stat = conn.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'complaints' AND idx = 'sqlite_autoindex_complaints_1'"
        ).fetchone()
    except sqlite3.OperationalError:  # no sqlite_stat1: never analyzed
        stat = None
    analyzed = int(stat[0].split()[0]) if stat and stat[0] else 0
    if analyzed and rows < STATISTICS_GROWTH * analyzed:
        return False
    try:
        conn.execute("ANALYZE")
    except sqlite3.OperationalError:  # a read-only file: the plans are the same without, only slower
        return False
    return True
