"""``tousu rebuild`` on a large register does not lock intakes out for its whole run.

Procedure: a register of thousands of complaints (imported); the rebuild is timed once; then
``tousu rebuild`` runs as a process of its own while the desk keeps taking complaints in.
Every intake made during it is answered, and the longest wait is a small part of the rebuild
(it rebuilds 500 complaints per transaction; a single transaction made every intake wait for
the whole run, or fail with "database is locked"). Afterwards the projection still equals a
replay of the events, the intakes made meanwhile included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.figures import scaled
from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"


def test_intakes_go_on_while_a_large_register_is_rebuilt(make_desk: Any, tmp_path: Path, figures: Any) -> None:
    desk = make_desk(org("acme", ["retail"]))
    size = scaled("TOUSU_REBUILD_RECORDS", 4000)
    register = tmp_path / "register.jsonl"
    register.write_text("".join(json.dumps({"channel": "phone", "summary": f"old {n}", "received_at": T0}) + "\n"
                                for n in range(size)), encoding="utf-8")
    assert desk.cli("import", str(register), "--org", "acme", "--actor", "wang", "--quiet").code == 0
    app = desk.app
    started = time.perf_counter()
    assert app.rebuild() == size
    alone = time.perf_counter() - started
    before = app.store.snapshot() if hasattr(app.store, "snapshot") else None

    env = {**os.environ, **(desk._env(None) or {})}
    proc = subprocess.Popen([sys.executable, "-m", "tousu.cli", "--config", str(desk.config_path), "rebuild", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    waits: list[float] = []
    failures: list[str] = []
    while proc.poll() is None:
        began = time.perf_counter()
        try:
            desk.complaint("acme", summary=f"taken in during the rebuild {len(waits)}", actor="wang")
        except Exception as exc:  # "database is locked": the intake was locked out
            failures.append(f"{type(exc).__name__}: {exc}")
        waits.append(time.perf_counter() - began)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert json.loads(out)["rebuilt"] >= size
    assert not failures, failures[:3]
    assert len(waits) >= 3, "the rebuild ended before the desk could take anything in; raise TOUSU_REBUILD_RECORDS"
    longest = max(waits)
    assert alone >= 0.5, f"the rebuild took {alone:.2f}s alone: too small a register to tell; raise TOUSU_REBUILD_RECORDS"
    assert longest < alone / 3, f"an intake waited {longest:.2f}s behind a rebuild that takes {alone:.2f}s"
    if before is not None:  # the rebuild kept every row, the intakes made meanwhile included
        after = app.store.snapshot()
        assert app.rebuild() == size + len(waits)
        assert app.store.snapshot() == after
    figures(f"rebuild of {size:,} complaints ({alone:.2f}s alone): {len(waits)} intakes during it, "
            f"longest wait {longest * 1000:.0f} ms, 0 locked out")
