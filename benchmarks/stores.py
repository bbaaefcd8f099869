"""Both stores side by side, same run: ``python benchmarks/stores.py --store postgresql://… [--n N]``.

The figures docs/scaling.md's arithmetic uses, measured on SQLite (a file, the shipped
``synchronous = FULL``) and on the PostgreSQL server named by ``--store`` (a fresh database
of its own, dropped afterwards), with the same deployment, data and code:

- ``intake``: `App.intake`, one transaction each (what a desk or the API does per call);
- ``import``: `tousu import`'s code path (`run_import`) of a mixed three-domain file;
- ``due``: the daily list over the resulting register (`App.due`);
- ``sweep``: one sweep at an instant when every clock of the register has run out.

``benchmarks/run.py --store URL`` measures every scenario on both stores against plain SQL
(same databases and deployments: `targets`); this is the short direct comparison.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets
import workload

from tousu.serialize import to_json


def _app(folder: Path, target: Any) -> Any:
    from tousu.app import App

    return App.open(target.deployment(folder, "FULL") / "tousu.toml")


def measure(folder: Path, target: Any, n: int) -> dict[str, float]:
    """Every figure on one store (`targets`): the intakes into one fresh database, the import
    into another."""
    from tousu.default_plugins.bulk.importer import run_import
    from tousu.default_plugins.bulk.records import read_jsonl

    app = _app(folder / "intake", target)
    calls = workload.intake_calls(n)
    started = time.perf_counter()
    for kwargs in calls:
        app.intake(workload.ORG, **kwargs)
    intake = n / (time.perf_counter() - started)
    app.store.close()
    figures = {"intake": intake}

    source = workload.write_import_file(folder / "import.jsonl", n * 4)
    app = _app(folder / "import", target)
    with source.open("rb") as handle:
        started = time.perf_counter()
        result = run_import(app, app.org(workload.ORG), read_jsonl(handle), on_error=lambda *_: None, operator="wang")
        figures["import"] = result.imported / (time.perf_counter() - started)
    later = workload.IMPORT_START + timedelta(days=200)  # past every clock, before the real clock
    for _ in range(2):  # the first warms the caches
        started = time.perf_counter()
        app.due(workload.ORG, at=later)
        figures["due"] = time.perf_counter() - started
    started = time.perf_counter()
    swept = app.sweep(workload.ORG, later)
    figures["sweep"] = time.perf_counter() - started
    figures["breaches"] = float(len(swept["breaches"]))
    figures["complaints"] = float(result.imported)
    app.store.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="a PostgreSQL server URL where databases may be created")
    parser.add_argument("--n", type=int, default=500, help="intakes (the import is 4× as many records; default 500)")
    parser.add_argument("--json", action="store_true", help="print the JSON document instead of the table")
    args = parser.parse_args(argv)
    postgres_server = targets.Postgres(args.store)
    try:
        with tempfile.TemporaryDirectory(prefix="tousu-stores-") as work:
            sqlite = measure(Path(work) / "sqlite", targets.Sqlite(), args.n)
            postgres = measure(Path(work) / "postgres", postgres_server, args.n)
    finally:
        postgres_server.close()  # its databases dropped
    document = {"n": args.n, "sqlite": sqlite, "postgresql": postgres}
    if args.json:
        print(to_json(document))
        return 0
    print("| figure | SQLite | PostgreSQL |\n|---|---:|---:|")
    print(f"| intake, one transaction each | {sqlite['intake']:,.0f}/s | {postgres['intake']:,.0f}/s |")
    print(f"| import ({sqlite['complaints']:,.0f} records) | {sqlite['import']:,.0f}/s | {postgres['import']:,.0f}/s |")
    print(f"| daily list over them | {sqlite['due'] * 1000:,.0f} ms | {postgres['due'] * 1000:,.0f} ms |")
    print(f"| sweep, {sqlite['breaches']:,.0f} clocks run out | {sqlite['sweep']:,.2f} s | {postgres['sweep']:,.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
