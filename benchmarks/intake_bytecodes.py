"""Bytecodes an intake executes, by who runs them: the fixed cost of the plugin contract.

`sys.settrace` with opcode events over ``N`` intakes after ``W`` warm-up ones (the same
workload as `intake_instructions.py`), grouped by the code's origin: pluggy's dispatch, attrs'
generated ``__init__``/validators, cattrs' generated (un)structurers, the kernel, the default
plugins, the domain plugins, the standard library. Round 11: the budget 0.8x of the floor
leaves an intake is compared with what the contract issue 12 asks for costs by itself::

    python benchmarks/intake_bytecodes.py 200
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenarios
import workload


def origin(filename: str) -> str:
    """The group a code object's file belongs to."""
    if filename.startswith("<attrs generated"):
        return "attrs (generated __init__, validators)"
    if filename.startswith("<cattrs generated"):
        return "cattrs (generated converters)"
    if "/pluggy/" in filename:
        return "pluggy (dispatch)"
    if "/attr/" in filename or "/attrs/" in filename:
        return "attrs (library)"
    if "/cattrs/" in filename or "/cattr/" in filename:
        return "cattrs (library)"
    if "/tousu/default_plugins/" in filename:
        return "tousu default plugins"
    if "/tousu_" in filename:
        return "domain plugins"
    if "/tousu/" in filename:
        return "tousu kernel: " + filename.rsplit("/tousu/", 1)[1]
    return "other (stdlib, sqlite3, json ...)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=200)
    args = parser.parse_args()
    warm = int(os.environ.get("W", "300"))
    work = Path(tempfile.mkdtemp(prefix="tousu-bytecodes"))
    counts: Counter[str] = Counter()

    def tracer(frame: FrameType, event: str, arg: object) -> object:
        frame.f_trace_opcodes = True
        if event == "opcode":
            counts[origin(frame.f_code.co_filename)] += 1
        return tracer

    try:
        folder = scenarios.deployment(work / "d", "NORMAL")
        app = scenarios.open_app(folder)
        calls = list(workload.intake_calls(warm + args.n))
        for kwargs in calls[:warm]:
            app.intake(workload.ORG, **kwargs)
        sys.settrace(tracer)
        for kwargs in calls[warm:]:
            app.intake(workload.ORG, **kwargs)
        sys.settrace(None)
        app.store.close()
    finally:
        shutil.rmtree(work)
    total = sum(counts.values())
    kernel = sum(v for k, v in counts.items() if k.startswith("tousu kernel"))
    for name, count in sorted(counts.items(), key=lambda item: -item[1]):
        if not name.startswith("tousu kernel") or count / args.n >= 100:
            print(f"{count / args.n:8,.0f}  {name}")
    print(f"{kernel / args.n:8,.0f}  tousu kernel, all files")
    print(f"{total / args.n:8,.0f}  total bytecodes per intake")


if __name__ == "__main__":
    main()
