"""The clock policy, in one place: which instants a command may record, and which it may read.

A register is evidence of *when* things happened, so a recording command (intake, act,
sweep, purge, freeze, import …) may not write an instant the real clock has not reached:
``sweep --at 8999-12-30`` would otherwise breach every clock and block every later action.
The real clock may run a little ahead on another machine, so ``clock_skew`` (default ``5m``)
is tolerated. Evaluating commands (``show``, ``due``, ``report`` without ``--freeze``) read
the register as of any instant, past or future.

``clock = "replay"`` in ``tousu.toml`` lifts the rule for rehearsals: ``tousu demo``, the
test kit and a replay of an old register record at any instant. The default is ``"real"``.

Every door (CLI, import, test kit, server, web) reaches this through `App`, never on its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu.errors import InputError
from tousu.timeutil import now as real_now
from tousu.timeutil import parse_duration

#: The values of ``clock`` and the defaults of the durations beside it (`tousu.config` reads them here).
CLOCKS = ("real", "replay")
DEFAULT_SKEW = "5m"
DEFAULT_LATE_ENTRY_WINDOW = "7d"
DEFAULT_DURATIONS = {"clock_skew": parse_duration(DEFAULT_SKEW), "late_entry_window": parse_duration(DEFAULT_LATE_ENTRY_WINDOW)}


def replaying(config: Any) -> bool:
    """True when the deployment records at any instant (``clock = "replay"``)."""
    return getattr(config, "clock", "real") == "replay"


def recording_instant(config: Any, at: datetime | None, *, what: str = "--at") -> datetime:
    """The instant a recording command records: `at` (checked) or now.

    Refused (exit 2) when `at` is later than the real clock plus ``clock_skew``, unless the
    deployment replays. Nothing else about `at` is decided here: an `at` in the past is a
    late entry (see `tousu.app`), not an error.
    """
    if at is None:
        return real_now()
    if replaying(config):
        return at
    limit = real_now() + getattr(config, "clock_skew_delta", DEFAULT_DURATIONS["clock_skew"])
    if at > limit:
        raise InputError(
            f"{what} {at.isoformat()} is in the future (the real clock is {real_now().isoformat(timespec='seconds')}, "
            f"clock_skew {getattr(config, 'clock_skew', DEFAULT_SKEW)}): a register records only what has happened; "
            'for a rehearsal set clock = "replay" in tousu.toml'
        )
    return at

