"""``tousu retail …``: the delisting list and the sales import.

Both commands take the app through ``click.pass_obj`` (`tousu.door.Env`), so they use the
same config, database and error handling as the core commands.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from tousu.errors import InputError
from tousu.messages import text

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _retail_org(app: Any, org_id: str) -> Any:
    from tousu.permissions import org_for

    org = org_for(app, org_id, None)  # staff of another org ($TOUSU_ACTOR) are told it is unknown
    if "retail" not in org.plugins:
        raise InputError.of("retail.not_enabled", org=org_id, plugins=", ".join(org.plugins) or "-")
    return org


@click.group("retail")
def retail() -> None:
    """The retail desk: delisting candidates and monthly sales."""


@retail.command("delisting")
@click.option("--org", "org_id", required=True, metavar="ORG")
@click.option("--month", required=True, metavar="YYYY-MM")
@click.option("--at", "at_text", metavar="ISO", help="Judge as of this instant (default now).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.pass_obj
def delisting_command(env: Any, org_id: str, month: str, at_text: str | None, as_json: bool) -> None:
    """Products and suppliers that meet a delisting criterion (撤场) in MONTH, with the evidence."""
    from tousu.render import clean, dumps
    from tousu_retail.delisting import candidates, month_bounds

    app = env.app
    if not _MONTH.match(month):
        raise InputError.of("retail.month_option", month=repr(month))
    org = _retail_org(app, org_id)
    start, end = month_bounds(month, org)
    rows = candidates(app.store, org, org.settings_for("retail"), start, end, env.instant(at_text, org_id))
    if as_json:
        click.echo(dumps({"org": org.id, "month": month, "candidates": rows}))
        return
    lang = org.language
    if not rows:
        click.echo(text(lang, "retail.delisting.none", org=org.id, month=month))
    for row in rows:
        who = row["product"] if row["target"] == "product" else row["supplier"]
        extra = text(lang, "retail.delisting.of_supplier", supplier=row["supplier"]) if row["target"] == "product" and row["supplier"] else ""
        click.echo(text(lang, f"retail.delisting.{row['target']}", number=row["number"], criterion=row["criterion"],
                        who=clean(who), extra=clean(extra), rule=row["rule"]))
        for evidence in row["evidence"]:
            click.echo("     " + clean(", ".join(f"{_key(lang, k)}={v}" for k, v in evidence.items() if v is not None)))


@retail.group("sales")
def sales() -> None:
    """Monthly sales and quality returns per product (for delisting criterion 4)."""


@sales.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--org", "org_id", required=True, metavar="ORG")
@click.option("--at", "at_text", metavar="ISO", help="When the import is recorded (default now).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.pass_obj
def sales_import(env: Any, file: Path, org_id: str, at_text: str | None, as_json: bool) -> None:
    """Load FILE.csv (columns month,product,supplier,sold,quality_returns); all rows or none."""
    from tousu.render import dumps
    from tousu_retail.sales import import_sales

    app = env.app
    _retail_org(app, org_id)
    count = import_sales(app.store, org_id, file, env.instant(at_text, org_id))
    if as_json:
        click.echo(dumps({"org": org_id, "file": str(file), "imported": count}))
    else:
        click.echo(text(app.org(org_id).language, "retail.sales.imported", n=count, org=org_id))


def _key(lang: str, key: str) -> str:
    """An evidence key in `lang` (a key without an entry as it is)."""
    from tousu.messages import has

    return text(lang, f"retail.evidence.{key}") if has(f"retail.evidence.{key}") else key


def _permissions() -> None:
    """What these commands touch and who may run them (`tousu.permissions`)."""
    from tousu.permissions import Permission, declare

    declare(delisting_command, Permission("org", "any staff member of a retail organization; no personal data"))
    declare(sales_import, Permission("org", "any staff member of a retail organization", writes=True))


_permissions()
