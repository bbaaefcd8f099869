"""The report document of a period compared with its issued (frozen) report: what ``tousu
report`` and the API's ``/api/v1/reports`` both show (moved here from `tousu.documents`, so
the kernel's documents know nothing of reports)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu.models import Org


def report_document(app: Any, org: Org, selection: Any, at: datetime) -> dict[str, Any]:
    """``report``'s document of a period as the register stands at `at`, compared with the
    issued (frozen) report of that period when there is one."""
    from tousu.default_plugins.reporting import frozen as issued
    from tousu.default_plugins.reporting.document import build_report

    document = build_report(app, org, selection, at)
    previous = app.store.latest_frozen(org.id, selection.key)
    if previous is not None:
        document["compared_with_frozen_at"] = previous["frozen_at"]
        document["changes_since_frozen"] = issued.changes(previous, document)
    return document
