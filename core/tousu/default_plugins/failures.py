"""What the machine did wrong, said in one line: a closed pipe, a read-only or full disk.

These are not tousu's errors nor the user's input, but a user meets them (``tousu list |
head -1``, a backup mounted read-only, a full ``/var``), and "internal error" would send
them looking for a bug. `explain` turns the ones we know into the contract's one line and
exit 2; anything else stays an internal error.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys


def quiet_on_closed_pipe() -> None:
    """The reader went away (``| head -1``): stop without a word and exit 0.

    Python would otherwise complain once more at exit, flushing stdout into the closed
    pipe; pointing stdout at /dev/null first keeps that quiet too.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test runner's buffer)
        pass
    sys.exit(0)


def explain(exc: BaseException) -> str | None:
    """One line for a failure of the disk or the database file, or None when it is not one."""
    if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError):
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            return "the database is read-only (its file, folder or disk): nothing was written; check the permissions or the mount"
        if "disk is full" in text or "database or disk is full" in text:
            return "the disk is full: nothing was written; free some space and run the command again"
        if "disk i/o error" in text:
            return "the disk failed to read or write the database (I/O error): nothing was written; check the disk"
        return None
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return f"the disk is full: {exc.filename or 'a file'} could not be written; free some space and run the command again"
        if exc.errno == errno.EROFS:
            return f"the disk is read-only: {exc.filename or 'a file'} could not be written"
        if exc.errno == errno.EIO:
            return f"input/output error on {exc.filename or 'the disk'}: check the disk"
    return None
