"""tousu against raw SQLite, measured in the same run: ``python benchmarks/run.py [--quick | --scale N] [--json] [--out FILE] [--store URL]``.

Builds its own data in a temporary folder. Every scenario prints tousu's figure, a baseline
measured in this same run (the same rows or figures by plain ``sqlite3``, same schema, indexes
and pragmas) and the ratio. ``--scale`` multiplies every size (0.01 = a hundredth; 2 = twice
the default); ``--store postgresql://…`` runs every scenario on that PostgreSQL server as well,
right after SQLite's (baselines by plain ``psycopg``), and shows both side by side; see
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floor
import scenarios

#: Sizes at --scale 1, as the issue defines the scenarios.
DEFAULTS = {
    "import": 200_000,
    "intake": 5_000,
    "large": 1_000_000,
    "small": 100_000,
    "memory": 1_000_000,
    "templates": 300,
}
#: The JSON keys the issue asks for (extra keys add detail).
REQUIRED = ("import", "intake", "sweep", "due", "report", "cli_start", "import_memory")


def sizes(scale: float) -> dict[str, int]:
    scaled = {name: max(1, round(value * scale)) for name, value in DEFAULTS.items()}
    scaled["templates"] = max(12, min(DEFAULTS["templates"], scaled["templates"] * 10))
    scaled["small"] = min(scaled["small"], scaled["large"])
    scaled["due"] = max(1, scaled["large"] // 100)  # 1% of the large register, at both sizes
    scaled["small"] = max(scaled["small"], scaled["due"] * 2)
    return scaled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (default 1: 200k import, 1M tables)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure; medians are quoted (default 3)")
    parser.add_argument("--json", action="store_true", help="print the JSON document instead of the table")
    parser.add_argument("--out", type=Path, help="also write the JSON document to this file")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--quick", action="store_true", help="scale 0.1 and one run: every key in a few minutes, to compare before and after")
    parser.add_argument(
        "--store", metavar="URL",
        help="also run every scenario on this PostgreSQL server (databases are created there and dropped): "
             "both stores side by side, same run",
    )
    parser.add_argument(
        "--only", choices=("search", "report", "intake", "import", "sweep"),
        help="one scenario alone: search = list --q (FTS5 trigram) against a LIKE scan, at 10%% then 100%% of --scale's "
        "large register; report = the month report (core figures and the whole document) over the large history; "
        "intake = intake (FULL and NORMAL) and api_intake; import = the bulk import; "
        "sweep = sweep and due (with sweep_write_floor and search) on the open register, at 10%% then 100%%",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.runs = 0.1, 1
    if args.scale <= 0 or args.runs < 1:
        parser.error("--scale must be > 0 and --runs ≥ 1")
    if args.store and not floor.is_url(args.store):
        parser.error("--store takes a PostgreSQL URL (postgresql://user@host:port/db)")
    n = sizes(args.scale)
    # every deployment names its own database; $TOUSU_DATABASE would send them all to one
    os.environ.pop("TOUSU_DATABASE", None)

    started = time.perf_counter()

    def log(line: str) -> None:
        if not line.startswith(" "):  # a section's heading: how long the run has taken so far
            line = f"{line} [{time.perf_counter() - started:.0f} s]"
        print(line, file=sys.stderr if args.json else sys.stdout, flush=True)

    stores: list = [scenarios.SQLITE_FILES]
    if args.store:
        import targets

        stores.append(targets.Postgres(args.store))
    try:
        with tempfile.TemporaryDirectory(prefix="tousu-bench-") as temporary:
            work = args.keep or Path(temporary)
            work.mkdir(parents=True, exist_ok=True)
            figures = _run(args, n, work, stores, log)
            return _finish(args, figures, n, started, stores)
    finally:
        for store in stores:
            store.close()


def _run(args: argparse.Namespace, n: dict[str, int], work: Path, stores: list, log) -> list[scenarios.Figure]:
    """Every scenario, each on every store in turn (SQLite first)."""
    import report

    names = " and ".join(store.label for store in stores)
    log(f"tousu benchmark, scale {args.scale:g}, {args.runs} run(s) per figure, on {names}, in {work}")
    figures: list[scenarios.Figure] = []
    if args.only == "search":
        log("search (list --q):")
        models = scenarios.templates(work / "templates-open", n["templates"], done=False)
        return scenarios.sweep_and_due(work, n["small"], n["large"], n["due"], args.runs, models, log,
                                       measure=scenarios.search_only, stores=tuple(stores))
    if args.only == "sweep":
        log("sweep and due:")
        models = scenarios.templates(work / "templates-open", n["templates"], done=False)
        return scenarios.sweep_and_due(work, n["small"], n["large"], n["due"], args.runs, models, log,
                                       stores=tuple(stores))
    if args.only == "report":
        log("report:")
        done_models = scenarios.templates(work / "templates-done", n["templates"], done=True)
        return report.month_report(work, n["large"], args.runs, done_models, log, stores=tuple(stores))
    if args.only == "intake":
        return _intake_figures(args, n, work, stores, log)
    if args.only == "import":
        log("import:")
        return [scenarios.import_throughput(work, n["import"], args.runs, log, store) for store in stores]
    log("cli_start:")
    for store in stores:
        figures.append(scenarios.cli_start(max(5, args.runs * 3), store, work))
    figures += _intake_figures(args, n, work, stores, log)
    log("import:")
    for store in stores:
        figures.append(scenarios.import_throughput(work, n["import"], args.runs, log, store))
    # SQLite's import_memory (minutes of importing that no figure times) runs alongside the
    # untimed builds from here on, stopped whenever something is timed (benchmarks/alongside.py)
    memory = scenarios.start_import_memory(work, n["memory"])
    log("templates:")
    open_models = scenarios.templates(work / "templates-open", n["templates"], done=False)
    done_models = scenarios.templates(work / "templates-done", n["templates"], done=True)
    log(f"  {len(open_models)} open and {len(done_models)} finished template complaints recorded by tousu")
    log("sweep and due:")
    figures += scenarios.sweep_and_due(work, n["small"], n["large"], n["due"], args.runs, open_models, log,
                                       stores=tuple(stores))
    log("report:")
    figures += report.month_report(work, n["large"], args.runs, done_models, log, stores=tuple(stores))
    log("import_memory:")
    for store in stores:
        figures.append(scenarios.import_memory(work, n["memory"], log, store,
                                               started=memory if store is scenarios.SQLITE_FILES else None))
    return figures


def _intake_figures(args: argparse.Namespace, n: dict[str, int], work: Path, stores: list, log) -> list[scenarios.Figure]:
    """intake one transaction each (FULL, then NORMAL), then the same over HTTP (api_intake)."""
    import api

    figures: list[scenarios.Figure] = []
    log("intake:")
    for store in stores:
        figures.append(scenarios.intake_throughput(work, n["intake"], args.runs, log, target=store))
        figures.append(scenarios.intake_throughput(work, n["intake"], args.runs, log, synchronous="NORMAL", target=store))
    log("api (tousu serve, HTTP):")
    for store in stores:
        figures += api.api_figures(work, max(16, n["intake"] // 2), args.runs, log, store)
    return figures


def _finish(args: argparse.Namespace, figures: list[scenarios.Figure], n: dict[str, int], started: float,
            stores: list) -> int:
    """The JSON (SQLite's figures at the top level as always; another store's under its own
    key, ``"postgresql"``, with the same keys and a meta of its own) and the table."""
    seconds = time.perf_counter() - started
    by_store = {store.kind: [f for f in figures if f.store == store.kind] for store in stores}
    figures = by_store[stores[0].kind]
    if args.only:
        document = {f.key: f.as_json() for f in figures}
        document["meta"] = {"scale": args.scale, "runs": args.runs, "sizes": n, "only": args.only,
                            "seconds": round(seconds, 1)}
    else:
        document = to_document(figures, args.scale, args.runs, n, seconds)
    for store in stores[1:]:
        theirs = by_store[store.kind]
        if args.only:
            section = {f.key: f.as_json() for f in theirs}
        else:
            section = to_document(theirs, args.scale, args.runs, n, seconds)
        section["meta"] = {**section.get("meta", {}), **store.meta()}
        section["meta"].pop("sqlite", None)
        document[store.kind] = section
    if args.out:
        args.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print()
        print(table(figures) if len(stores) == 1 else side_by_side(figures, by_store[stores[1].kind], stores[1].label))
    return 0


def to_document(figures: list[scenarios.Figure], scale: float, runs: int, n: dict[str, int], seconds: float) -> dict:
    """The JSON: the issue's keys (sweep and due at the large size), then every figure by its own key."""
    by_key = {f.key: f for f in figures}
    large = n["large"]
    aliases = {"sweep": f"sweep@{large}", "due": f"due@{large}"}
    document: dict = {}
    for key in REQUIRED:
        document[key] = by_key[aliases.get(key, key)].as_json()
    for figure in figures:
        if figure.key not in document:
            document[figure.key] = figure.as_json()
    document["meta"] = {
        "scale": scale, "runs": runs, "sizes": n, "seconds": round(seconds, 1),
        "python": sys.version.split()[0], "sqlite": __import__("sqlite3").sqlite_version,
    }
    return document


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    return f"{value:,.0f} {unit}"


