"""Each scenario: tousu's figure and the plain-SQL baseline, measured in the same run.

A scenario returns a `Figure`; `run.py` prints them and writes the JSON. Timed regions
contain only the work being compared: data is generated and rows are prebuilt before the
timer starts. Each runs on a `targets` store (SQLite files, or a PostgreSQL server with
``run.py --store``): tousu's deployment and its baseline on the same store, same rows.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import alongside
import attrs
import clone
import floor
import targets
import workload
from floor import SQLITE, Plain

HERE = Path(__file__).resolve().parent
SYNCHRONOUS = "FULL"  # tousu.toml's default: what a deployment runs unless it chooses otherwise
#: The instant of the sweep and of the daily list in the large-table scenarios (late evening,
#: so "due by the end of today" adds nothing to what is already overdue).
NOW = datetime(2026, 11, 20, 23, 30, tzinfo=workload.TZ)
REPORT_MONTH = "2026-09"
#: The store every scenario runs on unless told otherwise.
SQLITE_FILES = targets.Sqlite()


@attrs.define
class Figure:
    key: str
    title: str
    tousu: float
    baseline: float | None
    unit: str
    higher_is_better: bool
    note: str = ""
    runs: list[float] = attrs.field(factory=list)
    store: str = SQLITE  # which store measured it (`targets`): the JSON puts PostgreSQL's apart

    @property
    def ratio(self) -> float | None:
        """tousu ÷ baseline: for rates the share of the floor reached (1 = as fast as plain SQL),
        for times and memory how many times the floor tousu takes."""
        if not self.baseline:
            return None
        return self.tousu / self.baseline

    def as_json(self) -> dict[str, Any]:
        return {
            "tousu": round(self.tousu, 6),
            "baseline": None if self.baseline is None else round(self.baseline, 6),
            "ratio": None if self.ratio is None else round(self.ratio, 4),
            "unit": self.unit,
            **({"note": self.note} if self.note else {}),
        }


def median(values: list[float]) -> float:
    return statistics.median(values)


def open_app(folder: Path) -> Any:
    """tousu's Python API over the deployment in `folder` (config written by workload)."""
    from tousu.app import App

    return App.open(folder / "tousu.toml")


def deployment(folder: Path, synchronous: str = SYNCHRONOUS, target: Any = SQLITE_FILES) -> Path:
    return target.deployment(folder, synchronous)


def _say(log: Callable[[str], None], target: Any) -> Callable[[str], None]:
    """`log`, its lines marked with the store when it is not SQLite."""
    if target.kind == SQLITE:
        return log
    return lambda line: log(line.replace("  ", f"  [{target.label}] ", 1) if line.startswith("  ") else line)


# -- import ----------------------------------------------------------------------------


def _import_file(path: Path, records: int, seed: int = 7) -> Path:
    """The file of `records` mixed records (written once per run, read by both stores)."""
    path = path.with_name(f"{path.stem}-{records}.jsonl")
    return path if path.exists() else workload.write_import_file(path, records, seed)


def import_throughput(work: Path, records: int, runs: int, log: Callable[[str], None], target: Any = SQLITE_FILES) -> Figure:
    """`tousu import` of a mixed three-domain file, in-process (the command's own code path)."""
    from tousu.default_plugins.bulk.importer import run_import
    from tousu.default_plugins.bulk.records import read_jsonl

    log = _say(log, target)
    source = _import_file(work / "import.jsonl", records)
    ours, floors = [], []
    for run in range(runs):
        folder = deployment(work / f"import{run}{target.tag}", target=target)
        app = open_app(folder)
        errors: list[tuple[int, str]] = []
        with source.open("rb") as handle:
            started = time.perf_counter()
            result = run_import(app, app.org(workload.ORG), read_jsonl(handle), on_error=lambda n, r, e=errors: e.append((n, r)),
                                operator="wang")  # tousu assumes no actor: the import names its operator
            seconds = time.perf_counter() - started
        if errors:
            raise SystemExit(f"benchmark import rejected records: {errors[:3]}")
        app.store.close()
        rows = floor.read_rows(target.database(folder))
        conn = target.fresh(work / f"import{run}-floor{target.tag}.db", SYNCHRONOUS)
        floor_seconds = floor.bulk_write(conn, rows, batch=500)
        conn.close()
        ours.append(result.imported / seconds)
        floors.append(records / floor_seconds)
        log(f"  import run {run + 1}: tousu {ours[-1]:,.0f}/s, executemany {floors[-1]:,.0f}/s")
        target.drop(target.database(folder))
        shutil.rmtree(folder)
    return Figure("import", f"import {records:,} records (3 domains)", median(ours), median(floors),
                  "records/s", True, runs=ours, store=target.kind)


