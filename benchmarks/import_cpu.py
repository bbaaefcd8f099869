"""CPU time of an import and of the plain-SQL floor of the very rows it wrote, in one process.

The load-independent companion of ``run.py --only import`` (round 10): `run_import` over the
benchmark's own file (`workload.write_import_file`), timed by `time.process_time`, then
`floor.bulk_write` of the rows tousu wrote, timed the same way. ``--profile FILE`` writes a
cProfile of the import instead (its times are then not comparable)::

    python benchmarks/import_cpu.py 3000            # µs CPU per record, tousu and floor
    python benchmarks/import_cpu.py 3000 --profile /tmp/import.prof

Compare versions with ``PYTHONPATH`` set to an archive of the other's ``core/`` and ``plugins/*``.
"""

from __future__ import annotations

import argparse
import cProfile
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floor
import scenarios
import workload


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", type=int, nargs="?", default=3000)
    parser.add_argument("--profile", default=None)
    parser.add_argument("--synchronous", default=scenarios.SYNCHRONOUS)
    parser.add_argument("--no-floor", action="store_true", help="the import alone (for instruction counts)")
    args = parser.parse_args()
    from tousu.default_plugins.bulk.importer import run_import
    from tousu.default_plugins.bulk.records import read_jsonl

    work = Path(tempfile.mkdtemp(prefix="tousu-import-cpu"))
    try:
        source = workload.write_import_file(work / "import.jsonl", args.records, 7)
        folder = scenarios.deployment(work / "d", args.synchronous)
        app = scenarios.open_app(folder)
        errors: list[tuple[int, str]] = []
        profile = cProfile.Profile() if args.profile else None
        with source.open("rb") as handle:
            started = time.process_time()
            if profile is not None:
                profile.enable()
            result = run_import(app, app.org(workload.ORG), read_jsonl(handle), operator="wang",
                                on_error=lambda n, r: errors.append((n, r)))
            if profile is not None:
                profile.disable()
            ours = time.process_time() - started
        if errors:
            raise SystemExit(f"rejected: {errors[:3]}")
        app.store.close()
        if profile is not None:
            profile.dump_stats(args.profile)
        if args.no_floor:
            return
        rows = floor.read_rows(folder / "tousu.db")
        conn = scenarios.SQLITE_FILES.fresh(work / "floor.db", args.synchronous)
        started = time.process_time()
        floor.bulk_write(conn, rows, batch=500)
        base = time.process_time() - started
        conn.close()
        n = result.imported
        print(f"tousu {ours / n * 1e6:,.0f} µs/record, floor {base / args.records * 1e6:,.0f} µs/record, "
              f"ratio {base / ours:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
