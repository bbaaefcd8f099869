"""A property complaint from intake to close through the API, beside the same through the CLI.

Every step is sent to the server by the staff member who does it, logged in as themselves,
and typed at the command line of a second, identical deployment with ``--actor``; every
document the server answers is the one ``--json`` prints.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tests.server.conftest import make_deployment
from tousu.timeutil import zone

SHANGHAI = zone("Asia/Shanghai")


def base_instant() -> datetime:
    """09:00 Shanghai four days ago: the whole lifecycle lies in the past, in order."""
    today = datetime.now(SHANGHAI).date()
    return datetime.combine(today - timedelta(days=4), datetime.min.time(), tzinfo=SHANGHAI).replace(hour=9)


def at(base: datetime, **delta: float) -> str:
    return (base + timedelta(**delta)).isoformat()


#: (staff, action, to, note, fields, offset) of an important complaint handled by the SOP.
STEPS = [
    ("wang", "forward", "Engineering", None, {}, {"minutes": 5}),
    ("zhao", "sign", None, None, {}, {"minutes": 8}),
    ("chen", "report", None, "via the public-affairs supervisor", {}, {"hours": 2}),
    ("li", "step", None, None, {"name": "corrective_action"}, {"hours": 24}),
    ("zhao", "resolve", None, None, {}, {"hours": 30}),
    ("zhao", "return_form", None, None, {}, {"hours": 30, "minutes": 10}),
    ("wang", "report_to_supervisor", None, None, {}, {"hours": 30, "minutes": 20}),
    ("wang", "notify", None, None, {"method": "phone"}, {"hours": 31}),
    ("patrol", "callback", None, None, {"satisfied": "true"}, {"hours": 49}),
    ("wang", "close", None, None, {}, {"hours": 49, "minutes": 5}),
]


def cli_json(desk: Any, *args: str) -> Any:
    result = desk.cli(*args, "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def without_recording_times(document: dict[str, Any]) -> dict[str, Any]:
    """A show document without the instants the events were written (they differ by run)."""
    return {**document, "history": [{k: v for k, v in e.items() if k != "recorded_at"} for e in document["history"]]}


def test_a_property_complaint_through_the_api_gives_the_clis_documents(served: Any, tokens: dict[str, str], tmp_path: Path) -> None:
    cli_desk = make_deployment(tmp_path / "cli", passwords=False)
    base = base_instant()
    intake = {
        "channel": "phone", "summary": "lift stops between floors", "tier": "important", "place": "Block 3 lift",
        "respondent": "Engineering", "request": "repair it soon", "complainant": "Mr Zhang",
        "contact": "13812345678", "at": base.isoformat(),
    }
    created = served.post("/api/v1/complaints", intake, token=tokens["wang"])
    assert created.status == 201, created
    typed = cli_json(
        cli_desk, "intake", "--org", "acme", "--channel", "phone", "--summary", "lift stops between floors",
        "--tier", "important", "--place", "Block 3 lift", "--respondent", "Engineering", "--request", "repair it soon",
        "--complainant", "Mr Zhang", "--contact", "13812345678", "--actor", "wang", "--at", base.isoformat(),
    )
    cid = created.json["id"]
    assert typed["id"] == cid and created.headers["location"] == f"/api/v1/complaints/{cid}"
    assert created.json == typed

    for staff, action, to, note, fields, offset in STEPS:
        when = at(base, **offset)
        body: dict[str, Any] = {"action": action, "at": when}
        args = ["act", cid, action, "--actor", staff, "--at", when]
        if to:
            body["to"] = to
            args += ["--to", to]
        if note:
            body["note"] = note
            args += ["--note", note]
        if fields:
            body["fields"] = fields
            for key, value in fields.items():
                args += ["--field", f"{key}={value}"]
        answered = served.post(f"/api/v1/complaints/{cid}/actions", body, token=tokens[staff])
        assert answered.status == 200, (action, answered)
        assert answered.json == cli_json(cli_desk, *args), action

    end = at(base, hours=50)
    shown = served.get(f"/api/v1/complaints/{cid}?at={end.replace('+', '%2B')}", token=tokens["wang"])
    assert shown.status == 200
    assert shown.json["status"] == "closed"
    assert {d["state"] for d in shown.json["deadlines"]} == {"met"}
    assert [(e["actor"], e["action"]) for e in shown.json["history"]] == [("wang", "intake")] + [
        (s[0], s[1]) for s in STEPS
    ]
    assert without_recording_times(shown.json) == without_recording_times(
        cli_json(cli_desk, "show", cid, "--actor", "wang", "--at", end)
    )
    cli_desk.close()