# -- interactive intake ------------------------------------------------------------------


def intake_throughput(work: Path, count: int, runs: int, log: Callable[[str], None], synchronous: str = SYNCHRONOUS,
                      target: Any = SQLITE_FILES) -> Figure:
    """`App.intake` one transaction each, against the same rows one transaction each."""

    log = _say(log, target)
    ours, floors = [], []
    for run in range(runs):
        folder = deployment(work / f"intake{synchronous}{run}{target.tag}", synchronous, target)
        app = open_app(folder)
        calls = workload.intake_calls(count)
        started = time.perf_counter()
        for kwargs in calls:
            app.intake(workload.ORG, **kwargs)
        seconds = time.perf_counter() - started
        app.store.close()
        rows = floor.read_rows(target.database(folder))
        conn = target.fresh(work / f"intake{synchronous}{run}-floor{target.tag}.db", synchronous)
        floor_seconds = floor.per_complaint_write(conn, rows)
        conn.close()
        ours.append(count / seconds)
        floors.append(count / floor_seconds)
        log(f"  intake ({target.durability(synchronous)}) run {run + 1}: tousu {ours[-1]:,.0f}/s, plain SQL {floors[-1]:,.0f}/s")
        target.drop(target.database(folder))
        shutil.rmtree(folder)
    key = "intake" if synchronous == SYNCHRONOUS else f"intake_{synchronous.lower()}"
    return Figure(key, f"intake, one transaction each ({target.durability(synchronous)})", median(ours), median(floors),
                  "complaints/s", True, runs=ours, store=target.kind)


# -- template complaints -------------------------------------------------------------------


def record_templates(folder: Path, count: int, done: bool) -> list[str]:
    """Record `count` complaints through tousu with an open or a finished story; their ids."""
    import random

    from tousu.errors import TousuError

    deployment(folder, "OFF")
    app = open_app(folder)
    rng = random.Random(5 if done else 3)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=workload.TZ)
    ids: list[str] = []
    attempt = 0
    while len(ids) < count:
        kwargs = workload.intake_kwargs(rng, attempt)
        attempt += 1
        domain = kwargs["domain"]
        kwargs.update(contact=f"137{attempt:08d}", place=f"{kwargs.get('place', '')}#{attempt}")
        if done:
            kwargs["urgent"] = False
            if domain == "retail":
                kwargs.update(category="general", fields={})
            story = workload.done_story(domain, satisfied=rng.random() < 0.85)
        else:
            story = workload.OPEN_STORIES[domain]
        received = start + timedelta(hours=attempt)
        try:
            with app.store.transaction():
                complaint = app.intake(workload.ORG, at=received, **kwargs)
                for minutes, action, actor, to, fields in story:
                    app.act(complaint.id, action, actor=actor, to=to, fields=fields, at=received + timedelta(minutes=minutes))
        except TousuError:
            continue
        ids.append(complaint.id)
    app.store.close()
    return ids


def templates(folder: Path, count: int, done: bool) -> list[clone.Template]:
    ids = record_templates(folder, count, done)
    conn = sqlite3.connect(folder / "tousu.db")
    found = [clone.Template(conn, cid) for cid in ids]
    conn.close()
    return found


