"""Import replays a register through the real lifecycle; export writes what import reads, masked."""

from __future__ import annotations

import json
from typing import Any

from tests.reporting.october import AT, build_october
from tousu.testing import org

REPORT = ("report", "--org", "city", "--month", "2026-10", "--at", AT, "--json")


def records(text: str) -> list[dict[str, Any]]:
    """The complaint records of an export (its last line, the chain-head trailer, left out)."""
    return [r for r in (json.loads(line) for line in text.splitlines() if line.strip()) if list(r) != ["tousu_export"]]


def test_export_then_import_into_a_fresh_database_gives_the_identical_report(
    hotline_desk: Any, make_desk: Any, tmp_path: Any
) -> None:
    build_october(hotline_desk)
    for fmt in ("jsonl", "csv"):
        target = tmp_path / f"city.{fmt}"
        result = hotline_desk.cli("export", "--org", "city", "--format", fmt, "--unmask", "--actor", "li",
                                  "--out", str(target))
        assert result.code == 0, result.stderr
        fresh = make_desk(org("city", ["hotline"], language="zh"))
        loaded = fresh.cli("import", str(target), "--org", "city", "--json")
        assert loaded.code == 0, loaded.stderr
        assert loaded.json["imported"] == 5 and loaded.json["rejected"] == 0
        assert fresh.json(*REPORT[:-1]) == hotline_desk.json(*REPORT[:-1])
        # the rule's follow-up note after each resolve was replayed once, not twice
        count = "SELECT count(*) FROM events WHERE action = 'note'"
        assert fresh.connect().execute(count).fetchone()[0] == 3


