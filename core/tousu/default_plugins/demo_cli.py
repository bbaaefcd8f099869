"""``tousu demo``: the demo's command (a default plugin, `tousu.default_plugins.commands`)."""

from __future__ import annotations

import click


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
    from tousu.demo import run_demo

    run_demo(keep=keep, serve=(lambda config: serve_desk(config, port, click.echo)) if serve else None)