# -- the open register: sweep and the daily list ----------------------------------------------


def open_register_clones(
    models: list[clone.Template], count: int, due: int, seed: int
) -> Iterator[tuple[clone.Template, datetime]]:
    """`count` open complaints; `due` of them have a clock that ran out in the last 10 minutes.

    The others were received so that every pending clock falls after the end of NOW's day,
    and every recorded action lies before NOW.
    """
    import random

    rng = random.Random(seed)
    end_of_day = datetime.combine(NOW.date() + timedelta(days=1), datetime.min.time(), tzinfo=workload.TZ)
    usable = [t for t in models if t.first_pending is not None and t.first_pending - t.last_event > timedelta(hours=2)]
    due_every = count // due if due else 0
    for i in range(count):
        model = usable[i % len(usable)]
        assert model.first_pending is not None
        if due_every and i % due_every == 0:
            received = NOW - model.first_pending - timedelta(seconds=rng.uniform(1, 600))
        else:
            earliest = end_of_day + timedelta(minutes=1) - model.first_pending
            latest = NOW - model.last_event - timedelta(minutes=1)
            received = earliest + (latest - earliest) * rng.random()
        yield model, received


def history_clones(models: list[clone.Template], count: int, seed: int) -> Iterator[tuple[clone.Template, datetime]]:
    """`count` finished complaints received over the six months May–October 2026, in order."""
    start = datetime(2026, 5, 1, tzinfo=workload.TZ)
    span = datetime(2026, 10, 28, tzinfo=workload.TZ) - start
    for i in range(count):
        yield models[(i * 7919 + seed) % len(models)], start + span * (i / count)


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()


def sweep_and_due(
    work: Path, small: int, large: int, due: int, runs: int, models: list[clone.Template], log: Callable[[str], None],
    measure: Callable[..., list[Figure]] | None = None, stores: tuple[Any, ...] = (SQLITE_FILES,),
) -> list[Figure]:
    """Sweep and the daily list on an open register of `small`, then `large` complaints, `due` of them due
    (`measure` replaces what is measured at each size: `search_only` measures ``list --q`` alone).

    The register is built on SQLite; each other store in `stores` gets a copy of it at each size
    (`targets.Postgres.load`) and is measured there, right after SQLite."""
    measure = measure or _measure_sweep_due
    folder = deployment(work / "register")
    app = open_app(folder)  # creates the schema with tousu's migrations
    app.store.close()
    db = folder / "tousu.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    figures: list[Figure] = []
    built = 0
    for size in (small, large):
        started = time.perf_counter()
        clones = open_register_clones(models, size - built, due if built == 0 else 0, seed=size)
        built += clone.write_clones(conn, clones)
        log(f"  open register: {built:,} complaints built in {time.perf_counter() - started:.1f} s")
        conn.close()
        _checkpoint(db)
        pristine = work / "register-pristine.db"
        shutil.copyfile(db, pristine)
        for target in stores:
            if target.kind == SQLITE:
                with alongside.quiet():
                    figures += measure(folder, str(pristine), size, runs, log, target)
                continue
            started = time.perf_counter()
            source = target.load(pristine, work / "register-pristine-pg")
            _say(log, target)(f"  the register copied in by COPY in {time.perf_counter() - started:.1f} s")
            there = work / "register-pg"
            there.mkdir(exist_ok=True)
            workload.write_config(there, SYNCHRONOUS, database=target.copy(source, there))
            with alongside.quiet():
                figures += measure(there, source, size, runs, log, target)
            for database in (source, target.database(there), target.database(work / "floor-pg")):
                target.drop(database)
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA synchronous = OFF")
    conn.close()
    return figures


def _plain_beside(app: Any, target: Any, database: str) -> Plain:
    """The baseline's connection next to tousu's: on SQLite tousu's own (same pragmas and
    cache, as the figures have always been taken), on PostgreSQL a plain psycopg session."""
    return Plain(app.store.conn, SQLITE, database) if target.kind == SQLITE else Plain.connect(database)


