"""Each scenario: tousu's figure and the plain-SQLite baseline, measured in the same run.

A scenario returns a `Figure`; `run.py` prints them and writes the JSON. Timed regions
contain only the work being compared: data is generated and rows are prebuilt before the
timer starts.
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

import attrs
import clone
import floor
import workload

HERE = Path(__file__).resolve().parent
SYNCHRONOUS = "FULL"  # tousu.toml's default: what a deployment runs unless it chooses otherwise
#: The instant of the sweep and of the daily list in the large-table scenarios (late evening,
#: so "due by the end of today" adds nothing to what is already overdue).
NOW = datetime(2026, 11, 20, 23, 30, tzinfo=workload.TZ)
REPORT_MONTH = "2026-09"


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


def deployment(folder: Path, synchronous: str = SYNCHRONOUS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    workload.write_config(folder, synchronous)
    return folder


# -- import ----------------------------------------------------------------------------


def import_throughput(work: Path, records: int, runs: int, log: Callable[[str], None]) -> Figure:
    """`tousu import` of a mixed three-domain file, in-process (the command's own code path)."""
    from tousu.default_plugins.bulk.importer import run_import
    from tousu.default_plugins.bulk.records import read_jsonl

    source = workload.write_import_file(work / "import.jsonl", records)
    ours, floors = [], []
    for run in range(runs):
        folder = deployment(work / f"import{run}")
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
        rows = floor.read_rows(folder / "tousu.db")
        conn = floor.fresh_database(work / f"import{run}-floor.db", SYNCHRONOUS)
        floor_seconds = floor.bulk_write(conn, rows, batch=500)
        conn.close()
        ours.append(result.imported / seconds)
        floors.append(records / floor_seconds)
        log(f"  import run {run + 1}: tousu {ours[-1]:,.0f}/s, executemany {floors[-1]:,.0f}/s")
        shutil.rmtree(folder)
    return Figure("import", f"import {records:,} records (3 domains)", median(ours), median(floors),
                  "records/s", True, runs=ours)


# -- interactive intake ------------------------------------------------------------------


def intake_throughput(work: Path, count: int, runs: int, log: Callable[[str], None], synchronous: str = SYNCHRONOUS) -> Figure:
    """`App.intake` one transaction each, against the same rows one transaction each."""

    ours, floors = [], []
    for run in range(runs):
        folder = deployment(work / f"intake{synchronous}{run}", synchronous)
        app = open_app(folder)
        calls = workload.intake_calls(count)
        started = time.perf_counter()
        for kwargs in calls:
            app.intake(workload.ORG, **kwargs)
        seconds = time.perf_counter() - started
        app.store.close()
        rows = floor.read_rows(folder / "tousu.db")
        conn = floor.fresh_database(work / f"intake{synchronous}{run}-floor.db", synchronous)
        floor_seconds = floor.per_complaint_write(conn, rows)
        conn.close()
        ours.append(count / seconds)
        floors.append(count / floor_seconds)
        log(f"  intake ({synchronous}) run {run + 1}: tousu {ours[-1]:,.0f}/s, plain SQL {floors[-1]:,.0f}/s")
        shutil.rmtree(folder)
    key = "intake" if synchronous == SYNCHRONOUS else f"intake_{synchronous.lower()}"
    return Figure(key, f"intake, one transaction each (synchronous={synchronous})", median(ours), median(floors),
                  "complaints/s", True, runs=ours)


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


def _copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if (target.parent / (target.name + suffix)).exists():
            (target.parent / (target.name + suffix)).unlink()
    shutil.copyfile(source, target)


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()


def sweep_and_due(
    work: Path, small: int, large: int, due: int, runs: int, models: list[clone.Template], log: Callable[[str], None],
    measure: Callable[..., list[Figure]] | None = None,
) -> list[Figure]:
    """Sweep and the daily list on an open register of `small`, then `large` complaints, `due` of them due
    (`measure` replaces what is measured at each size: `search_only` measures ``list --q`` alone)."""
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
        figures += measure(folder, pristine, size, runs, log)
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA synchronous = OFF")
    conn.close()
    return figures


def _measure_sweep_due(folder: Path, pristine: Path, size: int, runs: int, log: Callable[[str], None]) -> list[Figure]:
    from tousu.timeutil import to_db

    db = folder / "tousu.db"
    label = f"{size:,}"
    at = to_db(NOW)
    # the daily list: tousu's App.due against the hand-written join
    app = open_app(folder)
    ours, floors = [], []
    for _ in range(runs + 1):  # the first run warms the cache and is not counted
        started = time.perf_counter()
        items, _duties = app.due(workload.ORG, at=NOW)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        rows = app.store.conn.execute(
            "SELECT d.complaint_id, d.name, d.due_at, c.owner, c.tier, c.summary, c.department, c.assignee, "
            "c.status, c.domain FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
            "WHERE d.org = ? AND d.active = 1 AND d.kind = 'deadline' AND d.due_at <= ? "
            "ORDER BY d.due_at, d.complaint_id",
            (workload.ORG, to_db(NOW.replace(hour=23, minute=59, second=59, microsecond=999999))),
        ).fetchall()
        # and the warnings: past warn_at of their allowed time, due after the horizon (issue 17)
        rows += app.store.conn.execute(
            "SELECT d.complaint_id, d.name, d.due_at, c.owner, c.tier, c.summary, c.department, c.assignee, "
            "c.status, c.domain FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
            "WHERE d.org = ? AND d.active = 1 AND d.state = 'pending' AND d.warn_at IS NOT NULL AND d.warn_at <= ? "
            "AND d.due_at > ? AND d.kind = 'deadline' ORDER BY d.due_at, d.complaint_id",
            (workload.ORG, at, to_db(NOW.replace(hour=23, minute=59, second=59, microsecond=999999))),
        ).fetchall()
        floors.append(time.perf_counter() - started)
        assert len(rows) == len(items), (len(rows), len(items))
    search_figures = _measure_search(app, size, runs, log)
    app.store.close()
    due_figure = Figure(f"due@{size}", f"daily list, {len(items):,} due among {label}", median(ours[1:]),
                        median(floors[1:]), "s", False, runs=ours[1:])
    log(f"  due @{label}: {len(items):,} items, tousu {due_figure.tousu * 1000:.1f} ms, SQL {due_figure.baseline * 1000:.1f} ms")
    # sweep: from the same pristine copy each run
    ours, selects, writes = [], [], []
    for _ in range(runs):
        _copy(pristine, db)
        conn = sqlite3.connect(db)
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
        writes.append(_sweep_write_floor(pristine, db, folder / "floor.db"))
    _copy(pristine, db)  # leave the register as built: the next size grows it
    swept = len({b["id"] for b in result["breaches"]})
    sweep_figure = Figure(f"sweep@{size}", f"sweep, {len(overdue):,} clocks run out among {label}", median(ours),
                          median(selects), "s", False, runs=ours)
    write_figure = Figure(f"sweep_write_floor@{size}", f"sweep vs the same writes by plain SQL ({label})",
                          median(ours), median(writes), "s", False)
    log(f"  sweep @{label}: {swept:,} complaints, tousu {sweep_figure.tousu:.3f} s, SELECT {sweep_figure.baseline * 1000:.1f} ms, "
        f"same writes by SQL {write_figure.baseline:.3f} s")
    return [due_figure, sweep_figure, write_figure, *search_figures]


def search_only(folder: Path, pristine: Path, size: int, runs: int, log: Callable[[str], None]) -> list[Figure]:
    """The ``search`` scenario (``run.py --only search``): ``list --q`` on the register as built."""
    app = open_app(folder)
    try:
        return _measure_search(app, size, runs, log)
    finally:
        app.store.close()


def _measure_search(app: Any, size: int, runs: int, log: Callable[[str], None]) -> list[Figure]:
    """``list --q`` through the trigram index against the plain way (``LIKE '%…%'``, newest
    first, the same first 100 and a count): a rare phrase and a common one in the summaries, a
    caller's phone number (a manager may see contacts), and the rare phrase as a receptionist
    searches it (the open texts, or every text of the cases she handles)."""
    from tousu import queues

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
            plain = app.store.conn.execute(plain_sql[0], (workload.ORG, f"%{phrase}%")).fetchall()
            count = app.store.conn.execute(plain_sql[1], (workload.ORG, f"%{phrase}%")).fetchone()[0]
            floors.append(time.perf_counter() - started)
        assert len(rows) == len(plain) and total >= count, (len(rows), len(plain), total, count)
        who = "" if staff is manager else ", as a receptionist"
        figure = Figure(f"{key}@{size}", f"list --q {phrase}{who} ({total:,} of {size:,} match)", median(ours[1:]),
                        median(floors[1:]), "s", False, runs=ours[1:])
        log(f"  {key} @{size:,}: {total:,} found, tousu {figure.tousu * 1000:.1f} ms, LIKE scan {figure.baseline * 1000:.1f} ms")
        figures.append(figure)
    return figures


def _sweep_write_floor(pristine: Path, swept: Path, scratch: Path) -> float:
    """Seconds for plain SQL to write what the sweep wrote: its events, the breached clocks."""
    conn = sqlite3.connect(swept)
    last = sqlite3.connect(pristine).execute("SELECT max(seq) FROM events").fetchone()[0]
    events = conn.execute("SELECT * FROM events WHERE seq > ?", (last,)).fetchall()
    ids = [(row[1],) for row in events]
    breached = conn.execute(
        f"SELECT complaint_id, name FROM deadlines WHERE state = 'breached' AND complaint_id IN "
        f"(SELECT complaint_id FROM events WHERE seq > {last})"
    ).fetchall()
    conn.close()
    _copy(pristine, scratch)
    from tousu.store import Store

    store = Store(scratch, SYNCHRONOUS)  # the same pragmas tousu opens its database with
    conn = store.conn
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    if events:
        conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' * len(events[0]))})", events)
    conn.executemany("UPDATE deadlines SET state = 'breached' WHERE complaint_id = ? AND name = ?", breached)
    conn.executemany("UPDATE complaints SET last_event = (SELECT max(seq) FROM events e WHERE e.complaint_id = id) "
                     "WHERE id = ?", ids)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    store.close()
    return seconds


# -- the month report ----------------------------------------------------------------------


def month_report(work: Path, count: int, runs: int, models: list[clone.Template], log: Callable[[str], None]) -> list[Figure]:
    """One month's report over `count` complaints (six months of finished histories)."""
    from tousu.default_plugins.reporting.document import build_report
    from tousu.default_plugins.reporting.figures import core_figures
    from tousu.default_plugins.reporting.periods import select_period
    from tousu.default_plugins.reporting.render import to_json

    folder = deployment(work / "history")
    open_app(folder).store.close()
    db = folder / "tousu.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    started = time.perf_counter()
    clone.write_clones(conn, history_clones(models, count, seed=1))
    conn.close()
    _checkpoint(db)
    log(f"  history: {count:,} complaints built in {time.perf_counter() - started:.1f} s")
    app = open_app(folder)
    org = app.org(workload.ORG)
    selection = select_period(org.tz, month=REPORT_MONTH)
    at = datetime(2026, 11, 1, 9, 0, tzinfo=workload.TZ)
    whole, core, hand = [], [], []
    for _ in range(runs + 1):
        started = time.perf_counter()
        to_json(build_report(app, org, selection, at))
        whole.append(time.perf_counter() - started)
        started = time.perf_counter()
        figures = core_figures(app.store, org.id, selection, at)
        core.append(time.perf_counter() - started)
        started = time.perf_counter()
        expected = hand_written_report(app.store.conn, org.id, REPORT_MONTH, selection.period.start, selection.period.end, at)
        hand.append(time.perf_counter() - started)
    for name, value in expected.items():
        assert figures[name] == value, (name, figures[name], value)
    app.store.close()
    log(f"  report {REPORT_MONTH}: {figures['received']:,} complaints in the month; whole report {median(whole[1:]):.3f} s, "
        f"core figures {median(core[1:]):.3f} s, hand-written SQL {median(hand[1:]):.3f} s")
    return [
        Figure("report", f"month report's figures ({figures['received']:,} of {count:,} complaints)", median(core[1:]),
               median(hand[1:]), "s", False, runs=core[1:]),
        Figure("report_document", "the whole report document (+ trend, 3 domain sections, JSON)", median(whole[1:]),
               median(hand[1:]), "s", False, runs=whole[1:],
               note="baseline computes the core figures only; the domain sections are the plugins' own SQL"),
    ]


def hand_written_report(
    conn: sqlite3.Connection, org: str, month: str, start: datetime, end: datetime, at: datetime
) -> dict[str, Any]:
    """The same core figures by hand: GROUP BY queries over the same indexes, nothing else."""
    from tousu.timeutil import to_db

    breakdown: dict[str, dict[str, int]] = {"by_channel": {}, "by_category": {}, "by_tier": {}, "by_status": {}}
    received = processed = called = satisfied = 0
    for tier, category, channel, status, count, has_verdict, happy in conn.execute(
        "SELECT tier, category, channel, status, count(*), json_extract(fields, '$.satisfied') IS NOT NULL, "
        "sum(json_extract(fields, '$.satisfied') IN (1, 'true')) FROM complaints WHERE org = ? AND month = ? "
        "GROUP BY tier, category, channel, status, json_extract(fields, '$.satisfied') IS NOT NULL",
        (org, month),
    ):
        received += count
        processed += count if status in ("resolved", "closed", "transferred", "invalid", "withdrawn") else 0
        if has_verdict:
            called += count
            satisfied += happy
        for key, value in (("by_channel", channel), ("by_category", category), ("by_tier", tier), ("by_status", status)):
            breakdown[key][value or "-"] = breakdown[key].get(value or "-", 0) + count
    due = on_time = 0
    for count, met in conn.execute(
        "SELECT count(*), sum(met_at IS NOT NULL AND met_at <= due_at) FROM deadlines WHERE org = ? AND kind = 'deadline' "
        "AND due_at >= ? AND due_at < ? AND state != 'cancelled' AND (met_at IS NOT NULL OR due_at < ?) GROUP BY name",
        (org, to_db(start), to_db(end), to_db(at)),
    ):
        due += count
        on_time += met or 0
    overdue = conn.execute(
        "SELECT count(DISTINCT d.complaint_id) FROM deadlines d INDEXED BY deadlines_due_list "
        "JOIN complaints c ON c.id = d.complaint_id "
        "WHERE d.org = ? AND d.active = 1 AND d.due_at < ? AND d.kind = 'deadline' AND d.met_at IS NULL AND c.month = ?",
        (org, to_db(at), month),
    ).fetchone()[0]
    activity = dict(conn.execute(
        "SELECT action, count(*) FROM events WHERE org = ? AND action IN ('extend', 'reopen', 'escalate') "
        "AND at >= ? AND at < ? GROUP BY action",
        (org, to_db(start), to_db(end)),
    ).fetchall())
    resolved = conn.execute(
        "SELECT count(*) FROM complaints WHERE org = ? AND month = ? AND resolved_at IS NOT NULL", (org, month)
    ).fetchone()[0]
    return {
        "received": received,
        "processed": processed,
        **{k: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in breakdown.items()},
        "deadlines_due": due,
        "deadlines_on_time": on_time,
        "overdue_open": overdue,
        "extensions": activity.get("extend", 0),
        "reopened": activity.get("reopen", 0),
        "called_back": called,
        "satisfied": satisfied,
        "resolved_with_time": resolved,
    }


# -- process start and memory -------------------------------------------------------------


def _tousu_command() -> list[str]:
    script = Path(sys.executable).with_name("tousu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tousu"]


def cli_start(runs: int) -> Figure:
    """`tousu --version` as a whole process against `python -c "import sqlite3"`."""
    def timed(argv: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

    ours, bare = [], []
    for _ in range(runs):
        ours.append(timed([*_tousu_command(), "--version"]))
        bare.append(timed([sys.executable, "-c", "import sqlite3"]))
    return Figure("cli_start", "tousu --version (whole process)", median(ours), median(bare), "s", False, runs=ours)


def _peak_mib(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """Run `argv`; (peak resident MiB, seconds, exit code) of that one process.

    The peak is the process's own high-water mark (``VmHWM`` in /proc), read every 20 ms
    until it exits: ``getrusage``'s ``ru_maxrss`` would start from this (large) parent's
    resident size, which a child inherits through fork.
    """
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_kib = 0
    status = Path(f"/proc/{process.pid}/status")
    while process.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak_kib = max(peak_kib, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    return peak_kib / 1024, time.perf_counter() - started, process.returncode


def import_memory(work: Path, records: int, log: Callable[[str], None]) -> Figure:
    """Peak resident memory of `tousu import` of `records`, and of a plain streaming loader of its rows."""
    folder = deployment(work / "memory")
    source = workload.write_import_file(work / "memory.jsonl", records, seed=9)
    ours, seconds, code = _peak_mib([*_tousu_command(), "--config", str(folder / "tousu.toml"), "import", str(source),
                                     "--org", workload.ORG, "--actor", "wang"], folder)
    if code != 0:
        raise SystemExit(f"tousu import exited {code}")
    target = work / "memory-floor.db"
    floor.fresh_database(target, SYNCHRONOUS).close()  # the schema, made by tousu's migrations
    raw, raw_seconds, code = _peak_mib([sys.executable, str(HERE / "floor.py"), str(folder / "tousu.db"),
                                        str(target), *floor.store_pragmas(SYNCHRONOUS)], folder)
    if code != 0:
        raise SystemExit(f"the plain loader exited {code}")
    log(f"  import of {records:,} records: peak {ours:.0f} MiB in {seconds:.0f} s; plain streaming loader "
        f"{raw:.0f} MiB in {raw_seconds:.0f} s")
    return Figure("import_memory", f"peak memory importing {records:,} records", ours, raw, "MiB", False,
                  note="baseline: a plain sqlite3 process streaming the same rows in batches of 500")
