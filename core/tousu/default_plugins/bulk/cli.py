"""``tousu import`` and ``tousu export``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from tousu.default_plugins.bulk.records import EXPORT_MARK
from tousu.door import ACTOR_OPTION, AT_OPTION, JSON_OPTION, Env, emit
from tousu.errors import InputError
from tousu.serialize import to_json

FORMATS = ("jsonl", "csv")


def _format_of(path: Path, given: str | None) -> str:
    if given:
        return given
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise InputError(f"{path}: cannot tell the format from the name; pass --format jsonl or --format csv")


@click.command("import")
@click.argument("file", type=click.Path())
@click.option("--org", "org_id", required=True, metavar="ORG")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from the file name (.jsonl, .csv).")
@click.option("--dry-run", is_flag=True, help="Check every record through the rules; write nothing.")
@click.option("--quiet", is_flag=True, help="No progress line on stderr (rejected records are still told).")
@ACTOR_OPTION
@JSON_OPTION
@click.pass_obj
def import_command(
    env: Env, file: str, org_id: str, fmt: str | None, dry_run: bool, quiet: bool, actor: str | None, as_json: bool
) -> None:
    """Bring in a register (.jsonl or .csv): each record is an intake plus its recorded actions.

    Every record passes through the real lifecycle, so every rule applies. A bad record is
    reported with its line number and nothing of it is written; the others are imported.
    Exits 1 when any record was rejected. Each record's ref (its `ref` or `id`, else a hash
    of it) is stored, so the same command run again skips what is in already: after Ctrl-C
    or a kill, it continues where the committed batches end.
    """
    from tousu.default_plugins.bulk.importer import ImportResult, run_import
    from tousu.default_plugins.bulk.progress import Progress
    from tousu.default_plugins.bulk.records import BadRecord, count_records, read_csv, read_jsonl
    from tousu.default_plugins.doors import humanize
    from tousu.default_plugins.doors.privacy import mask_text
    from tousu.render import clean

    path = Path(file)
    kind = _format_of(path, fmt)
    from tousu.permissions import acting, org_for

    app = env.app
    org = org_for(app, org_id, acting(actor))  # another org's staff answers like an unknown org
    operator = app.actor(org, acting(actor))  # who imports is named: records without an actor are theirs
    handle = _open_regular(path, file)

    from tousu.messages import text
    from tousu.messages.said import localize

    lang = org.language

    def report(line: int, reason: str) -> None:
        # whoever reads the terminal may not see personal data: a value quoted back is masked;
        # the reason in the organization's language (the JSON's errors keep it as written)
        why = clean(mask_text(localize(lang, reason)))
        click.echo(text(lang, "import.rejected_line", file=clean(file), line=line, reason=why), err=True)

    with handle:
        # counts as it goes on stderr: rewritten in place on a terminal, a line every few seconds
        # in a log (tousu.default_plugins.bulk.progress); none with --quiet or --json
        progress = Progress(os.path.getsize(path), org.language, enabled=not (quiet or as_json))
        reader = read_jsonl if kind == "jsonl" else read_csv
        result = ImportResult()
        try:
            # every event of the import is marked as imported, with the file and the operator;
            # Ctrl-C or SIGTERM ends it after the record in hand, its batch committed
            with app.store.recording_origin({"imported": path.name, "operator": operator.id}), Stopping() as stop:
                run_import(
                    app, org, reader(handle, progress.advance), dry_run=dry_run, on_error=report,
                    operator=operator.id, stop=stop, result=result,
                    on_batch=lambda so_far: progress.update(so_far.imported, so_far.rejected, dry_run=dry_run),
                )
        except BadRecord as exc:
            raise InputError(f"{file}: {exc}") from None
        except KeyboardInterrupt:  # a second signal: the batch under way is rolled back
            result.interrupted = True
        finally:
            progress.done()
    document = {
        "file": file,
        "org": org.id,
        "dry_run": dry_run,
        "imported": result.imported,
        "rejected": result.rejected,
        "errors": result.errors,
        "first_id": result.first_id,
        "last_id": result.last_id,
        "skipped": result.skipped,
        "interrupted": result.interrupted,
    }
    if result.interrupted:
        done = result.imported + result.skipped
        document.update(committed_lines=result.last_line, records=count_records(path, kind))
        told = text(lang, "import.interrupted.dry" if dry_run else "import.interrupted", imported=humanize.number(done),
                    total=humanize.number(document["records"]), lines=humanize.number(result.last_line))
        click.echo(f"tousu: {told}", err=True)
    if as_json:
        emit(document)
    else:
        span = f" ({result.first_id}..{result.last_id})" if result.first_id else ""
        summary = "import.summary.dry" if dry_run else "import.summary"
        line = text(lang, summary, imported=result.imported, span=span, rejected=result.rejected)
        if result.skipped:
            line += text(lang, "import.skipped", skipped=humanize.number(result.skipped))
        click.echo(line)
    if result.rejected or result.interrupted:
        sys.exit(1)


def _open_regular(path: Path, file: str) -> Any:
    """The file to import, opened; a FIFO, device or directory is refused (it never ends, or is no file)."""
    import stat

    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "not a regular file"
            raise InputError(f"{file}: {kind}; give the register's file (.jsonl or .csv)")
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror}") from None


class Stopping:
    """While importing: SIGINT and SIGTERM ask the import to stop after the record in hand
    (calling the object says whether one came); a second one interrupts at once."""

    SIGNALS = ("SIGINT", "SIGTERM")

    def __init__(self) -> None:
        self.asked = False
        self.before: dict[int, Any] = {}

    def __call__(self) -> bool:
        return self.asked

    def _handle(self, signum: int, frame: Any) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True

    def __enter__(self) -> Stopping:
        import contextlib
        import signal

        for name in self.SIGNALS:
            number = getattr(signal, name)
            with contextlib.suppress(ValueError):  # not the main thread: the default handling stays
                self.before[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc: Any) -> None:
        import signal

        for number, handler in self.before.items():
            signal.signal(number, handler)


@click.command("export")
@click.option("--org", "org_id", required=True, metavar="ORG")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--from", "date_from", metavar="DATE", help="Received on or after this day.")
@click.option("--to", "date_to", metavar="DATE", help="Received on or before this day.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="With --out: replace the file if it exists.")
@click.option("--unmask", is_flag=True, help="Names and contacts in clear (roles in personal_data_roles only).")
@click.option("--excel", is_flag=True, help="CSV for Excel: a UTF-8 byte-order mark and CRLF line ends (Chinese Windows).")
@ACTOR_OPTION
@AT_OPTION
@click.pass_obj
def export_command(
    env: Env,
    org_id: str,
    fmt: str,
    date_from: str | None,
    date_to: str | None,
    out_path: str | None,
    force: bool,
    unmask: bool,
    excel: bool,
    actor: str | None,
    at_text: str | None,
) -> None:
    """Write the organization's complaints and their histories as import reads them.

    Complainants' names, phone numbers and addresses are masked unless --unmask is given by
    a staff member whose role may see personal data; every export is recorded in the audit log.
    """
    from datetime import timedelta

    from tousu.default_plugins.bulk.exporter import (
        audit,
        check_unmask,
        count_records,
        export_records,
    )
    from tousu.default_plugins.bulk.records import CSV_COLUMNS, to_csv_row
    from tousu.default_plugins.filesafe import CsvWriter, open_out
    from tousu.default_plugins.reporting.periods import midnight, parse_day
    from tousu.permissions import acting, org_for

    if excel and fmt != "csv":
        raise InputError("--excel is for --format csv (a byte-order mark and CRLF, for Excel)")
    app = env.app
    org = org_for(app, org_id, actor)
    at = env.instant(at_text, org_id)
    actor_id = acting(actor)
    if unmask and not actor_id:
        raise InputError("--unmask needs --actor STAFF (who sees the personal data is recorded)")
    from tousu.default_plugins.doors.privacy import viewer

    staff = viewer(app, org, actor_id)  # unnamed: masked, and the audit row keeps the OS user
    if unmask:
        check_unmask(org, staff)
    start = midnight(parse_day(date_from, "--from"), org.tz) if date_from else None
    end = midnight(parse_day(date_to, "--to") + timedelta(days=1), org.tz) if date_to else None
    if start and end and end <= start:
        raise InputError(f"--to {date_to} is before --from {date_from}")
    try:
        out = open_out(out_path, force=force) if out_path else None  # never over a file or through a link unasked
    except OSError as exc:
        raise InputError(f"--out {out_path}: cannot write: {exc.strerror}") from None
    audit(
        app.store,
        org,
        staff,
        at,
        {
            "format": fmt, "from": date_from, "to": date_to, "unmasked": unmask, "out": out_path,
            "records": count_records(app.store, org, start=start, end=end),
        },
    )
    head = app.store.chain_head(org.id)  # the history this export was read from (`tousu verify`)
    try:
        stream: Any = out if out is not None else sys.stdout
        count = 0
        # no cell is a formula to a spreadsheet
        writer = CsvWriter(stream, "\r\n" if excel else "\n") if fmt == "csv" else None
        if writer is not None:
            if excel:  # Excel on Chinese Windows reads a CSV without a BOM as GBK: mojibake
                stream.write("\ufeff")
            writer.writerow(CSV_COLUMNS)
        for record in export_records(app.store, org, start=start, end=end, unmask=unmask):
            if writer is not None:
                writer.writerow(to_csv_row(record))
            else:
                stream.write(to_json(record, sort_keys=True) + "\n")
            count += 1
        trailer = {"org": org.id, "records": count, "chain_head": head}
        if not head:  # no history at all: nothing to vouch for, and an empty register exports nothing
            pass
        elif writer is not None:
            writer.writerow([f"{EXPORT_MARK} " + " ".join(f"{k}={v}" for k, v in trailer.items())])
        else:
            stream.write(to_json({EXPORT_MARK: trailer}, sort_keys=True) + "\n")
    finally:
        if out is not None:
            out.close()
    if out_path:
        click.echo(f"exported {count} complaint(s) to {out_path}" + (" (unmasked)" if unmask else " (masked)"), err=True)
