"""``tousu attach ID FILE``: attach a file to a complaint as evidence, from the command line.

The door reads the file and prints what was recorded; the feature decides
(`tousu.default_plugins.attachments.attach`: type, size, the complaint's organization) and the
App records the ``attach`` event.
"""

from __future__ import annotations

from pathlib import Path

import click

from tousu.door import ACTOR_OPTION, AT_OPTION, JSON_OPTION, Env, emit, pass_env
from tousu.errors import InputError


@click.command("attach")
@click.argument("complaint_id")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", metavar="NAME", help="The name to record (default: the file's own name).")
@click.option("--step", default="", metavar="STEP", help="The required step this file is evidence for.")
@click.option("--note", metavar="TEXT", help="What the file shows.")
@click.option("--org", "org_id", metavar="ORG", help="Only if the complaint belongs to this organization.")
@ACTOR_OPTION
@AT_OPTION
@JSON_OPTION
@pass_env
def attach_command(
    env: Env,
    complaint_id: str,
    file: Path,
    name: str | None,
    step: str,
    note: str | None,
    org_id: str | None,
    actor: str | None,
    at_text: str | None,
    as_json: bool,
) -> None:
    """Attach FILE to complaint ID (a photo, receipt, agreement or written reply)."""
    from tousu.default_plugins.attachments import attach
    from tousu.permissions import acting
    from tousu.render import clean

    app = env.app
    limit = app.config.attachments.max_bytes
    try:
        with file.open("rb") as handle:
            content = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{file}: cannot read the file: {exc.strerror}") from None
    actor = acting(actor)
    complaint = app.get(complaint_id, org_id=org_id, actor_id=actor)
    at = env.instant(at_text, complaint.org) if at_text else None
    _, item = attach(
        app, complaint_id, name or file.name, content, actor=actor, at=at, org_id=org_id, step=step, note=note
    )
    if as_json:
        emit({"id": complaint_id, "sha256": item.sha256, "name": item.name, "size": item.size,
              "type": item.type, "step": item.step, "n": item.n})
    else:
        from tousu.default_plugins.doors import texts  # noqa: F401 - registers attach.done
        from tousu.messages import text

        lang = app.org(complaint.org).language
        click.echo(text(lang, "attach.done", id=complaint_id, name=clean(item.name), type=item.type, size=item.size,
                        sha256=item.sha256))