def test_a_masked_export_has_no_phone_number_name_or_address_of_the_register(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    out = hotline_desk.cli("export", "--org", "city").stdout
    for secret in ("13812345678", "13900001111", "张三", "李四", "建国路"):
        assert secret not in out
    a = next(r for r in records(out) if r["received_at"] == "2026-10-01T09:00:00+08:00")
    assert a["complainant"] == "张*"
    assert a["contact"] == "138****5678 朝阳区****"
    assert a["actions"][0] == {
        "action": "reply", "at": "2026-10-01T12:00:00+08:00", "actor": "wang", "note": "已联系 138****5678",
    }


def test_unmasking_needs_a_permitted_role_and_every_export_is_audited(hotline_desk: Any) -> None:
    build_october(hotline_desk)
    refused = hotline_desk.cli("export", "--org", "city", "--unmask", "--actor", "wang")
    # a zh organization: the refusal is Chinese, naming each role with the id a deployer types (issue 18)
    assert refused.code == 1 and "主管经理（manager）、总经理（general_manager）" in refused.stderr and refused.stdout == ""
    anonymous = hotline_desk.cli("export", "--org", "city", "--unmask", env={"TOUSU_ACTOR": ""})
    assert anonymous.code == 2 and "--actor" in anonymous.stderr
    clear = hotline_desk.cli("export", "--org", "city", "--unmask", "--actor", "zhou", "--from", "2026-10-01",
                             "--to", "2026-10-01", "--at", "2026-11-03T09:00:00+08:00")
    assert clear.code == 0 and "13812345678" in clear.stdout and len(records(clear.stdout)) == 1
    conn = hotline_desk.connect()
    rows = conn.execute("SELECT actor, role, action, detail FROM audit ORDER BY seq").fetchall()
    actor, role, action, detail = rows[-1]
    assert (actor, role, action) == ("zhou", "general_manager", "export")
    assert json.loads(detail) == {
        "format": "jsonl", "from": "2026-10-01", "to": "2026-10-01", "unmasked": True, "records": 1, "out": None,
    }
    assert conn.execute("SELECT count(*) FROM audit WHERE actor = 'wang'").fetchone()[0] == 0


def test_the_roles_that_may_unmask_are_a_setting(make_desk: Any, hotline: Any) -> None:
    table = org("city", ["hotline"])
    table["city"]["personal_data_roles"] = ["supervisor"]
    desk = make_desk(table)
    assert desk.cli("export", "--org", "city", "--unmask", "--actor", "chen").code == 0
    assert desk.cli("export", "--org", "city", "--unmask", "--actor", "li").code == 1
    table["city"]["personal_data_roles"] = ["janitor"]
    desk.write_config({"database": "tousu.db", "orgs": table})
    bad = desk.cli("export", "--org", "city")
    assert bad.code == 2 and "personal_data_roles: unknown role 'janitor'" in bad.stderr


LINES = [
    {"channel": "phone", "category": "noise", "summary": "夜间施工", "received_at": "2026-10-01T09:00:00+08:00",
     "complainant": "王五", "contact": "13700000001", "actions": [
         {"action": "reply", "at": "2026-10-01T10:00:00+08:00", "actor": "wang", "note": "已电话答复"},
         {"action": "resolve", "at": "2026-10-02T10:00:00+08:00", "actor": "zhao"}]},
    {"channel": "phone", "category": "noise", "summary": "广场舞", "received_at": "2026-10-02T09:00:00+08:00",
     "actions": [{"action": "close", "at": "2026-10-02T10:00:00+08:00"}]},  # refused: not resolved yet
    {"channel": "visit", "category": "street", "summary": "占道", "received_at": "2026-10-03T09:00:00+08:00"},
]


def test_a_bad_record_in_the_middle_is_reported_by_line_and_the_rest_is_imported(
    hotline_desk: Any, tmp_path: Any
) -> None:
    source = tmp_path / "register.jsonl"
    text = [json.dumps(LINES[0], ensure_ascii=False), "", json.dumps(LINES[1], ensure_ascii=False), "{not json",
            json.dumps({**LINES[2], "chanel": "x"}), json.dumps(LINES[2], ensure_ascii=False)]
    source.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = hotline_desk.cli("import", str(source), "--org", "city")
    assert result.code == 1
    assert result.stdout.strip() == "已导入 2 条 (C00000001..C00000002)，拒收 3 条"  # a zh organization (issue 18)
    errors = result.stderr.splitlines()  # each line in the organization's language (the JSON keeps English)
    assert errors[0].endswith("第 3 行：actions[1]（结案，2026-10-02 10:00）：投诉 C00000002 现为已受理，不能结案"
                              "（结案只能在以下状态进行：已处理）")
    assert "第 4 行：不是有效的 JSON" in errors[1]
    assert "第 5 行：未知的键 chanel" in errors[2]
    listed = hotline_desk.json("list", "--org", "city")
    assert sorted(c["summary"] for c in listed) == ["占道", "夜间施工"]  # nothing of the refused record
    first = hotline_desk.json("show", "C00000001")
    assert first["status"] == "resolved" and [h["action"] for h in first["history"]] == [
        "intake", "reply", "resolve", "note"]


def test_a_dry_run_checks_every_record_and_writes_nothing(hotline_desk: Any, tmp_path: Any) -> None:
    source = tmp_path / "register.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in LINES) + "\n", encoding="utf-8")
    hotline_desk.cli("list", "--org", "city")  # create the database
    before = hotline_desk.db_bytes()
    result = hotline_desk.cli("import", str(source), "--org", "city", "--dry-run", "--json")
    assert result.code == 1
    assert (result.json["imported"], result.json["rejected"]) == (2, 1)
    assert result.json["errors"][0]["line"] == 2
    assert hotline_desk.db_bytes() == before


def test_a_csv_register_with_field_columns_is_imported_in_batches(hotline_desk: Any, tmp_path: Any) -> None:
    source = tmp_path / "register.csv"
    rows = ["channel,category,summary,received_at,urgent,field.district,actions"]
    for day in range(1, 8):
        rows.append(f'phone,noise,第{day}起,2026-10-0{day}T09:00:00+08:00,false,朝阳,'
                    f'"[{{""action"": ""reply"", ""at"": ""2026-10-0{day}T09:30:00+08:00"", ""note"": ""已答复""}}]"')
    rows.insert(4, "phone,noise,坏时间,yesterday,false,朝阳,")
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    from tousu.default_plugins.bulk.importer import run_import
    from tousu.default_plugins.bulk.records import read_csv

    errors: list[tuple[int, str]] = []
    app = hotline_desk.app
    with source.open("rb") as handle:
        # records without an actor are the operator's (issue 13: nobody is assumed)
        result = run_import(app, app.org("city"), read_csv(handle), batch=3, on_error=lambda *e: errors.append(e),
                            operator="wang")
    assert (result.imported, result.rejected) == (7, 1)
    assert errors[0][0] == 5 and "received_at" in errors[0][1]
    doc = hotline_desk.json("show", result.last_id)
    assert doc["fields"]["district"] == "朝阳" and doc["deadlines"][0]["state"] in ("met", "pending")


def test_import_and_export_run_as_separate_processes(make_desk: Any, tmp_path: Any) -> None:
    desk = make_desk(org("mall", ["retail"]))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = desk.subprocess("import", str(empty), "--org", "mall", "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["imported"] == 0
    exported = desk.subprocess("export", "--org", "mall")
    assert exported.code == 0 and exported.stdout == ""
    unknown = desk.subprocess("import", str(tmp_path / "register.txt"), "--org", "mall")
    assert unknown.code == 2 and "--format" in unknown.stderr and "Traceback" not in unknown.stderr
