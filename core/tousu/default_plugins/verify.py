"""``tousu verify``: walk the hash chains of the history and the audit log (tamper evidence).

On PostgreSQL an ``ok`` also warns (on stderr; ``history_rights`` in JSON) when the connecting role
may UPDATE, DELETE or TRUNCATE the append-only tables: then only the triggers and the chain
guard them, not the role docs/scaling.md describes. It warns too (``search_indexed`` false) when
pg_trgm could not be installed, so ``list --q`` scans every complaint's texts.

Each row of ``events`` and ``audit`` stores ``sha256(previous hash + canonical row)``
(the store's ``chain``), per organization. Verify recomputes every link: a row changed,
removed or inserted with any SQLite tool, even after dropping the append-only triggers,
breaks the chain at that row (or the one after it). Exit 0 with ``ok``, the number of rows
and the head hash; exit 1 with the first row that does not match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tousu.default_plugins.attachment_limits import files_folder
from tousu.door import JSON_OPTION, Env, emit
from tousu.errors import InputError, Refused

if TYPE_CHECKING:
    from tousu.default_plugins.verify_store import VerifyStore


def verify_register(app: Any, org_id: str | None) -> dict[str, Any]:
    """The verification document: every chain walked, and the first break if any."""
    store: VerifyStore = app.store
    if org_id is not None and org_id not in app.config.orgs and org_id not in store.chain_orgs():
        app.config.org(org_id)  # the usual "unknown organization" answer
    results = store.verify(org_id)
    broken = next((r.broken for r in results if r.broken is not None), None)
    events = sum(r.count for r in results if r.table == "events")
    audit = sum(r.count for r in results if r.table == "audit")
    chains = [{"org": r.org, "table": r.table, "count": r.count, "head": r.head} for r in results]
    if org_id is not None:
        head = next((r.head for r in results if r.table == "events"), "")
    else:
        head = store.combined_head((r.org, r.table, r.head) for r in results)
    document: dict[str, Any] = {
        "ok": broken is None,
        "count": events + audit,
        "events": events,
        "audit": audit,
        "head": head if broken is None else None,
        "chains": chains,
    }
    if broken is not None:
        where = store.event_at_seq(broken.seq) if broken.table == "events" and broken.seq else None
        complaint_id, n = where if where else (broken.complaint_id, broken.n)
        document["first_bad"] = {
            "table": broken.table,
            "org": broken.org,
            "seq": broken.seq,
            "complaint_id": complaint_id,
            "n": n,
            "problem": broken.what,
        }
        import attrs

        document["message"] = attrs.evolve(broken, complaint_id=complaint_id, n=n).describe()
    files = verify_files(app, org_id)  # every attached file against the hash its event records
    document["files"] = files
    # on PostgreSQL: rights of the connecting role that could rewrite what was just verified
    document["history_rights"] = store.history_rights()
    # on PostgreSQL without pg_trgm: search answers the same, by scanning every complaint's texts
    document["search_indexed"] = store.search_indexed()
    if files and broken is None:
        document["ok"] = False
        document["message"] = files[0]
    return document


def verify_files(app: Any, org_id: str | None = None) -> list[str]:
    """Every attached file (of `org_id`, else all) checked against the hash its event records:
    one line per problem, empty when every file is there and intact."""
    from tousu.default_plugins.attachments import blobs_of, is_sha256

    problems: list[str] = []
    if files_folder(app.config) is None:
        return problems
    blobs = blobs_of(app.config, app.store)
    checked: dict[str, str | None] = {}
    for complaint_id, org, n, record_ in app.store.attach_events():
        if org_id is not None and org != org_id:
            continue
        sha256 = str(record_.get("sha256", ""))
        if not is_sha256(sha256):
            problems.append(f"{complaint_id} event {n}: attachment without a valid sha256")
            continue
        if sha256 not in checked:
            checked[sha256] = blobs.digest(sha256)
        actual = checked[sha256]
        name = record_.get("name", "?")
        if actual is None:
            problems.append(f"{complaint_id} event {n}: attached file {name!r} ({sha256[:12]}) is missing")
        elif actual != sha256:
            problems.append(f"{complaint_id} event {n}: attached file {name!r} ({sha256[:12]}) does not match its hash")
    return problems


@click.command("verify")
@click.option("--org", "org_id", metavar="ORG", help="Only this organization's chains.")
@JSON_OPTION
@click.pass_obj
def verify_command(env: Env, org_id: str | None, as_json: bool) -> None:
    """Check that no event or audit row was changed, removed or inserted behind tousu's back.

    Exit 0 and ``ok`` with the rows verified and the chain head; exit 1 with the first row
    that does not match.
    """
    if org_id is not None and not org_id.strip():
        raise InputError.of("verify.org_needed")
    document = verify_register(env.app, org_id)
    if as_json:
        emit(document)
    if not document["ok"] and "first_bad" not in document:
        raise Refused.of("verify.file_damaged", message=document["message"])
    if not document["ok"]:
        raise Refused.of("verify.broken", message=document["message"])
    if not as_json:
        from tousu.default_plugins.operator_texts import language_of
        from tousu.messages import text

        orgs = len({c["org"] for c in document["chains"]})
        values = {key: document[key] for key in ("count", "events", "audit", "head")}
        click.echo(text(language_of(env.app, org_id), "verify.ok", orgs=orgs, **values))
        if document["history_rights"]:  # a warning after the ok, not a failure: the chain finds a change
            rights = ", ".join(document["history_rights"])
            click.echo(text(language_of(env.app, org_id), "verify.role_rights", rights=rights), err=True)
        if not document["search_indexed"]:
            click.echo(text(language_of(env.app, org_id), "verify.search_scans"), err=True)


def register_messages() -> None:
    """What ``tousu verify`` prints, in the deployment's language (`verify_texts`)."""
    from tousu.default_plugins import verify_texts  # noqa: F401  (registers on its import)


register_messages()
