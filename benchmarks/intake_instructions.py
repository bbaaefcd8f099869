"""Instructions per intake, tousu and its floor, counted by valgrind: a figure the load cannot move.

On the shared 2-core machine wall time swings by 2-3x between runs of the same code, and even
CPU time by 10-20 %. Instructions executed do not: run this workload under callgrind twice, with
``N`` = 0 and ``N`` = 200 measured units after the same warm-up, and the difference of the two
totals divided by 200 is the instructions one unit costs (imports and warm-up cancel out)::

    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/intake_instructions.py tousu 0
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/intake_instructions.py tousu 200

``tousu``: `App.intake` of `workload.intake_calls` (synchronous=NORMAL), ``W`` (default 300)
warm-up intakes first, so every lazily imported module is loaded before either count starts.
``floor``: the same rows written one complaint per transaction by plain SQL (`floor`), read
from the file a ``tousu`` run wrote with ``--rows FILE``. The floor's instructions divided by
tousu's is the benchmark's ratio counted in instructions (round 8: 0.45× for main eb3e324, whose
CPU-time pairs gave 0.40–0.46×). Compare versions with ``PYTHONPATH`` set to an archive of the other's
``core/`` and ``plugins/*``.

``split``: where the instructions of one unit go, by shared object (libpython, libsqlite3, libc,
``_json`` …), from the two callgrind files of such a pair (``--callgrind-out-file``), differenced
and divided by ``N`` as above (round 10: SQLite and libc cost tousu about what they cost the
floor; the difference is the interpreter)::

    python benchmarks/intake_instructions.py split 200 callgrind.out.0 callgrind.out.200
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floor
import scenarios
import workload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=("tousu", "floor", "split"))
    parser.add_argument("n", type=int, help="measured units after the warm-up")
    parser.add_argument("--rows", type=Path, help="tousu: write the rows here; floor: read them from here")
    parser.add_argument("profiles", nargs="*", type=Path, help="split: the callgrind files of the 0 and the N run")
    args = parser.parse_args()
    if args.mode == "split":
        split(args.n, *args.profiles)
        return
    warm = int(os.environ.get("W", "300"))
    work = Path(tempfile.mkdtemp(prefix="tousu-instructions"))
    try:
        if args.mode == "tousu":
            folder = scenarios.deployment(work / "d", "NORMAL")
            app = scenarios.open_app(folder)
            for kwargs in workload.intake_calls(warm + args.n):
                app.intake(workload.ORG, **kwargs)
            app.store.close()
            if args.rows:
                args.rows.write_bytes(pickle.dumps(floor.read_rows(folder / "tousu.db")))
        else:
            rows = pickle.loads(args.rows.read_bytes())
            conn = scenarios.SQLITE_FILES.fresh(work / "floor.db", "NORMAL")
            sql = {table: floor.insert_sql(conn, table) for table in floor.TABLES}
            for group in list(floor._group(rows).values())[: warm + args.n]:
                conn.begin()
                for table in floor.TABLES:
                    if group.get(table):
                        conn.executemany(sql[table], group[table])
                conn.commit()
            conn.close()
    finally:
        shutil.rmtree(work)


def by_object(profile: Path) -> dict[str, int]:
    """Self instructions by shared object in one callgrind file (``callgrind_annotate``'s lines)."""
    out = subprocess.run(
        ["callgrind_annotate", "--threshold=100", str(profile)], capture_output=True, text=True, check=True
    ).stdout
    totals: dict[str, int] = {}
    for line in out.splitlines():
        found = re.match(r"\s*([\d,]+) \([^)]*\)\s+(\S.*)$", line)
        if not found or "PROGRAM TOTALS" in line:
            continue
        where = re.search(r"\[([^\]]*)\]\s*$", found.group(2))
        name = Path(where.group(1)).name if where else "(unattributed)"
        totals[name] = totals.get(name, 0) + int(found.group(1).replace(",", ""))
    return totals


def split(n: int, before: Path, after: Path) -> None:
    """Print each shared object's instructions per unit (the two runs differenced, ÷ `n`)."""
    zero, full = by_object(before), by_object(after)
    costs = {name: (full.get(name, 0) - zero.get(name, 0)) / n for name in set(zero) | set(full)}
    for name, cost in sorted(costs.items(), key=lambda item: -item[1]):
        if abs(cost) >= 1000:
            print(f"{cost / 1000:10,.0f} k  {name}")
    print(f"{sum(costs.values()) / 1000:10,.0f} k  total")


if __name__ == "__main__":
    main()
