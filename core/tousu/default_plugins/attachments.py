"""Evidence: files attached to a complaint (site photos, receipts, the signed settlement).

Attaching is an action like any other: the bytes go into the content-addressed folder
beside the database (the store's ``blobs``), then ``App.act(id, "attach")``
records one event whose ``attachment`` names the file's SHA-256, name, size and type —
so the history, and the hash chain over it, vouches for every byte. ``tousu verify``
re-reads every named file against its hash (`tousu.default_plugins.verify`), the desk serves
them to staff who may see the complaint (`tousu.default_plugins.web.views.fetch`).

The type is judged from the content (a JPEG is a JPEG whatever its name says), and the
name's extension must agree; the accepted types and the size cap are ``[attachments]`` in
``tousu.toml``. A domain may declare that a required step needs evidence
(`DomainSpec.evidence`: step → what is needed); the step is then refused until a file has
been attached for it (``tousu attach ID FILE --step STEP``).

A default plugin of the kernel's features (``attachments``,
`tousu.default_plugins.features.Attachments`): the App asks it for the ``attach`` action's
``attachment`` (``complaint_action_parts``) and whether a step's evidence is there
(``complaint_action_ready``). Its door (`core_commands.attach_cli`), ``tousu verify`` and the
desk's download build on this module: the attached files are its format.
"""

from __future__ import annotations

import mimetypes
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Protocol

import attrs

from tousu import payload
from tousu.default_plugins.attachment_limits import files_folder
from tousu.errors import InputError, Refused
from tousu.models import Complaint, DomainSpec, Event
from tousu.payload import ABSENT, AttachmentAdd
from tousu.store_surface import StoreSurface

#: Magic numbers of the types tousu recognises by content: (offset, bytes, type).
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\xff\xfb", "audio/mpeg"),
    (0, b"\xff\xf3", "audio/mpeg"),
    (4, b"ftyp", "video/mp4"),
)
#: Extensions the standard `mimetypes` table may lack or spell differently.
_EXTRA_EXTENSIONS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".wav": "audio/wav",
                     ".m4a": "video/mp4", ".mp3": "audio/mpeg", ".txt": "text/plain", ".text": "text/plain"}
MAX_NAME = 200


@attrs.frozen
class Attachment:
    """One attached file as its event records it."""

    sha256: str
    name: str
    size: int
    type: str
    at: datetime
    actor: str
    n: int
    step: str = ""
    note: str = ""


def sniff(content: bytes) -> str:
    """The file's type judged from its first bytes; plain text if it decodes as clean UTF-8."""
    for offset, magic, kind in _MAGIC:
        if content[offset : offset + len(magic)] == magic:
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
        return "audio/wav"
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f" for ch in text):
        return "application/octet-stream"
    return "text/plain"


def type_of_name(name: str) -> str | None:
    suffix = PurePosixPath(name.lower()).suffix
    return _EXTRA_EXTENSIONS.get(suffix) or mimetypes.types_map.get(suffix)


def clean_name(name: str) -> str:
    """The file's own name without any folder, control characters or surrounding space."""
    base = PureWindowsPath(PurePosixPath(name).name).name  # both separators: C:\\photos\\a.jpg
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not base:
        raise InputError("attachment: the file needs a name (like receipt.jpg)")
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else base[:MAX_NAME]
    return base


def check_file(name: str, content: bytes, limits: Any) -> tuple[str, str]:
    """Refuse a file the deployment does not accept; return its clean name and its type."""
    name = clean_name(name)
    if not content:
        raise InputError(f"attachment {name!r} is empty")
    if len(content) > limits.max_bytes:
        raise InputError(
            f"attachment {name!r} is {_size(len(content))}, larger than the limit of {_size(limits.max_bytes)} "
            "(attachments.max_bytes in tousu.toml)"
        )
    kind = sniff(content)
    if kind not in limits.types:
        raise InputError(
            f"attachment {name!r} is {kind}, not an accepted type ({', '.join(limits.types)}; "
            "attachments.types in tousu.toml)"
        )
    claimed = type_of_name(name)
    if claimed is not None and claimed != kind and not (claimed.startswith("text/") and kind == "text/plain"):
        raise InputError(f"attachment {name!r}: the name says {claimed} but the content is {kind}")
    return name, kind


