"""Finding work: search by what people remember, queues, forgiving ids, typos refused."""

from __future__ import annotations

from typing import Any

import pytest

from tousu.testing import org

AT = "2026-10-01T{}:00+08:00"


@pytest.fixture
def estate(make_desk: Any) -> Any:
    desk = make_desk(org("estate", ["property_mgmt"], language="en", staff={
        "wang": "receptionist", "sun": "receptionist", "zhao": "department_head", "li": "manager"}))
    cases = [
        ("wang", "3栋电梯停在两层之间", "张先生", "13812345678", "3栋"),
        ("sun", "地下车库漏水", "李女士", "13900001111", "车库"),
        ("wang", "保安态度恶劣", "王先生", "13700002222", "东门"),
    ]
    for minute, (actor, summary, name, phone, place) in enumerate(cases):
        desk.cli("intake", "--org", "estate", "--channel", "phone", "--summary", summary, "--complainant", name,
                 "--contact", phone, "--place", place, "--actor", actor, "--at", AT.format(f"09:0{minute}"))
    desk.cli("act", "C2", "forward", "--to", "工程部", "--actor", "sun", "--at", AT.format("09:10"))
    desk.cli("act", "C3", "assign", "--to", "zhao", "--actor", "wang", "--at", AT.format("09:10"))
    return desk


def ids(desk: Any, *args: str) -> list[str]:
    return [row["id"] for row in desk.json("list", "--org", "estate", *args)]


def test_a_chinese_substring_finds_its_complaint(estate: Any) -> None:
    assert ids(estate, "--q", "电梯停", "--actor", "li") == ["C00000001"]
    assert ids(estate, "--q", "漏水", "--actor", "li") == ["C00000002"]  # two characters: scanned, still found
    assert ids(estate, "--q", "工程部", "--actor", "li") == ["C00000002"]  # the department it went to


def test_a_phone_number_finds_its_callers_cases_for_those_who_may_see_it(estate: Any) -> None:
    assert ids(estate, "--q", "13812345678", "--actor", "li") == ["C00000001"]  # a manager sees personal data
    assert ids(estate, "--q", "5678", "--actor", "wang") == ["C00000001"]  # the owner of the case
    assert ids(estate, "--q", "13812345678", "--actor", "sun") == []  # not hers: the number stays private
    assert ids(estate, "--q", "张先生", "--actor", "sun") == []


def test_queues_mine_assignee_owner_department(estate: Any) -> None:
    assert ids(estate, "--mine", "--actor", "wang") == ["C00000003", "C00000001"]
    assert ids(estate, "--mine", "--actor", "zhao") == ["C00000003"]  # assigned to him
    assert ids(estate, "--assignee", "zhao") == ["C00000003"]
    assert ids(estate, "--owner", "sun") == ["C00000002"]
    assert ids(estate, "--department", "工程部") == ["C00000002"]
    due = estate.json("due", "--org", "estate", "--mine", "--actor", "sun", "--at", AT.format("12:00"))
    assert {d["id"] for d in due} == {"C00000002"}
    assert "--mine" in estate.fails("list", "--org", "estate", "--mine", code=2)


def test_the_daily_list_takes_the_same_queues(estate: Any) -> None:
    def due(*queue: str) -> set[str]:
        return {d["id"] for d in estate.json("due", "--org", "estate", *queue, "--within", "30d", "--at", AT.format("12:00"))}

    assert due() == {"C00000001", "C00000002", "C00000003"}
    assert due("--assignee", "zhao") == {"C00000003"}
    assert due("--owner", "wang") == {"C00000001", "C00000003"}
    assert due("--owner", "sun") == {"C00000002"}
    assert due("--department", "工程部") == {"C00000002"}
    assert due("--mine", "--actor", "zhao") == {"C00000003"}
    assert due("--owner", "li") == set()


