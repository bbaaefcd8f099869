"""The ``tousu`` console script's first step (and ``python -m tousu``'s).

``tousu --version`` alone is answered here, in click's very words, before click and the
command group are imported (a script asking for the version pays for Python alone); every
other command line goes on to `tousu.cli.main`.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """The ``tousu`` console script."""
    args = sys.argv[1:] if argv is None else argv
    if list(args) == ["--version"]:
        from tousu import __version__

        sys.stdout.write(f"tousu, version {__version__}\n")  # what click.version_option prints
        return
    from tousu.cli import main as cli_main

    cli_main(argv)