def is_sha256(text: str) -> bool:
    """A lowercase hex SHA-256 digest (64 characters): the only names the folder holds."""
    return len(text) == 64 and not text.strip("0123456789abcdef")


class AttachmentStore(StoreSurface, Protocol):
    """What attachments call on the store beyond the kernel's surface (and nothing else calls):
    a store implements it with the same meaning (``tests/test_store_surface.py``)."""

    #: The folder of attached files (`folder`, beside the database), each named by its SHA-256.
    def blobs(self, folder: Path) -> Any: ...


def blobs_of(config: Any, store: AttachmentStore) -> Any:
    """The store's folder of attached files (``AttachmentStore.blobs``) that `config` names."""
    folder = files_folder(config)
    if folder is None:
        raise InputError("attachments need a database file or attachments.folder in tousu.toml")
    return store.blobs(folder)


def attach(
    app: Any,
    complaint_id: str,
    name: str,
    content: bytes,
    *,
    actor: str | None,
    at: datetime | None = None,
    org_id: str | None = None,
    step: str = "",
    note: str | None = None,
) -> tuple[Complaint, Attachment]:
    """Store a file and record it on the complaint (one ``attach`` event)."""
    app.get(complaint_id, org_id=org_id, actor_id=actor)  # a foreign or missing id stores nothing
    name, _ = check_file(name, content, app.config.attachments)
    sha256 = blobs_of(app.config, app.store).put(content)
    fields: dict[str, Any] = {"sha256": sha256, "name": name}
    if step:
        fields["step"] = step
    complaint = app.act(complaint_id, "attach", actor=actor, note=note, fields=fields, at=at, org_id=org_id)
    return complaint, listing(app.history(complaint_id))[-1]


def record(config: Any, store: Any, complaint: Complaint, domain: DomainSpec | None, facts: Mapping[str, Any]) -> AttachmentAdd:
    """The ``attachment`` of an attach event, from its facts: the file must already be stored.

    Called by the App for the ``attach`` action, so an attachment typed by hand
    (``tousu act ID attach --field sha256=…``) is held to the same checks.
    """
    sha256 = str(facts.get("sha256") or "").lower()
    if not is_sha256(sha256):
        raise InputError("attach needs --field sha256=DIGEST of a stored file (use `tousu attach ID FILE`)")
    blobs = blobs_of(config, store)
    size = blobs.size(sha256)
    if size is None:
        raise InputError(f"attach: no stored file has sha256 {sha256} (use `tousu attach ID FILE`)")
    content = blobs.read(sha256)
    name, kind = check_file(str(facts.get("name") or ""), content, config.attachments)
    step = str(facts.get("step") or "")
    if step and complaint.step(step) is None:
        steps = ", ".join(s.name for s in complaint.steps) or "none"
        raise Refused(f"{complaint.id} has no required step {step!r} (steps: {steps})")
    return AttachmentAdd(sha256, name, size, kind, step=step or ABSENT)


def listing(events: Iterable[Event]) -> list[Attachment]:
    """The attachments of a complaint, oldest first, from its history."""
    found: list[Attachment] = []
    for event in events:
        if event.action != "attach":
            continue
        data = payload.read(event.data)
        a = data.attachment
        if not isinstance(a, AttachmentAdd):
            raise KeyError(f"attach event {event.n} of {event.complaint_id} records no attachment")
        note = (data.input.note or "") if data.input else ""
        step = a.step or ""
        found.append(Attachment(a.sha256, a.name, int(a.size), a.type, event.at, event.actor, event.n, step, note))
    return found


def evidence_missing(complaint: Complaint, domain: DomainSpec | None, events: Iterable[Event], step: str) -> str | None:
    """Why `step` cannot be completed yet for want of evidence the domain requires, or None."""
    needed = dict(getattr(domain, "evidence", {}) or {}).get(step)
    if not needed:
        return None
    if any(a.step == step for a in listing(events)):
        return None
    return (
        f"step {step!r} of {complaint.id} needs evidence attached first ({needed}): "
        f"`tousu attach {complaint.id} FILE --step {step}`"
    )


def _size(n: int) -> str:
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


__all__ = [
    "Attachment",
    "attach",
    "check_file",
    "clean_name",
    "evidence_missing",
    "listing",
    "record",
    "sniff",
]
