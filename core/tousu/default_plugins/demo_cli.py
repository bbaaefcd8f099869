"""``tousu demo``: the demo's command and its runner (a default plugin, `tousu.default_plugins.commands`).

What a domain plugin writes its demo with (`tousu.demo.Demo`, the `tousu.demo.DemoScript` it
drives) is plugin API and stays in the kernel; running them all on a throwaway deployment is
this command's.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import tomli_w

from tousu.demo import Demo, DemoScript
from tousu.timeutil import DEFAULT_TIMEZONE


@click.command()
@click.option("--keep", is_flag=True, help="Keep the demo folder and print where it is.")
@click.option(
    "--serve",
    is_flag=True,
    help="Then serve the demo's desk on 127.0.0.1 (passwords printed) until Ctrl-C.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    metavar="PORT",
    help="Port for --serve (default: a free one).",
)
def demo(keep: bool, serve: bool, port: int) -> None:
    """The whole product in two minutes on a throwaway database."""
    from tousu.default_plugins.web.demo_serve import serve as serve_desk

    run_demo(keep=keep, serve=(lambda config: serve_desk(config, port, click.echo)) if serve else None)


def collect_demos() -> tuple[list[Demo], Any]:
    from tousu.plugins import load_registry

    registry = load_registry()
    demos: list[Demo] = []
    for name in registry.ok():
        found: list[Demo] = []
        registry.register_hook("register_demos", name, register=found.append)
        demos.extend(found)
    return sorted(demos, key=lambda d: d.order), registry


def run_demo(keep: bool = False, serve: Callable[[Path], None] | None = None) -> None:
    """Run every domain's demo on a throwaway deployment, then `serve` it (given the config's
    path) when asked: the desk that serves it is a default plugin's, which `demo` passes."""
    demos, registry = collect_demos()
    folder = Path(tempfile.mkdtemp(prefix="tousu-demo-"))
    try:
        orgs: dict[str, Any] = {}
        for demo in demos:
            plugin = registry.domains[demo.domain].plugin if demo.domain in registry.domains else demo.domain
            orgs[f"{demo.domain.replace('_', '-')}-demo"] = {
                "name": demo.title,
                "timezone": DEFAULT_TIMEZONE,
                "language": demo.language,
                "plugins": [plugin],
                "staff": {sid: {"role": role} for sid, role in demo.staff.items()},
                "settings": {plugin: demo.settings} if demo.settings else {},
            }
        config = folder / "tousu.toml"
        config.write_text(tomli_w.dumps({"database": "demo.db", "clock": "replay", "orgs": orgs}), encoding="utf-8")
        click.echo(f"tousu demo: a throwaway deployment in {folder} with {len(demos)} organization(s)")
        if not demos:
            click.echo("no installed plugin contributes a demo; see `tousu plugins`")
        for demo in demos:
            org = f"{demo.domain.replace('_', '-')}-demo"
            click.echo(f"\n{'=' * 72}\n{demo.title}  (organization {org})\n{'=' * 72}")
            demo.run(DemoScript(config, org))
        if serve is not None:
            serve(config)
        click.echo(f"\nDone. The database was {folder / 'demo.db'}" + (" (kept)." if keep else " (removed)."))
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