def _measure_sweep_due(folder: Path, pristine: str, size: int, runs: int, log: Callable[[str], None],
                       target: Any = SQLITE_FILES) -> list[Figure]:
    from tousu.timeutil import to_db

    log = _say(log, target)
    db = target.database(folder)
    label = f"{size:,}"
    at = to_db(NOW)
    # the daily list: tousu's App.due against the hand-written join
    app = open_app(folder)
    plain = _plain_beside(app, target, db)
    ours, floors = [], []
    for _ in range(runs + 1):  # the first run warms the cache and is not counted
        started = time.perf_counter()
        items, _duties = app.due(workload.ORG, at=NOW)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        rows = plain.execute(
            "SELECT d.complaint_id, d.name, d.due_at, c.owner, c.tier, c.summary, c.department, c.assignee, "
            "c.status, c.domain FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
            "WHERE d.org = ? AND d.active = 1 AND d.kind = 'deadline' AND d.due_at <= ? "
            "ORDER BY d.due_at, d.complaint_id",
            (workload.ORG, to_db(NOW.replace(hour=23, minute=59, second=59, microsecond=999999))),
        ).fetchall()
        # and the warnings: past warn_at of their allowed time, due after the horizon (issue 17)
        rows += plain.execute(
            "SELECT d.complaint_id, d.name, d.due_at, c.owner, c.tier, c.summary, c.department, c.assignee, "
            "c.status, c.domain FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
            "WHERE d.org = ? AND d.active = 1 AND d.state = 'pending' AND d.warn_at IS NOT NULL AND d.warn_at <= ? "
            "AND d.due_at > ? AND d.kind = 'deadline' ORDER BY d.due_at, d.complaint_id",
            (workload.ORG, at, to_db(NOW.replace(hour=23, minute=59, second=59, microsecond=999999))),
        ).fetchall()
        floors.append(time.perf_counter() - started)
        assert len(rows) == len(items), (len(rows), len(items))
    search_figures = _measure_search(app, size, runs, log, plain, target)
    if target.kind != SQLITE:
        plain.close()
    app.store.close()
    due_figure = Figure(f"due@{size}", f"daily list, {len(items):,} due among {label}", median(ours[1:]),
                        median(floors[1:]), "s", False, runs=ours[1:], store=target.kind)
    log(f"  due @{label}: {len(items):,} items, tousu {due_figure.tousu * 1000:.1f} ms, SQL {due_figure.baseline * 1000:.1f} ms")
    # sweep: from the same pristine copy each run
    ours, selects, writes = [], [], []
    for _ in range(runs):
        target.copy(pristine, folder)
        conn = Plain.connect(db)
        started = time.perf_counter()
        overdue = conn.execute(
            "SELECT complaint_id, name FROM deadlines WHERE org = ? AND active = 1 AND state = 'pending' "
            "AND due_at < ? ORDER BY due_at, complaint_id",
            (workload.ORG, at),
        ).fetchall()
        selects.append(time.perf_counter() - started)
        conn.close()
        app = open_app(folder)
        started = time.perf_counter()
        result = app.sweep(workload.ORG, NOW)
        ours.append(time.perf_counter() - started)
        app.store.close()
        scratch = folder / "floor.db" if target.kind == SQLITE else folder.parent / "floor-pg"
        writes.append(floor.sweep_writes(pristine, db, scratch, target, SYNCHRONOUS))
    if target.kind == SQLITE:
        target.copy(pristine, folder)  # leave the register as built: the next size grows it
    swept = len({b["id"] for b in result["breaches"]})
    sweep_figure = Figure(f"sweep@{size}", f"sweep, {len(overdue):,} clocks run out among {label}", median(ours),
                          median(selects), "s", False, runs=ours, store=target.kind)
    write_figure = Figure(f"sweep_write_floor@{size}", f"sweep vs the same writes by plain SQL ({label})",
                          median(ours), median(writes), "s", False, store=target.kind)
    log(f"  sweep @{label}: {swept:,} complaints, tousu {sweep_figure.tousu:.3f} s, SELECT {sweep_figure.baseline * 1000:.1f} ms, "
        f"same writes by SQL {write_figure.baseline:.3f} s")
    return [due_figure, sweep_figure, write_figure, *search_figures]


