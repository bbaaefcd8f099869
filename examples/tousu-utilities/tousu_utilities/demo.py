"""The utilities part of ``tousu demo``: one day at a supplier's complaint desk, as commands."""

from __future__ import annotations

from typing import Any


def run(script: Any) -> None:
    """Outage (critical, restored in time), billing dispute, meter fault, a missed clock."""
    s, org = script, script.org
    s.say("09:00 — a resident phones the hotline: the power is out in the whole block (80 households).")
    outage = s.run(
        "intake", "--org", org, "--channel", "hotline", "--category", "outage",
        "--summary", "Block 7 without power since 08:40", "--complainant", "Ms Liu", "--contact", "13900001111",
        "--field", "households=80", "--actor", "wang", "--at", "2026-10-01T09:00:00+08:00", "--json",
    )["id"]
    s.run("act", outage, "forward", "--to", "grid repair crew", "--actor", "wang", "--at", "2026-10-01T09:05:00+08:00")
    s.say("The crew cannot close it before supply is back:")
    s.run("act", outage, "resolve", "--actor", "zhao", "--at", "2026-10-01T11:00:00+08:00", expect=1)
    s.run("act", outage, "restore", "--actor", "zhao", "--at", "2026-10-01T12:10:00+08:00")
    s.run("act", outage, "reply", "--note", "power restored 12:10, cause: cable fault",
          "--actor", "wang", "--at", "2026-10-01T12:30:00+08:00")

    s.say("10:00 — a customer disputes a water bill of 820.00 in the app: priority, no disconnection meanwhile.")
    s.run(
        "intake", "--org", org, "--channel", "app", "--category", "billing_dispute",
        "--summary", "September water bill four times the usual", "--field", "disputed_amount=820.00",
        "--actor", "wang", "--at", "2026-10-01T10:00:00+08:00", "--json",
    )

    s.say("10:30 — a meter that runs fast, reported at the counter: an on-site meter test is required.")
    meter = s.run(
        "intake", "--org", org, "--channel", "counter", "--category", "meter_fault",
        "--summary", "electricity meter spins with everything switched off",
        "--actor", "wang", "--at", "2026-10-01T10:30:00+08:00", "--json",
    )["id"]
    s.run("act", meter, "step", "--field", "name=meter_test", "--field", "result=fast",
          "--actor", "zhao", "--at", "2026-10-03T14:00:00+08:00")

    s.say("11:00 — a single household without water; nobody records the restoration in time.")
    s.run(
        "intake", "--org", org, "--channel", "hotline", "--category", "outage",
        "--summary", "no water on the 3rd floor", "--actor", "wang", "--at", "2026-10-01T11:00:00+08:00", "--json",
    )
    s.say("Next day 12:00: the daily list, then the sweep escalates the missed restore clock.")
    s.run("due", "--org", org, "--at", "2026-10-02T12:00:00+08:00")
    s.run("sweep", "--org", org, "--at", "2026-10-02T12:00:00+08:00")
