"""What tousu writes for other programs: spreadsheet cells, Markdown, and files named by ``--out``.

- A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
  formula to Excel and LibreOffice (``=HYPERLINK("http://evil", "click")`` in a summary).
  OWASP's rule: prefix it with a single quote, so it is shown as the text it is. Plain
  numbers (``-3``, ``-12.5%``) are left alone: they are figures, not formulas.
- Markdown: text from the register (a summary, a department, a field) cannot open a link,
  an image, emphasis or raw HTML in a rendered report.
- ``--out FILE`` never replaces an existing file unless ``--force`` is given, and never
  writes through a symbolic link (someone else's link to ``~/.bashrc`` or to the database).

Shared by the default plugins that write such files (reporting, bulk export); the kernel
writes none.
"""

from __future__ import annotations

import os
import re
from typing import IO, Any

from tousu.errors import InputError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-|-?\d+(?:[.,]\d+)*%?")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


_QUOTED = re.compile(r"'*[=+\-@\t\r]")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is quoted away.

    Text that already starts with quotes before such a character gets one more, so that
    `csv_uncell` gives back exactly what was written (import reads tousu's own exports).
    """
    text = "" if value is None else str(value)
    if _QUOTED.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_uncell(cell: str) -> str:
    """The text `csv_cell` was given (a cell tousu did not quote comes back unchanged)."""
    if cell.startswith("'") and _QUOTED.match(cell, 1):
        return cell[1:]
    return cell


def csv_row(values: Any) -> list[str]:
    return [csv_cell(v) for v in values]


def md_text(text: str) -> str:
    """Text shown literally by a Markdown renderer (markup characters escaped, one line)."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def open_out(path: str, *, force: bool = False, binary: bool = False) -> IO[Any]:
    """Open ``--out`` `path` for writing: refuse an existing file without `force`, and a symlink always.

    ``O_NOFOLLOW`` makes the kernel refuse a link at the last component (also one that
    appears between a check and the open); ``O_EXCL`` makes "does not exist yet" atomic.
    """
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    if os.path.islink(path):
        raise InputError(f"--out {path}: is a symbolic link; tousu does not write through links (name the file itself)")
    flags |= os.O_TRUNC if force else os.O_EXCL
    try:
        fd = os.open(path, flags, 0o644)
    except FileExistsError:
        raise InputError(f"--out {path}: the file exists; pass --force to replace it") from None
    except IsADirectoryError:
        raise InputError(f"--out {path}: is a folder; name a file") from None
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            raise InputError(f"--out {path}: is a symbolic link; tousu does not write through links") from None
        raise InputError(f"--out {path}: cannot write: {exc.strerror}") from None
    if binary:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


class CsvWriter:
    """``csv.writer`` with OWASP's rule applied to every cell, and a bare CR kept inside its cell.

    With ``lineterminator="\\n"`` the standard writer leaves a cell holding a lone ``\\r``
    unquoted, and every reader then splits the row there: such rows are written fully quoted.
    """

    def __init__(self, stream: Any, lineterminator: str = "\n") -> None:
        import csv

        self._plain = csv.writer(stream, lineterminator=lineterminator)
        self._quoted = csv.writer(stream, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)

    def writerow(self, values: Any) -> None:
        cells = csv_row(values)
        (self._quoted if any("\r" in c for c in cells) else self._plain).writerow(cells)

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)
