"""Desks whose organizations send messages: a retail shop in Chinese, an estate in English."""

from __future__ import annotations

from typing import Any

from tousu.testing import org

SECRET = "s3cret-shared-with-the-receiver"


def notifying(org_id: str, plugin: str, language: str, *, smtp_port: int | None = None,
              webhook: str | None = None, **notify: Any) -> dict[str, Any]:
    """An organization (the test kit's `org`) with ``[orgs.X.notify]`` channels."""
    table = org(org_id, [plugin], language=language, name=f"{org_id.title()} Ltd")
    channels: dict[str, Any] = dict(notify)
    if smtp_port is not None:
        channels["email"] = {"host": "127.0.0.1", "port": smtp_port, "from": f"desk@{org_id}.example"}
    if webhook is not None:
        channels["webhook"] = {"url": webhook, "secret": SECRET}
    table[org_id]["notify"] = channels
    return table