def test_forgiving_ids_and_the_only_org(estate: Any) -> None:
    for typed in ("c5", "C5", " C00000005 "):
        assert "C00000005" in estate.fails("show", typed, code=2)  # normalized, then not found
    for typed in ("c1", "C1", " C00000001 "):
        assert estate.json("show", typed)["id"] == "C00000001"
    assert ids(estate) == ids(estate, "--actor", "li")  # --org left out: the deployment's only one
    assert estate.cli("list").code == 0


def test_list_refuses_unknown_filters_naming_the_allowed_values(estate: Any) -> None:
    assert "open, received" in estate.fails("list", "--org", "estate", "--status", "opne", code=2)
    assert "minor, important, major" in estate.fails("list", "--org", "estate", "--tier", "big", code=2)
    assert "--category" in estate.fails("list", "--org", "estate", "--category", "nope", code=2)


def test_list_says_when_it_cuts(estate: Any) -> None:
    lines = estate.cli("list", "--org", "estate", "--limit", "2").stdout.splitlines()
    assert lines[-1] == "showing 2 of 3 (use --limit/--offset)"
    assert ids(estate, "--limit", "2", "--offset", "2") == ["C00000001"]


def test_a_cut_list_counts_with_thousands_separators_in_the_desks_language(estate: Any, make_desk: Any) -> None:
    """"showing 100 of 1,203": the total of a register past a thousand, as the desk reads it."""
    def grow(desk: Any, total: int) -> None:
        with desk.store() as store, store.transaction():
            store.conn.execute(
                "WITH RECURSIVE n(v) AS (SELECT 4 UNION ALL SELECT v + 1 FROM n WHERE v < ?) "
                "INSERT INTO complaints (id, org, domain, channel, received_at, month, summary, status, last_event) "
                "SELECT 'C' || printf('%08d', v), org, domain, channel, received_at, month, summary, status, last_event "
                "FROM n JOIN complaints ON id = 'C00000003'", (total,))

    grow(estate, 1203)
    assert estate.cli("list", "--org", "estate").stdout.splitlines()[-1] == "showing 100 of 1,203 (use --limit/--offset)"
    assert estate.cli("list", "--org", "estate", "--q", "保安态度", "--actor", "li").stdout.splitlines()[-1] == (
        "showing 100 of 1,201 (use --limit/--offset)")
    zh = make_desk(org("mall", ["property_mgmt"], language="zh"))
    zh.cli("intake", "--org", "mall", "--channel", "phone", "--summary", "保安态度恶劣", "--at", AT.format("09:00"))
    zh.cli("intake", "--org", "mall", "--channel", "phone", "--summary", "电梯故障", "--at", AT.format("09:01"))
    zh.cli("intake", "--org", "mall", "--channel", "phone", "--summary", "车位被占", "--at", AT.format("09:02"))
    grow(zh, 2000)
    assert zh.cli("list").stdout.splitlines()[-1] == "显示 100 条，共 2,000 条（用 --limit/--offset 查看更多）"


def test_the_index_follows_rebuild_and_purge(estate: Any) -> None:
    verified = estate.cli("verify", "--json")
    assert verified.code == 0 and "pg_trgm" not in verified.stderr  # a trigram index answers, on either store
    assert estate.json("verify")["search_indexed"] is True
    assert estate.cli("rebuild").code == 0
    assert ids(estate, "--q", "电梯停", "--actor", "li") == ["C00000001"]


