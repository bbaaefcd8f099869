"""``tousu report``: the figures of a period, in the format a reader needs, frozen when issued."""

from __future__ import annotations

from typing import Any

import click

from tousu.door import ACTOR_OPTION, AT_OPTION, Env
from tousu.errors import InputError, NotFound

FORMATS = ("text", "json", "csv", "md", "html")


@click.command("report")
@click.option("--org", "org_id", required=True, metavar="ORG")
@click.option("--month", metavar="YYYY-MM")
@click.option("--week", metavar="YYYY-Www", help="An ISO week, e.g. 2026-W41.")
@click.option("--year", metavar="YYYY")
@click.option("--from", "date_from", metavar="DATE", help="First day (with --to; both days included).")
@click.option("--to", "date_to", metavar="DATE", help="Last day.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="With --out: replace the file if it exists.")
@click.option("--excel", is_flag=True, help="With --format csv: a UTF-8 byte-order mark and CRLF line ends, for Excel.")
@click.option("--freeze", is_flag=True, help="Issue the report of a closed period: store it as it is now.")
@click.option("--frozen", "show_frozen", is_flag=True, help="Show the issued (frozen) report exactly as it was issued.")
@ACTOR_OPTION
@AT_OPTION
@click.pass_obj
def report(
    env: Env,
    org_id: str,
    month: str | None,
    week: str | None,
    year: str | None,
    date_from: str | None,
    date_to: str | None,
    fmt: str,
    as_json: bool,
    out_path: str | None,
    force: bool,
    excel: bool,
    freeze: bool,
    show_frozen: bool,
    actor: str | None,
    at_text: str | None,
) -> None:
    """Period statistics with each domain's section: text, json, csv, md or a self-contained html page.

    Figures are computed as the register stands at --at (default now). A period that was
    frozen (issued) is shown with what changed since; --frozen shows the issued report itself.
    """
    from tousu.default_plugins.reporting import frozen as issued
    from tousu.default_plugins.reporting.document import build_report
    from tousu.default_plugins.reporting.periods import select_period

    if freeze and show_frozen:
        raise InputError("--freeze issues a report and --frozen shows an issued one: choose one")
    from tousu.permissions import org_for

    app = env.app
    org = org_for(app, org_id, actor)
    at = env.instant(at_text, org_id)
    selection = select_period(org.tz, month=month, week=week, year=year, date_from=date_from, date_to=date_to)
    if as_json:
        fmt = "json"
    if excel and fmt != "csv":
        raise InputError("--excel is for --format csv (a byte-order mark and CRLF, for Excel)")
    if show_frozen:
        document = app.store.latest_frozen(org.id, selection.key)
        if document is None:
            raise NotFound(f"no report of {selection.key} was issued for {org.id} (issue one with --freeze)")
    else:
        if freeze:
            from tousu.clock import recording_instant

            at = recording_instant(app.config, at)
            staff = app.actor(org, actor)
            issued.may_freeze(app.config, org, staff)
            document = issued.freeze(
                app.store, org, selection, build_report(app, org, selection, at), at, staff.id,
                now=issued.reference_now(app.config, at),
            )
        else:
            from tousu.default_plugins.reporting.compared import report_document

            document = report_document(app, org, selection, at)
    text = render(document, fmt)
    if excel:
        text = "\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")
    _write(text, out_path, force)


def render(document: dict[str, Any], fmt: str) -> str:
    """The document in `fmt` (one of FORMATS)."""
    from tousu.default_plugins.reporting import render as r

    if fmt == "html":
        from tousu.default_plugins.reporting.html import to_html

        return to_html(document)
    return {"text": r.to_text, "json": r.to_json, "csv": r.to_csv, "md": r.to_markdown}[fmt](document)


def _write(text: str, out_path: str | None, force: bool = False) -> None:
    from tousu.default_plugins.filesafe import open_out

    if out_path is None:
        click.echo(text, nl=False)
        return
    try:
        with open_out(out_path, force=force) as handle:  # never over a file or through a link unasked
            handle.write(text)
    except OSError as exc:
        raise InputError(f"--out {out_path}: cannot write: {exc.strerror}") from None
    click.echo(f"wrote {out_path}", err=True)
