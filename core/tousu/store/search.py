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

from typing import Any

from tousu.ids import DIGITS

#: The texts anyone who may list complaints may search.
OPEN_COLUMNS = ("summary", "place", "respondent", "request", "department")
#: The complainant's own data: searched only where the searcher may see it (`tousu.privacy`).
PERSONAL_COLUMNS = ("complainant", "contact")

_ROWID = "CAST(substr({t}.id, 2) AS INTEGER)"
_PERSONAL_OF = "(SELECT {col} FROM personal WHERE complaint_id = new.id)"
#: The complaints the index matched, as a condition on ``c.id`` itself: the index's rowid
#: turned back into the id (``5`` → ``C00000005``, `tousu.ids`: ``C`` and at least eight
#: digits, as ``printf('%08d')`` writes them), so the few matches are looked up by the primary
#: key. The reverse, the rowid computed from ``c.id``, is an expression no index holds and made
#: SQLite test every complaint of the organization (26× the time for 10× the data).
_MATCHED = f"c.id IN (SELECT 'C' || printf('%0{DIGITS}d', rowid) FROM complaint_search WHERE complaint_search MATCH ?)"

SEARCH_MIGRATIONS: list[tuple[str, str]] = [
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


#: ``complaints`` as a search reads it: through its primary key when the trigram index answers
#: (`_MATCHED`). Without ``sqlite_stat1`` (tousu never runs ``ANALYZE``) SQLite's planner guesses
#: ``c.org = ?`` narrower than the index's answer and walks the organization instead; naming the
#: key keeps the lookup whatever the statistics say. PostgreSQL's dialect drops the clause.
_BY_KEY = "complaints c INDEXED BY sqlite_autoindex_complaints_1"


def complaints_source(query: str | None) -> str:
    """The ``FROM`` item for a read of ``complaints c`` under `search_condition(query)`."""
    return _BY_KEY if query is not None and len(query.strip()) >= 3 else "complaints c"


def _phrase(text: str) -> str:
    """`text` as one FTS5 phrase: a substring to find, never query syntax."""
    return '"' + text.replace('"', '""') + '"'


def search_condition(
    query: str, *, personal: bool, handler: str | None = None
) -> tuple[str, list[Any]]:
    """A condition on ``complaints c`` that holds for the complaints whose texts contain `query`.

    `personal` searches the complainant's name and contact on every complaint (a role that may
    see them); else, with `handler`, only on the complaints that staff member owns or is
    assigned (the handler sees them too); else never.
    """
    query = query.strip()
    if len(query) >= 3:
        open_match = f"{{{' '.join(OPEN_COLUMNS)}}} : {_phrase(query)}"
        every_match = _phrase(query)
        if personal:
            return _MATCHED, [every_match]
        sql = _MATCHED
        params: list[Any] = [open_match]
        if handler:
            sql = f"({_MATCHED} OR (? IN (c.owner, c.assignee) AND {_MATCHED}))"
            params += [handler, every_match]
        return sql, params
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    parts = [f"c.{col} LIKE ? ESCAPE '\\'" for col in OPEN_COLUMNS]
    params = [like] * len(OPEN_COLUMNS)
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
    where, params = ["c.org = ?"], [org]
    if statuses:
        where.append(f"c.status IN ({','.join('?' * len(statuses))})")
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
    if query and query.strip():
        sql, more = search_condition(query, personal=personal, handler=handler)
        where.append(sql)
        params.extend(more)
    condition = " AND ".join(where)
    source = complaints_source(query)
    rows = conn.execute(
        f"SELECT {', '.join('c.' + k for k in _LIST_KEYS)} FROM {source} WHERE {condition} "
        "ORDER BY c.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    found = [dict(zip(_LIST_KEYS, row, strict=True)) for row in rows]
    if offset == 0 and len(found) < limit:
        total = len(found)
    else:
        total = conn.execute(f"SELECT count(*) FROM {source} WHERE {condition}", params).fetchone()[
            0
        ]
    return found, total


def identical_recent(
    conn: Any, org: str, domain: str, channel: str, summary: str, contact: str, low: str, high: str
) -> str | None:
    """A complaint of `org` among its latest fifty with the same domain, channel, summary and contact,
    received between `low` and `high` (stored instants): a second click, or a call taken twice.

    Only the newest complaints are read (by id, newest first), so intake's cost does not grow
    with the register.
    """
    row = conn.execute(
        "SELECT id FROM (SELECT c.id, c.domain, c.channel, c.summary, c.received_at FROM complaints c "
        "WHERE c.org = ? ORDER BY c.id DESC LIMIT 50) r JOIN personal p ON p.complaint_id = r.id "
        "WHERE r.domain = ? AND r.channel = ? AND r.summary = ? AND p.contact = ? AND r.received_at BETWEEN ? AND ? "
        "LIMIT 1",
        (org, domain, channel, summary, contact, low, high),
    ).fetchone()
    return row[0] if row else None


__all__ = [
    "OPEN_COLUMNS",
    "PERSONAL_COLUMNS",
    "SEARCH_MIGRATIONS",
    "complaints_source",
    "identical_recent",
    "list_rows",
    "search_condition",
]
