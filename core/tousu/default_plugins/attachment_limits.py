"""``[attachments]``: where attached files live and what may be attached.

The attachments feature's own table, registered through ``register_settings``
(`tousu.default_plugins.features.Attachments`): `tousu.config` structures and checks it with the
rest of ``tousu.toml`` for every command, and gives it as ``config.attachments``. Its own
module, apart from `tousu.default_plugins.attachments`, so reading a config imports no file
checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

#: File types accepted as attachments by default: photos, scans, PDFs, plain text, recordings.
ATTACHMENT_TYPES = (
    "image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf", "text/plain",
    "audio/mpeg", "audio/wav", "video/mp4",
)


@attrs.frozen
class AttachmentLimits:
    """``[attachments]``: where attached files live and what may be attached.

    ``folder`` is relative to the config file; empty means ``<database stem>.files`` beside
    the database file. ``types`` are MIME types, judged from the file's content (and its
    name must agree); ``max_bytes`` caps one file.
    """

    max_bytes: int = 10 * 1024 * 1024
    types: list[str] = attrs.field(factory=lambda: list(ATTACHMENT_TYPES))
    folder: str = ""


def problems(limits: AttachmentLimits, where: str) -> list[str]:
    """What is wrong with ``[attachments]`` beyond types."""
    found = []
    if limits.max_bytes <= 0:
        found.append(f"{where}.max_bytes: expected a positive number of bytes, got {limits.max_bytes}")
    for kind in limits.types:
        if kind.count("/") != 1 or not all(kind.split("/")):
            found.append(f"{where}.types: expected MIME types like 'image/jpeg', got {kind!r}")
    return found


def files_folder(config: Any) -> Path | None:
    """The folder of attached files (`tousu.config.Config`'s): ``folder`` relative to the config
    file, else ``<database stem>.files`` beside the database file (beside the config file for a
    PostgreSQL database); None: an in-memory database and no folder set."""
    base = config.path.parent if config.path is not None else Path.cwd()
    if config.attachments.folder:
        folder = Path(config.attachments.folder)
        return folder if folder.is_absolute() else base / folder
    if config.database == ":memory:":
        return None
    if config.is_postgresql:  # no database file to sit beside: beside the config file
        return base / "tousu.files"
    db = config.database_path
    return db.with_name(db.stem + ".files")


__all__ = ["ATTACHMENT_TYPES", "AttachmentLimits", "files_folder", "problems"]
