"""Finding complaints by what people remember of them: a few characters of the summary, the
place, the respondent, the department, what was asked, or the caller's name or phone number.

An FTS5 table with the trigram tokenizer holds those texts, so any substring of three or more
characters (Chinese included: ``电梯停``, ``5678``) is found through the index on a million
complaints. Triggers on ``complaints`` and ``personal`` keep it in step with every write,
rebuild and purge, so no write path has to remember it. Its rowid is the number of the
complaint id (``C00000005`` → 5). Queries shorter than three characters, which a trigram
index cannot serve, scan the organization's complaints newest first.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tousu.default_plugins.store.postgres import uses_postgres

#: The texts anyone who may list complaints may search.
OPEN_COLUMNS = ("summary", "place", "respondent", "request", "department")
#: The complainant's own data: searched only where the searcher may see it (`tousu.default_plugins.doors.privacy`).
PERSONAL_COLUMNS = ("complainant", "contact")

_ROWID = "CAST(substr({t}.id, 2) AS INTEGER)"
_PERSONAL_OF = "(SELECT {col} FROM personal WHERE complaint_id = new.id)"
SEARCH_MIGRATIONS: list[tuple[str, Any]] = [
    (
        "core-0100-search",
        f"""
        CREATE VIRTUAL TABLE complaint_search USING fts5(
            {", ".join(OPEN_COLUMNS + PERSONAL_COLUMNS)}, tokenize = 'trigram'
        );
        INSERT INTO complaint_search (rowid, {", ".join(OPEN_COLUMNS + PERSONAL_COLUMNS)})
            SELECT {_ROWID.format(t="c")}, c.summary, c.place, c.respondent, c.request, c.department,
                   coalesce(p.complainant, ''), coalesce(p.contact, '')
            FROM complaints c LEFT JOIN personal p ON p.complaint_id = c.id;
        CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaints BEGIN
            DELETE FROM complaint_search WHERE rowid = {_ROWID.format(t="new")};
            INSERT INTO complaint_search (rowid, {", ".join(OPEN_COLUMNS + PERSONAL_COLUMNS)}) VALUES (
                {_ROWID.format(t="new")}, new.summary, new.place, new.respondent, new.request, new.department,
                coalesce({_PERSONAL_OF.format(col="complainant")}, ''), coalesce({_PERSONAL_OF.format(col="contact")}, '')
            );
        END;
        CREATE TRIGGER complaint_search_update AFTER UPDATE OF summary, place, respondent, request, department
            ON complaints BEGIN
            UPDATE complaint_search SET summary = new.summary, place = new.place, respondent = new.respondent,
                request = new.request, department = new.department
            WHERE rowid = {_ROWID.format(t="new")};
        END;
        CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaints BEGIN
            DELETE FROM complaint_search WHERE rowid = {_ROWID.format(t="old")};
        END;
        CREATE TRIGGER complaint_search_personal AFTER INSERT ON personal BEGIN
            UPDATE complaint_search SET complainant = new.complainant, contact = new.contact
            WHERE rowid = CAST(substr(new.complaint_id, 2) AS INTEGER);
        END;
        CREATE TRIGGER complaint_search_personal_update AFTER UPDATE ON personal BEGIN
            UPDATE complaint_search SET complainant = new.complainant, contact = new.contact
            WHERE rowid = CAST(substr(new.complaint_id, 2) AS INTEGER);
        END;
        """,
    ),
]


#: The covering key of a search (core-0101): the index's rowid, then every column a search's
#: count filters on (the organization, what the receptionist's visibility reads, and `list`'s
#: filters), so counting a phrase that a quarter of a million complaints contain reads this
#: index alone, in the index's own rowid order, and never the complaints' rows.
KEY_COLUMNS = ("org", "status", "owner", "assignee", "department", "tier", "category")
_KEY = _ROWID.format(t="c")
#: The trigram index's matches, newest first, each joined to its complaint through the key.
#: ``CROSS JOIN`` keeps the index outside (SQLite's planner never reorders it), so the plan
#: does not depend on ``ANALYZE`` statistics: a rare phrase costs the same at any size.
_MATCHES = (
    "(SELECT rowid AS n FROM complaint_search WHERE complaint_search MATCH ?) s "
    f"CROSS JOIN complaints c ON {_KEY} = s.n"
)
#: The receptionist's own cases: every text searched; the rest: the open texts only. The open
#: matches are a subset of all matches, read once into a set (a per-row lookup in the trigram
#: index costs ~0.25 ms: 7 s for 28,000 matches).
_HANDLED_OR_OPEN = "(? IN (c.owner, c.assignee) OR s.n IN (SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?))"

#: PostgreSQL (core-0101): the same texts as one lower-cased string per table (``chr(1)``
#: between columns, so a phrase never spans two), with a pg_trgm GIN index on each when the
#: extension can be created, which ``LIKE '%phrase%'`` uses; without it the same condition
#: scans, with the same answers.
_PG_OPEN = "tousu_search_open(c.summary, c.place, c.respondent, c.request, c.department)"
_PG_PERSONAL = "tousu_search_personal(p.complainant, p.contact)"
PG_SEARCH = (
    r"""CREATE OR REPLACE FUNCTION tousu_search_open(
        summary text, place text, respondent text, request text, department text
    ) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(coalesce(summary, '') || chr(1) || coalesce(place, '') || chr(1) || coalesce(respondent, '')
                     || chr(1) || coalesce(request, '') || chr(1) || coalesce(department, ''))
    $$""",
    r"""CREATE OR REPLACE FUNCTION tousu_search_personal(complainant text, contact text)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(coalesce(complainant, '') || chr(1) || coalesce(contact, ''))
    $$""",
    # pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: whoever may create
    # in the database may install it. Where it is missing or refused, search scans.
    r"""DO $$ BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN NULL;
    END $$""",
    r"""DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
            CREATE INDEX complaints_search_trgm ON complaints
                USING gin (tousu_search_open(summary, place, respondent, request, department) gin_trgm_ops);
            CREATE INDEX personal_search_trgm ON personal
                USING gin (tousu_search_personal(complainant, contact) gin_trgm_ops);
        END IF;
    END $$""",
)


def migrate_search_key(db: Any) -> None:
    """core-0101: what makes a common phrase as fast as a rare one (`KEY_COLUMNS`; on
    PostgreSQL, `PG_SEARCH`). An index, so every write, `rebuild` and purge keeps it."""
    conn = db.conn
    if uses_postgres(conn):
        for statement in PG_SEARCH:
            conn.execute(statement)
        return
    # ``id`` last: the key's expression reads it, and SQLite (3.40) counts an index covering
    # only when it holds every column the statement names
    columns = ", ".join((*KEY_COLUMNS, "id"))
    conn.execute(f"CREATE INDEX complaints_search_key ON complaints (CAST(substr(id, 2) AS INTEGER), {columns})")


SEARCH_MIGRATIONS.append(("core-0101-search-key", migrate_search_key))


def trigram_indexed(conn: Any) -> bool:
    """Whether a phrase is found through a trigram index: FTS5 on SQLite, pg_trgm's GIN
    index on PostgreSQL (False there when the extension could not be created: search scans)."""
    if not uses_postgres(conn):
        return True
    return conn.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'complaints_search_trgm'").fetchone() is not None


def _phrase(text: str) -> str:
    """`text` as one FTS5 phrase: a substring to find, never query syntax."""
    return '"' + text.replace('"', '""') + '"'


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_condition(query: str, *, personal: bool, handler: str | None = None) -> tuple[str, list[Any]]:
    """A condition on ``complaints c`` for a query too short for a trigram (one or two
    characters): every searched column tested with ``LIKE``, as `found` decides who sees what."""
    like = _like(query.strip())
    parts = [f"c.{col} LIKE ? ESCAPE '\\'" for col in OPEN_COLUMNS]
    params: list[Any] = [like] * len(OPEN_COLUMNS)
    personal_sql = (
        "c.id IN (SELECT complaint_id FROM personal WHERE complainant LIKE ? ESCAPE '\\' "
        "OR contact LIKE ? ESCAPE '\\')"
    )
    if personal:
        parts.append(personal_sql)
        params += [like, like]
    elif handler:
        parts.append(f"(? IN (c.owner, c.assignee) AND {personal_sql})")
        params += [handler, like, like]
    return "(" + " OR ".join(parts) + ")", params


class Found(NamedTuple):
    """How a read of ``complaints c`` finds the complaints whose texts contain a query: the
    ``FROM`` items (and their parameters), a condition (and its), the newest-first order."""

    source: str
    source_params: list[Any]
    condition: str
    params: list[Any]
    newest_first: str


def found(conn: Any, query: str, *, personal: bool, handler: str | None = None) -> Found:
    """The complaints whose texts contain `query` (stripped; at least one character).

    `personal` searches the complainant's name and contact on every complaint (a role that may
    see them); else, with `handler`, only on the complaints that staff member owns or is
    assigned (the handler sees them too); else never.
    """
    query = query.strip()
    if len(query) < 3:  # no trigram to look up: scanned (`search_condition`)
        condition, params = search_condition(query, personal=personal, handler=handler)
        return Found("complaints c", [], condition, params, "c.id DESC")
    if uses_postgres(conn):
        like = "lower(?) ESCAPE '\\'"
        mine = "" if personal else " JOIN complaints h ON h.id = p.complaint_id AND ? IN (h.owner, h.assignee)"
        if not personal and not handler:
            return Found("complaints c", [], f"{_PG_OPEN} LIKE {like}", [_like(query)], "c.id DESC")
        condition = (
            f"c.id IN (SELECT c.id FROM complaints c WHERE {_PG_OPEN} LIKE {like} "
            f"UNION SELECT p.complaint_id FROM personal p{mine} WHERE {_PG_PERSONAL} LIKE {like})"
        )
        params = [_like(query), *([] if personal else [handler]), _like(query)]
        return Found("complaints c", [], condition, params, "c.id DESC")
    open_match = f"{{{' '.join(OPEN_COLUMNS)}}} : {_phrase(query)}"
    every_match = _phrase(query)
    if personal:
        return Found(_MATCHES, [every_match], "", [], "s.n DESC")
    if handler:
        return Found(_MATCHES, [every_match], _HANDLED_OR_OPEN, [handler, open_match], "s.n DESC")
    return Found(_MATCHES, [open_match], "", [], "s.n DESC")


_LIST_KEYS = (
    "id",
    "received_at",
    "status",
    "tier",
    "category",
    "channel",
    "owner",
    "summary",
    "assignee",
    "department",
)


def list_rows(
    conn: Any,
    org: str,
    *,
    statuses: tuple[str, ...] | None = None,
    tier: str | None = None,
    category: str | None = None,
    query: str | None = None,
    personal: bool = False,
    handler: str | None = None,
    owner: str | None = None,
    assignee: str | None = None,
    department: str | None = None,
    mine: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """One page of `org`'s complaints matching every filter, newest first, and how many match.

    ``received_at`` stays the stored UTC text (the caller reads it with ``from_db``). `mine`
    is a staff id: complaints that staff member owns or is assigned.
    """
    search = found(conn, query, personal=personal, handler=handler) if query and query.strip() else None
    where, params = ["c.org = ?"], [org]
    if statuses:
        # tested on the search key's entry, not sought in it (``+``): sought, each of three
        # statuses is a lookup of its own per match (0.5 s instead of 0.2 s at 286,217 matches)
        tested = "+" if search is not None and search.source == _MATCHES else ""
        where.append(f"{tested}c.status IN ({','.join('?' * len(statuses))})")
        params.extend(statuses)
    for column, value in (
        ("tier", tier),
        ("category", category),
        ("owner", owner),
        ("assignee", assignee),
        ("department", department),
    ):
        if value:
            where.append(f"c.{column} = ?")
            params.append(value)
    if mine:
        where.append("(c.owner = ? OR c.assignee = ?)")
        params.extend([mine, mine])
    source, source_params, order = "complaints c", [], "c.id DESC"
    if search is not None:
        source, source_params, order = search.source, search.source_params, search.newest_first
        if search.condition:
            where.append(search.condition)
            params.extend(search.params)
    condition = " AND ".join(where)
    rows = conn.execute(
        f"SELECT {', '.join('c.' + k for k in _LIST_KEYS)} FROM {source} WHERE {condition} "
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        (*source_params, *params, limit, offset),
    ).fetchall()
    page = [dict(zip(_LIST_KEYS, row, strict=True)) for row in rows]
    if offset == 0 and len(page) < limit:
        total = len(page)
    else:  # every column it reads is in the search key (`KEY_COLUMNS`): no complaint row is read
        total = conn.execute(f"SELECT count(*) FROM {source} WHERE {condition}", (*source_params, *params)).fetchone()[0]
    return page, total


def identical_recent(
    conn: Any, org: str, domain: str, channel: str, summary: str, contact: str, low: str, high: str
) -> str | None:
    """The newest complaint of `org` with the same domain, channel, summary and contact, received
    between `low` and `high` (stored instants): a second click, or a call taken twice.

    Only the window is read, through ``complaints_org_domain (org, domain, received_at)``, so
    intake's cost does not grow with the register (it was the org's newest fifty by id, found
    by sorting the whole register at every intake), and an intake recorded with a past ``--at``
    finds its twin however many complaints came after it.
    """
    row = conn.execute(
        "SELECT c.id FROM complaints c JOIN personal p ON p.complaint_id = c.id "
        "WHERE c.org = ? AND c.domain = ? AND c.received_at BETWEEN ? AND ? "
        "AND c.channel = ? AND c.summary = ? AND p.contact = ? ORDER BY c.id DESC LIMIT 1",
        (org, domain, low, high, channel, summary, contact),
    ).fetchone()
    return row[0] if row else None


__all__ = [
    "KEY_COLUMNS",
    "OPEN_COLUMNS",
    "PERSONAL_COLUMNS",
    "SEARCH_MIGRATIONS",
    "Found",
    "found",
    "identical_recent",
    "list_rows",
    "search_condition",
    "trigram_indexed",
]
