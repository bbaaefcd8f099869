"""The ``tousu`` command line's entry module: what the console script (after `tousu.start` has
answered ``--version``), ``python -m tousu`` and ``python -m tousu.cli`` reach.

The command line is a door, and the doors are default plugins: the click group (errors to the
contract's exit codes, the commands looked up lazily, each added through ``register_commands``)
is `tousu.default_plugins.command_group`, named here as a string as the kernel names every
default plugin. ``from tousu.cli import cli`` (the test kit, the demo outside a command) gives
that group, and `main` is its console script.
"""

from __future__ import annotations

from importlib import import_module

#: The CLI door's module. Imported by the stdlib, not `tousu.plugins.named`: importing the
#: registry's module would cost ``tousu --version --help`` the models and pluggy.
COMMAND_GROUP = "tousu.default_plugins.command_group"

_door = import_module(COMMAND_GROUP)
cli = _door.cli
main = _door.main


if __name__ == "__main__":  # pragma: no cover - `python -m tousu.cli`
    main()
