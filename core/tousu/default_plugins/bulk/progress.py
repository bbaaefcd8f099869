"""How far an import has come, on stderr, while it runs.

On a terminal the line ``importing: 12,400 imported, 3 rejected (41%)`` is rewritten in place
after every batch; when stderr is not a terminal (a log file, cron, CI) a plain line is
printed at most every few seconds (``TOUSU_PROGRESS_SECONDS``, default 5; 0 prints after
every batch), so a long import shows it is alive without flooding the log. ``--quiet`` and
``--json`` print none. The counts are those `tousu.default_plugins.bulk.importer.run_import` reports after
each batch; the share is of the file's bytes read.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO

from tousu.default_plugins.doors import humanize
from tousu.messages import register, text
from tousu.messages.said import register_said

DEFAULT_SECONDS = 5.0


class Progress:
    """Counts shown as an import goes; `update` after each batch, `done` at the end."""

    def __init__(self, total_bytes: int, lang: str, stream: TextIO | None = None, *, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.lang = lang
        self.total = max(total_bytes, 1)
        self.read = 0
        self.enabled = enabled
        self.live = enabled and _isatty(self.stream)
        self.every = _seconds()
        self.last = time.monotonic()
        self.shown = False

    def advance(self, size: int) -> None:
        """Bytes of the file read so far (the readers call this per record)."""
        self.read += size

    def update(self, imported: int, rejected: int, *, dry_run: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.live and now - self.last < self.every:
            return
        self.last = now
        line = self._line(imported, rejected, dry_run)
        if self.live:
            self.stream.write("\r" + line + "\x1b[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """End the live line (the final summary follows on stdout)."""
        if self.live and self.shown:
            self.stream.write("\n")
            self.stream.flush()

    def _line(self, imported: int, rejected: int, dry_run: bool) -> str:
        share = min(100, int(self.read * 100 / self.total))
        return text(
            self.lang,
            "import.progress.dry" if dry_run else "import.progress",
            imported=humanize.number(imported),
            rejected=humanize.number(rejected),
            share=share,
        )


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _seconds() -> float:
    raw = os.environ.get("TOUSU_PROGRESS_SECONDS", "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS


register(
    {
        "import.summary": {
            "zh": "已导入 {imported} 条{span}，拒收 {rejected} 条",
            "en": "imported {imported} record(s){span}, rejected {rejected}",
        },
        "import.summary.dry": {
            "zh": "可导入 {imported} 条{span}，拒收 {rejected} 条（试运行，未写入）",
            "en": "would import {imported} record(s){span}, rejected {rejected}",
        },
        "import.skipped": {"zh": "，跳过已导入的 {skipped} 条", "en": ", skipped {skipped} already imported"},
        "import.interrupted": {
            "zh": "已中断：已导入 {imported} / {total} 条（第 1–{lines} 行）；再次运行同一命令即可继续",
            "en": "interrupted: imported {imported} of {total} (lines 1–{lines}); run the same command again to continue",
        },
        "import.interrupted.dry": {
            "zh": "已中断：已检查到第 {lines} 行（共 {total} 条），未写入",
            "en": "interrupted: checked lines 1–{lines} of {total} records; nothing written",
        },
        "import.rejected_line": {
            "zh": "tousu: {file}：第 {line} 行：{reason}", "en": "tousu: {file}: line {line}: {reason}",
        },
        "import.progress": {
            "zh": "导入中：已导入 {imported} 条，拒收 {rejected} 条（{share}%）",
            "en": "importing: {imported} imported, {rejected} rejected ({share}%)",
        },
        "import.progress.dry": {
            "zh": "检查中：可导入 {imported} 条，拒收 {rejected} 条（{share}%）",
            "en": "checking: {imported} would import, {rejected} rejected ({share}%)",
        },
    }
)

register_said(
    {
        "import.why.required_at": {
            "en": "{what} is required (ISO-8601, e.g. {example})", "zh": "缺少 {what}（ISO-8601 时间，例如 {example}）",
        },
        "import.why.required": {"en": "{what} is required", "zh": "缺少 {what}"},
        "import.why.json": {"en": "not valid JSON: {why} at column {column}", "zh": "不是有效的 JSON（第 {column} 列）：{why}"},
        "import.why.utf8": {"en": "not valid UTF-8", "zh": "不是有效的 UTF-8"},
        "import.why.object": {"en": "expected a JSON object, got {kind}", "zh": "应为 JSON 对象，实为 {kind}"},
        "import.why.cells": {"en": "expected {n} cells, got {m}", "zh": "应有 {n} 列，实有 {m} 列"},
        "import.why.keys": {"en": "unknown key(s) {keys} (keys: {known})", "zh": "未知的键 {keys}（可用的键：{known}）"},
        "import.why.action": {"en": "{where} ({name} at {at}): {reason!t}", "zh": "{where}（{name!l}，{at}）：{reason!t}"},
    }
)

__all__ = ["Progress"]
