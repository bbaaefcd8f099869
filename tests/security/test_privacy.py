"""Personal data: masked for whoever may not see it, audited when a role opens it, purged on time.

The rule: a complaint's owner (first responder) and assignee, and the roles in
``personal_data_roles`` (manager, general_manager), see complainants' names, phone numbers and
addresses; everyone else sees ``张*``, ``138****5678``, ``朝阳区****``. A view in clear that only
the role allowed leaves a record in ``audit``. ``tousu purge`` erases the personal data of
complaints closed before a date, and the history still replays.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.security.conftest import two_orgs

T0 = "2026-10-01T09:00:00+08:00"
T1 = "2026-10-01T12:00:00+08:00"
NAME, PHONE, STREET = "张三丰", "13812345678", "朝阳区建国路88号"
SECRETS = (NAME, PHONE, STREET, "建国路")


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(*two_orgs())


def record(desk: Any, *extra: str, domain: str = "retail", actor: str = "wang") -> str:
    """A complaint whose name, contact, summary, note and an address field carry personal data."""
    cid = desk.json(
        "intake", "--org", "alpha", "--domain", domain, "--channel", "phone", "--summary", f"客户{PHONE}反映漏水",
        "--complainant", NAME, "--contact", f"{PHONE} {STREET}", "--field", f"address={STREET}",
        "--actor", actor, "--at", T0, *extra,
    )["id"]
    desk.json("act", cid, "reply", "--note", f"已联系 {PHONE}", "--actor", actor, "--at", T1)
    return cid


def audits(desk: Any) -> list[tuple[str, str, dict[str, Any]]]:
    rows = desk.app.store.conn.execute("SELECT actor, action, detail FROM audit ORDER BY seq").fetchall()
    return [(actor, action, json.loads(detail)) for actor, action, detail in rows]


def test_show_masks_personal_data_for_staff_who_do_not_handle_the_case(desk: Any) -> None:
    cid = record(desk)
    other = desk.json("show", cid, "--actor", "chen")  # a supervisor, neither owner nor assignee
    assert (other["complainant"], other["contact"]) == ("张*", "138****5678 朝阳区****")
    assert other["summary"] == "客户138****5678反映漏水" and other["fields"]["address"] == "朝阳区****"
    assert other["history"][-1]["data"]["input"]["note"] == "已联系 138****5678"
    text = desk.cli("show", cid, "--actor", "chen").stdout
    assert "张*" in text and not any(secret in text for secret in SECRETS)
    assert not any(secret in json.dumps(other, ensure_ascii=False) for secret in SECRETS)
    assert audits(desk) == []


def test_the_owner_and_the_assignee_see_it_without_an_audit_record(desk: Any) -> None:
    cid = record(desk)
    assert desk.json("show", cid, "--actor", "wang")["complainant"] == NAME  # the first responder
    desk.json("act", cid, "assign", "--to", "liu", "--actor", "wang", "--at", T1)
    assert desk.json("show", cid, "--actor", "liu")["contact"] == f"{PHONE} {STREET}"  # the assignee
    assert desk.json("show", cid, "--actor", "zhao")["complainant"] == "张*"  # a department head
    assert audits(desk) == []


def test_a_manager_sees_it_by_role_and_each_view_is_audited(desk: Any) -> None:
    cid = record(desk)
    shown = desk.json("show", cid, "--actor", "li")
    assert (shown["complainant"], shown["summary"]) == (NAME, f"客户{PHONE}反映漏水")
    desk.cli("show", cid, "--actor", "zhou")
    assert audits(desk) == [("li", "view", {"command": "show", "complaints": [cid]}),
                            ("zhou", "view", {"command": "show", "complaints": [cid]})]


def test_list_and_the_daily_list_mask_summaries_by_the_same_rule(desk: Any) -> None:
    cid = record(desk)
    plain = desk.json("list", "--org", "alpha", "--actor", "chen")
    assert plain[0]["summary"] == "客户138****5678反映漏水"
    assert PHONE not in desk.cli("list", "--org", "alpha", "--actor", "chen").stdout
    assert desk.json("list", "--org", "alpha", "--actor", "wang")[0]["summary"] == f"客户{PHONE}反映漏水"
    due = desk.json("due", "--org", "alpha", "--actor", "sun", "--within", "30d", "--at", T1)
    assert due and all(PHONE not in item["summary"] for item in due)
    assert PHONE not in desk.cli("due", "--actor", "sun", "--within", "30d", "--at", T1).stdout  # own org by default
    assert audits(desk) == []
    assert desk.json("due", "--org", "alpha", "--actor", "li", "--within", "30d", "--at", T1)[0]["summary"].count(PHONE)
    assert audits(desk) == [("li", "view", {"command": "due", "complaints": [cid]})]


def test_reports_and_exports_carry_no_personal_data(desk: Any) -> None:
    record(desk)
    record(desk, domain="property_mgmt")
    record(desk, domain="city_enforcement")
    for fmt in ("text", "json", "csv", "md", "html"):
        out = desk.cli("report", "--org", "alpha", "--month", "2026-10", "--format", fmt, "--actor", "li").stdout
        assert out and not any(secret in out for secret in SECRETS), fmt
    exported = desk.cli("export", "--org", "alpha", "--actor", "chen")
    assert exported.code == 0 and not any(secret in exported.stdout for secret in SECRETS)


def test_error_messages_never_quote_a_phone_number_in_clear(desk: Any) -> None:
    cid = record(desk)
    line = desk.fails("act", cid, "escalate", "--field", f"tier={PHONE}", "--note", "x", "--actor", "wang",
                      "--at", T1, code=2)
    assert "138****5678" in line and PHONE not in line


def test_no_command_puts_a_complainants_name_or_contact_into_the_history(desk: Any) -> None:
    """Every domain, every usual action: the events (append-only evidence) hold no personal data."""
    for domain in ("retail", "property_mgmt", "city_enforcement"):
        cid = desk.json("intake", "--org", "alpha", "--domain", domain, "--channel", "phone", "--summary", "漏水",
                        "--complainant", NAME, "--contact", f"{PHONE} {STREET}", "--actor", "wang", "--at", T0)["id"]
        for action in ("acknowledge", "forward", "reply", "resolve", "notify", "close", "reopen"):
            desk.cli("act", cid, action, "--to", "工程部", "--note", "ok", "--actor", "wang", "--at", T1)
    history = desk.app.store.conn.execute("SELECT data FROM events").fetchall()
    assert len(history) > 15
    assert not any(secret in data for (data,) in history for secret in (NAME, PHONE, STREET))


def closed_complaint(desk: Any) -> str:
    cid = record(desk, domain="property_mgmt")
    for action, actor in (("resolve", "zhao"), ("notify", "wang")):  # the department reports it done
        desk.json("act", cid, action, "--actor", actor, "--at", T1)
    desk.json("act", cid, "callback", "--field", "satisfied=true", "--actor", "wang", "--at", T1)
    desk.json("act", cid, "close", "--actor", "wang", "--at", "2026-10-02T09:00:00+08:00")
    return cid


def test_purge_erases_the_personal_data_of_closed_complaints_and_the_history_still_replays(desk: Any) -> None:
    closed = closed_complaint(desk)
    still_open = record(desk)
    refused = desk.fails("purge", "--org", "alpha", "--before", "2026-11-01", "--actor", "wang", code=1)
    assert "personal_data_roles" in refused
    dry = desk.json("purge", "--org", "alpha", "--before", "2026-11-01", "--dry-run", "--actor", "li",
                    "--at", "2026-11-02T09:00:00+08:00")
    assert (dry["erased"], dry["complaints"], dry["dry_run"]) == (1, [closed], True)
    assert desk.json("show", closed, "--actor", "wang")["complainant"] == NAME  # a dry run wrote nothing
    live_before = desk.app.store.snapshot()
    done = desk.json("purge", "--org", "alpha", "--before", "2026-11-01", "--actor", "li",
                     "--at", "2026-11-02T09:00:00+08:00")
    assert done["complaints"] == [closed]
    shown = desk.json("show", closed, "--actor", "wang")
    assert (shown["complainant"], shown["contact"]) == ("", "")
    assert desk.json("show", still_open, "--actor", "wang")["complainant"] == NAME
    erased_at = desk.app.store.conn.execute("SELECT erased_at FROM personal WHERE complaint_id = ?", (closed,))
    assert erased_at.fetchone()[0].startswith("2026-11-02T01:00:00")
    assert audits(desk)[-1][:2] == ("li", "purge") and audits(desk)[-1][2]["complaints"] == [closed]
    assert desk.app.store.snapshot() == live_before  # the projections never held personal data
    assert desk.json("rebuild")["rebuilt"] == 2 and desk.app.store.snapshot() == live_before
    again = desk.json("purge", "--org", "alpha", "--before", "2026-11-01", "--actor", "li",
                      "--at", "2026-11-02T09:00:00+08:00")
    assert again["erased"] == 0


def test_the_retention_setting_sets_the_cut_off(make_desk: Any) -> None:
    desk = make_desk(*two_orgs(retention="30d"))
    closed = closed_complaint(desk)
    early = desk.subprocess("purge", "--org", "alpha", "--actor", "li", "--json", "--at", "2026-10-20T09:00:00+08:00")
    assert early.code == 0 and early.json["erased"] == 0  # closed 18 days ago: kept
    late = desk.subprocess("purge", "--org", "alpha", "--actor", "li", "--json", "--at", "2026-11-02T09:00:00+08:00")
    assert late.code == 0 and late.json["complaints"] == [closed]
    assert late.json["before"] == "2026-10-03T09:00:00+08:00"
    nothing_set = desk.fails("purge", "--org", "beta", "--actor", "wei", code=2)
    assert "retention" in nothing_set


def test_a_bad_retention_setting_is_a_config_error_with_its_path(make_desk: Any) -> None:
    desk = make_desk(*two_orgs(retention="three years"))
    line = desk.fails("list", "--org", "alpha", code=2)
    assert "orgs.alpha.retention" in line and "3y" in line
