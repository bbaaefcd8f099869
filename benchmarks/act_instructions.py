"""Instructions per unit of actions, counted by valgrind (the companion of `intake_instructions`).

A unit is an intake, a reply filled from a template, a note, and that note voided by a
supervisor: the App's path through the kernel's features (reply templates, corrections) as
well as an action none of them takes part in. Run it twice under callgrind after the same
warm-up (``W`` units, default 60) and divide the difference by ``N``::

    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/act_instructions.py 0
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/act_instructions.py 100

Compare versions with ``PYTHONPATH`` set to an archive of the other's ``core/`` and ``plugins/*``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenarios
import workload


def main() -> None:
    n = int(sys.argv[1])
    warm = int(os.environ.get("W", "60"))
    work = Path(tempfile.mkdtemp(prefix="tousu-acts"))
    try:
        app = scenarios.open_app(scenarios.deployment(work / "d", "NORMAL"))
        for kwargs in workload.intake_calls(warm + n):
            complaint = app.intake(workload.ORG, **{**kwargs, "actor": "wang"})
            app.act(complaint.id, "reply", actor="wang", fields={"template": "received"})
            app.act(complaint.id, "note", actor="wang", note="called back")
            last = app.history(complaint.id)[-1].n
            app.act(complaint.id, "void", actor="chen", note="wrong case", fields={"event": str(last)})
        app.store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
