"""Bad command-line input, replayed from the corpus: bad ``--at``, absurd ``--field`` values and
amounts, and hostile text (SQL, terminal escapes, bidi overrides, NUL) in every text field.

Refusals exit 1 or 2 with one line on stderr and leave the database byte-for-byte unchanged
(`Desk.fails`). Hostile text that is accepted is stored exactly as typed, and every text
output (show, list, due, act, errors) shows it with its control characters made visible,
so it can neither recolour the terminal nor forge a line of output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import ACME_STAFF, BETA_STAFF
from tests.reliability.rely_plugin import RelyPlugin
from tests.stores import only_on_sqlite
from tousu.testing import org

CORPUS = Path(__file__).with_name("corpus")
AT_VALUES = json.loads((CORPUS / "at_values.json").read_text(encoding="utf-8"))
FIELD_ARGS = json.loads((CORPUS / "field_args.json").read_text(encoding="utf-8"))
AMOUNTS = json.loads((CORPUS / "amounts.json").read_text(encoding="utf-8"))
HOSTILE = json.loads((CORPUS / "hostile_text.json").read_text(encoding="utf-8"))

T0 = "2026-10-01T09:00:00+08:00"
#: What must never reach a terminal raw: C0/C1 controls (tab aside), line breaks inside a
#: value, DEL, and the bidi overrides that reorder what the reader sees.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def desk(make_desk: Any, rely: RelyPlugin) -> Any:
    return make_desk(org("acme", ["rely"], staff=ACME_STAFF), org("beta", ["rely"], staff=BETA_STAFF))


def _resolved(desk: Any) -> str:
    """A complaint that has been forwarded, signed and resolved (what most actions need)."""
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "漏水", "--at", T0)["id"]
    for step, at in (("forward", "09:05"), ("sign", "09:10"), ("resolve", "10:00")):
        extra = ("--to", "工程部") if step == "forward" else ()
        assert desk.cli("act", cid, step, *extra, "--at", f"2026-10-01T{at}:00+08:00").code == 0
    return cid


def test_every_bad_at_value_is_refused_by_every_recording_command(desk: Any, figures: Any) -> None:
    cid = _resolved(desk)
    tried = 0
    for value in AT_VALUES:
        for command in (
            ("intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--at", value),
            ("act", cid, "note", "--note", "x", "--at", value),
            ("sweep", "--at", value),
            ("sweep", "--org", "acme", "--at", value),
            ("due", "--org", "acme", "--at", value),
            ("show", cid, "--at", value),
        ):
            line = desk.fails(*command, code=2)
            assert "--at" in line and not RAW_CONTROL.search(line), line
            tried += 1
    figures(f"bad --at: {len(AT_VALUES)} corpus values × 6 commands = {tried} refusals, exit 2, database unchanged")


@pytest.mark.parametrize("args, code", FIELD_ARGS, ids=[f"{i}-{a[0][0]}" for i, a in enumerate(FIELD_ARGS)])
def test_absurd_field_values_are_refused_or_recorded_never_crash(desk: Any, args: list[str], code: int) -> None:
    cid = _resolved(desk)
    command = ("act", cid, *args, "--actor", "li", "--at", "2026-10-02T09:00:00+08:00")
    if code == 0:
        assert desk.cli(*command).code == 0
        facts = desk.json("show", cid)["history"][-1]["data"]["input"]["fields"]
        key = args[args.index("--field") + 1].partition("=")[0]
        assert key in facts and len(str(facts[key])) >= 1
        return
    line = desk.fails(*command, code=code)
    assert not RAW_CONTROL.search(line) and len(line) < 2000, line[:200]


def test_malformed_amounts_are_input_errors_not_plugin_failures(desk: Any, figures: Any) -> None:
    cid = _resolved(desk)
    for amount in AMOUNTS:
        line = desk.fails("compensate", cid, "--field", f"amount={amount}", code=2)
        assert "--field amount" in line and "plugin" not in line, line
    assert desk.json("compensate", cid, "--field", "amount=12,345.60")["total"] == "12345.60"
    figures(f"bad amounts: {len(AMOUNTS)} refused as input errors (exit 2), none blamed on the plugin")


def _text_outputs(desk: Any, cid: str) -> list[str]:
    outputs = [
        desk.cli("show", cid, "--at", "2026-10-01T12:00:00+08:00"),
        desk.cli("list", "--org", "acme"),
        desk.cli("due", "--org", "acme", "--within", "30d", "--at", "2026-10-01T12:00:00+08:00"),
        desk.cli("due", "--org", "acme", "--by", "department", "--within", "30d", "--at", "2026-10-01T12:00:00+08:00"),
    ]
    for result in outputs:
        assert result.code == 0, result.stderr
    return [r.stdout + r.stderr for r in outputs]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_text_in_every_field_is_stored_verbatim_and_shown_neutralised(desk: Any, text: str) -> None:
    if "\x00" in text:
        only_on_sqlite("PostgreSQL's text cannot hold a NUL byte")
    made = desk.json(
        "intake", "--org", "acme", "--channel", "phone", "--summary", text, "--complainant", text,
        "--contact", text, "--respondent", text, "--place", text, "--request", text,
        "--field", f"story={text}", "--at", T0,
    )
    cid = made["id"]
    assert desk.cli("act", cid, "forward", "--to", text, "--note", text, "--at", "2026-10-01T09:05:00+08:00").code == 0
    assert desk.cli("act", cid, "note", "--note", text, "--field", f"said={text}", "--at", "2026-10-01T09:06:00+08:00").code == 0
    shown = desk.json("show", cid)
    for key in ("summary", "complainant", "contact", "respondent", "place", "request", "department"):
        assert shown[key] == text, key
    assert shown["fields"]["story"] == text
    assert shown["history"][-1]["data"]["input"] == {"note": text, "fields": {"said": text}}
    row = desk.app.store.conn.execute("SELECT summary, respondent, department FROM complaints WHERE id = ?", (cid,)).fetchone()
    assert row == (text, text, text)  # bound as parameters: stored exactly, never executed
    assert desk.app.store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 3
    for output in _text_outputs(desk, cid):  # line breaks of the layout itself are fine
        assert not RAW_CONTROL.search(output), f"raw control character in: {output[:300]!r}"
        assert not any(line.startswith("status   closed") for line in output.splitlines())  # no forged line
    # An error message quoting the text is neutralised too, and stays one line.
    line = desk.fails("act", cid, "escalate", "--field", f"tier={text}", "--note", "x", code=2)
    assert not RAW_CONTROL.search(line)


def test_another_organizations_actor_cannot_reach_hostile_text_through_an_error(desk: Any) -> None:
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "secret \x1b[31m", "--at", T0)["id"]
    line = desk.fails("show", cid, "--actor", "sun", code=2)
    assert line == f"tousu: error: complaint {cid} not found or unknown staff member 'sun'"