def search_only(folder: Path, pristine: str, size: int, runs: int, log: Callable[[str], None],
                target: Any = SQLITE_FILES) -> list[Figure]:
    """The ``search`` scenario (``run.py --only search``): ``list --q`` on the register as built."""
    app = open_app(folder)
    plain = _plain_beside(app, target, target.database(folder))
    try:
        return _measure_search(app, size, runs, _say(log, target), plain, target)
    finally:
        if target.kind != SQLITE:
            plain.close()
        app.store.close()


def _measure_search(app: Any, size: int, runs: int, log: Callable[[str], None], plain: Plain,
                    target: Any = SQLITE_FILES) -> list[Figure]:
    """``list --q`` through the trigram index against the plain way (``LIKE '%…%'``, newest
    first, the same first 100 and a count): a rare phrase and a common one in the summaries, a
    caller's phone number (a manager may see contacts), and the rare phrase as a receptionist
    searches it (the open texts, or every text of the cases she handles)."""
    from tousu.default_plugins.doors import queues

    org = app.org(workload.ORG)
    manager = org.staff["li"]
    receptionist = org.staff["wang"]
    middle = app.store.conn.execute(
        "SELECT id FROM complaints WHERE org = ? ORDER BY id LIMIT 1 OFFSET ?", (workload.ORG, size // 2)
    ).fetchone()[0]
    phone = app.store.conn.execute("SELECT contact FROM personal WHERE complaint_id = ?", (middle,)).fetchone()[0]
    with app.store.transaction():  # one complaint a caller remembers by an unusual phrase
        app.store.conn.execute("UPDATE complaints SET summary = summary || '，井盖缺失险些绊倒老人' WHERE id = ?", (middle,))
    summary_like = (
        "SELECT id FROM complaints WHERE org = ? AND summary LIKE ? ORDER BY id DESC LIMIT 100",
        "SELECT count(*) FROM complaints WHERE org = ? AND summary LIKE ?",
    )
    contact_like = (
        "SELECT c.id FROM complaints c JOIN personal p ON p.complaint_id = c.id "
        "WHERE c.org = ? AND p.contact LIKE ? ORDER BY c.id DESC LIMIT 100",
        "SELECT count(*) FROM complaints c JOIN personal p ON p.complaint_id = c.id WHERE c.org = ? AND p.contact LIKE ?",
    )
    figures = []
    for key, phrase, staff, plain_sql in (
        ("search_rare", "井盖缺失", manager, summary_like),
        ("search_common", "电梯长期故障", manager, summary_like),
        ("search_phone", phone, manager, contact_like),
        ("search_rare_receptionist", "井盖缺失", receptionist, summary_like),
    ):
        ours, floors = [], []
        for _ in range(runs + 1):
            started = time.perf_counter()
            rows, total = queues.complaints(app, org, staff, query=phrase, limit=100)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            found = plain.execute(plain_sql[0], (workload.ORG, f"%{phrase}%")).fetchall()
            count = plain.execute(plain_sql[1], (workload.ORG, f"%{phrase}%")).fetchone()[0]
            floors.append(time.perf_counter() - started)
        assert len(rows) == len(found) and total >= count, (len(rows), len(found), total, count)
        who = "" if staff is manager else ", as a receptionist"
        figure = Figure(f"{key}@{size}", f"list --q {phrase}{who} ({total:,} of {size:,} match)", median(ours[1:]),
                        median(floors[1:]), "s", False, runs=ours[1:], store=target.kind)
        log(f"  {key} @{size:,}: {total:,} found, tousu {figure.tousu * 1000:.1f} ms, LIKE scan {figure.baseline * 1000:.1f} ms")
        figures.append(figure)
    return figures


# -- process start and memory -------------------------------------------------------------


def _tousu_command() -> list[str]:
    script = Path(sys.executable).with_name("tousu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tousu"]


def cli_start(runs: int, target: Any = SQLITE_FILES, work: Path | None = None) -> Figure:
    """`tousu --version` as a whole process against `python -c "import sqlite3"`.

    On PostgreSQL the same, with ``$TOUSU_DATABASE`` naming a database on the server: a
    command that needs no database opens none, whichever store is configured."""
    import os

    env = dict(os.environ)
    if target.kind != SQLITE:
        env["TOUSU_DATABASE"] = target.database(deployment((work or Path(".")) / "cli-pg", target=target))

    def timed(argv: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        return time.perf_counter() - started

    ours, bare = [], []
    for _ in range(runs):
        ours.append(timed([*_tousu_command(), "--version"]))
        bare.append(timed([sys.executable, "-c", "import sqlite3"]))
    note = "" if target.kind == SQLITE else "--version opens no database: $TOUSU_DATABASE names the server's, unused"
    return Figure("cli_start", "tousu --version (whole process)", median(ours), median(bare), "s", False, runs=ours,
                  note=note, store=target.kind)


def _memory_commands(work: Path, records: int, target: Any) -> tuple[Path, list[list[str]]]:
    """The memory scenario's two processes: `tousu import` of `records`, then the plain
    streaming loader of its rows into an empty database with tousu's schema."""
    folder = deployment(work / f"memory{target.tag}", target=target)
    source = _import_file(work / "memory.jsonl", records, seed=9)
    empty = target.fresh(work / f"memory-floor{target.tag}.db", SYNCHRONOUS)  # the schema, made by tousu's migrations
    empty.close()
    pragmas = floor.store_pragmas(SYNCHRONOUS) if target.kind == SQLITE else []
    return folder, [
        [*_tousu_command(), "--config", str(folder / "tousu.toml"), "import", str(source), "--org", workload.ORG,
         "--actor", "wang"],
        [sys.executable, str(HERE / "floor.py"), target.database(folder), empty.database, *pragmas],
    ]


def start_import_memory(work: Path, records: int, target: Any = SQLITE_FILES) -> alongside.Alongside:
    """`import_memory`'s processes started now, in the background (paused while anything is timed)."""
    folder, commands = _memory_commands(work, records, target)
    return alongside.Alongside(commands, folder)


def import_memory(work: Path, records: int, log: Callable[[str], None], target: Any = SQLITE_FILES,
                  started: alongside.Alongside | None = None) -> Figure:
    """Peak resident memory of `tousu import` of `records`, and of a plain streaming loader of its rows
    (on PostgreSQL: of the client process; the server's memory is its own). `started`: the same
    processes already running alongside the run (`start_import_memory`)."""
    log = _say(log, target)
    if started is not None:
        results = started.wait()
    else:
        folder, commands = _memory_commands(work, records, target)
        results = alongside.run(commands, folder)
    if len(results) < 2 or results[0][2] != 0:
        raise SystemExit(f"tousu import exited {results[0][2]}")
    (ours, seconds, _), (raw, raw_seconds, code) = results
    if code != 0:
        raise SystemExit(f"the plain loader exited {code}")
    log(f"  import of {records:,} records: peak {ours:.0f} MiB in {seconds:.0f} s; plain streaming loader "
        f"{raw:.0f} MiB in {raw_seconds:.0f} s" + (" (both alongside the untimed builds)" if started else ""))
    client = "sqlite3" if target.kind == SQLITE else "psycopg"
    return Figure("import_memory", f"peak memory importing {records:,} records", ours, raw, "MiB", False,
                  note=f"baseline: a plain {client} process streaming the same rows in batches of 5000",
                  store=target.kind)
