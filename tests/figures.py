"""Figures the long-running test folders report, printed in pytest's terminal summary.

The reliability and security tests say what they tried (kills survived, sequences run,
cross-organization attempts) so the numbers can be quoted; each folder keeps its own log.
"""

from __future__ import annotations

import os
import sys
from typing import Any


def scaled(name: str, default: int) -> int:
    """A test's size: `default` in CI, or the environment variable `name` for a long run."""
    return int(os.environ.get(name, default))


class FigureLog:
    """One folder's figures, under its own heading in the terminal summary."""

    def __init__(self, heading: str) -> None:
        self.heading = heading
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)
        print(line, file=sys.stderr)

    def report(self, terminalreporter: Any) -> None:
        if self.lines:
            terminalreporter.section(self.heading)
            for line in self.lines:
                terminalreporter.write_line(line)