def side_by_side(figures: list[scenarios.Figure], others: list[scenarios.Figure], label: str) -> str:
    """One row per key: SQLite's tousu, baseline and ratio, then the other store's."""
    theirs = {f.key: f for f in others}
    lines = [f"| scenario | key | SQLite tousu | SQLite baseline | ratio | {label} tousu | {label} baseline | ratio |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]

    def cells(f: scenarios.Figure | None) -> str:
        if f is None:
            return "— | — | —"
        ratio = "—" if f.ratio is None else f"{f.ratio:.2f}×"
        return f"{_show(f.tousu, f.unit)} | {_show(f.baseline, f.unit)} | {ratio}"

    for f in figures:
        other = theirs.get(f.key)
        title = f.title
        if other is not None and other.title != f.title and "(" in f.title and "(" in other.title:
            mine, its = f.title.rsplit("(", 1), other.title.rsplit("(", 1)
            title = f"{mine[0]}({mine[1].rstrip(')')} · {label}: {its[1]}"
        lines.append(f"| {title} | `{f.key}` | {cells(f)} | {cells(other)} |")
    return "\n".join(lines)


def table(figures: list[scenarios.Figure]) -> str:
    lines = ["| scenario | key | tousu | baseline | ratio |", "|---|---|---:|---:|---:|"]
    for f in figures:
        ratio = "—" if f.ratio is None else f"{f.ratio:.2f}×"
        lines.append(f"| {f.title} | `{f.key}` | {_show(f.tousu, f.unit)} | {_show(f.baseline, f.unit)} | {ratio} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