@pytest.mark.sqlite_only("reads SQLite's query plan")
@pytest.mark.parametrize(("personal", "handler"), [(True, None), (False, None), (False, "wang")])
def test_a_phrase_is_looked_up_through_the_index_and_counted_from_the_key(
    estate: Any, personal: bool, handler: str | None
) -> None:
    """The trigram index drives: its matches, newest first, are joined to their complaints by
    the search key, never by testing each of the organization's complaints (a rare phrase then
    costs 26× the time for 10× the data); the page needs no sort, and the count reads the key
    alone (a common phrase at a million complaints: 8.4 s when it read every match's row). On
    a database without ``ANALYZE`` statistics, so the plan cannot depend on them."""
    import sqlite3

    from tousu.default_plugins.store.search import found

    conn = sqlite3.connect(estate.db_path)
    try:
        search = found(conn, "电梯停", personal=personal, handler=handler)
        where = "c.org = ? AND c.status IN (?, ?)" + (f" AND {search.condition}" if search.condition else "")
        params = (*search.source_params, "estate", "received", "accepted", *search.params)
        page = f"SELECT c.id, c.summary FROM {search.source} WHERE {where} ORDER BY {search.newest_first}"
        count = f"SELECT count(*) FROM {search.source} WHERE {where}"
        assert [row[0] for row in conn.execute(page, params)] == ["C00000001"]
        assert conn.execute(count, params).fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'").fetchone()[0] == 0
        page_plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {page}", params)]
        count_plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {count}", params)]
    finally:
        conn.close()
    for plan in (page_plan, count_plan):
        assert plan[0].startswith("SCAN complaint_search VIRTUAL TABLE"), plan
        assert any(step.startswith("SEARCH c USING") and "complaints_search_key (<expr>=?" in step for step in plan), plan
        assert not any(step.split()[:2] == ["SCAN", "c"] for step in plan), plan
        assert not any("TEMP B-TREE" in step for step in plan), plan  # newest first is the index's order
    assert any("COVERING INDEX complaints_search_key" in step for step in count_plan), count_plan


def test_the_total_is_exact_when_a_phrase_matches_more_than_a_page(estate: Any) -> None:
    """The count behind "showing 2 of 3" is the exact number, for every form of search."""
    for _ in range(3):
        estate.cli("intake", "--org", "estate", "--channel", "phone", "--summary", "电梯又停了，电梯停运", "--again",
                   "--complainant", "赵先生", "--contact", "13600003333", "--actor", "sun", "--at", AT.format("10:00"))
    for actor, expected in (("li", 4), ("sun", 4), ("wang", 4)):
        lines = estate.cli("list", "--org", "estate", "--q", "电梯停", "--limit", "2", "--actor", actor).stdout
        assert lines.splitlines()[-1] == f"showing 2 of {expected} (use --limit/--offset)", (actor, lines)
    assert ids(estate, "--q", "电梯停", "--limit", "2", "--offset", "2", "--actor", "li") == ["C00000004", "C00000001"]
    assert ids(estate, "--q", "13600003333", "--actor", "sun") == ["C00000006", "C00000005", "C00000004"]
    assert ids(estate, "--q", "13600003333", "--actor", "wang") == []


@pytest.mark.postgres_only
@pytest.mark.parametrize(("personal", "handler", "index"), [
    (True, None, "personal_search_trgm"), (False, None, "complaints_search_trgm"), (False, "wang", "personal_search_trgm")])
def test_on_postgresql_a_phrase_is_looked_up_through_the_trigram_index(
    estate: Any, personal: bool, handler: str | None, index: str
) -> None:
    """PostgreSQL finds a phrase through pg_trgm's GIN indexes on the same texts (core-0101),
    not by testing every complaint's texts: with sequential scans priced out, as they are on a
    large register, the condition alone is answered from the index (three rows are otherwise
    scanned, or found through the organization's index, whatever the condition)."""
    from tousu.default_plugins.store.search import found, trigram_indexed

    with estate.store() as store:
        assert trigram_indexed(store.conn)  # pg_trgm ships with PostgreSQL: the migration installed it
        search = found(store.conn, "电梯停", personal=personal, handler=handler)
        where = "c.org = ?" + (f" AND {search.condition}" if search.condition else "")
        sql = f"SELECT c.id FROM {search.source} WHERE {where} ORDER BY {search.newest_first}"
        params = (*search.source_params, "estate", *search.params)
        assert [row[0] for row in store.conn.execute(sql, params)] == ["C00000001"]
        store.conn.execute("SET enable_seqscan = off")
        try:
            alone = f"SELECT count(*) FROM {search.source} WHERE {search.condition or 'true'}"
            plan = "\n".join(row[0] for row in store.conn.execute(f"EXPLAIN {alone}", (*search.source_params, *search.params)))
        finally:
            store.conn.execute("SET enable_seqscan = on")
    assert f"Bitmap Index Scan on {index}" in plan, plan


@pytest.mark.postgres_only
def test_on_postgresql_without_the_trigram_index_search_scans_with_the_same_answers(estate: Any) -> None:
    """Where pg_trgm cannot be installed the migration leaves the indexes out and says so
    (`trigram_indexed`); the same conditions then scan, and find the same complaints."""
    from tousu.default_plugins.store.search import trigram_indexed

    before = [ids(estate, "--q", q, "--actor", actor) for q in ("电梯停", "13812345678", "工程部") for actor in ("li", "wang", "sun")]
    with estate.store() as store:
        store.conn.execute("DROP INDEX complaints_search_trgm")
        store.conn.execute("DROP INDEX personal_search_trgm")
        assert not trigram_indexed(store.conn)
    after = [ids(estate, "--q", q, "--actor", actor) for q in ("电梯停", "13812345678", "工程部") for actor in ("li", "wang", "sun")]
    assert after == before
    verified = estate.cli("verify")
    assert verified.code == 0 and "pg_trgm" in verified.stderr and "docs/scaling.md" in verified.stderr
    assert estate.json("verify")["search_indexed"] is False
    assert before[:3] == [["C00000001"], ["C00000001"], ["C00000001"]]


@pytest.mark.sqlite_only("reads SQLite's statistics table")
def test_statistics_are_gathered_once_the_register_is_large_and_again_when_it_outgrows_them(estate: Any) -> None:
    """Opening the store runs ``ANALYZE`` when the register reaches a thousand complaints and
    again at ten times the analyzed size, never on every open; a search plans the same with them."""
    import sqlite3

    from tousu.default_plugins.store.schema import refresh_statistics
    from tousu.default_plugins.store.search import found

    def grow_to(conn: sqlite3.Connection, total: int) -> None:
        conn.execute(
            "WITH RECURSIVE n(v) AS (SELECT max(rowid) + 1 FROM complaints UNION ALL SELECT v + 1 FROM n WHERE v < ?) "
            "INSERT INTO complaints (id, org, domain, channel, received_at, month, summary, status, last_event) "
            "SELECT 'C' || printf('%08d', v), org, domain, channel, received_at, month, '停车位被占', status, last_event "
            "FROM n JOIN complaints ON id = 'C00000003'", (total,))
        conn.commit()

    def analyzed(conn: sqlite3.Connection) -> int | None:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return None
        row = conn.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'sqlite_autoindex_complaints_1'").fetchone()
        return int(row[0].split()[0]) if row else None

    conn = sqlite3.connect(estate.db_path)
    try:
        grow_to(conn, 999)
        assert estate.cli("list").code == 0 and analyzed(conn) is None  # 999: not worth a write
        grow_to(conn, 1000)
        assert estate.cli("list").code == 0 and analyzed(conn) == 1000
        grow_to(conn, 9999)
        assert not refresh_statistics(conn) and analyzed(conn) == 1000  # less than ten times: kept
        grow_to(conn, 10_000)
        assert estate.cli("list").code == 0 and analyzed(conn) == 10_000
        search = found(conn, "电梯停", personal=True)
        count = f"SELECT count(*) FROM {search.source} WHERE c.org = ?"
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {count}", (*search.source_params, "estate"))]
        assert conn.execute(count, (*search.source_params, "estate")).fetchone()[0] == 1
    finally:
        conn.close()
    assert any("COVERING INDEX complaints_search_key" in step for step in plan), plan
    assert ids(estate, "--q", "停车位被占", "--limit", "1", "--actor", "li") == ["C00010000"]
