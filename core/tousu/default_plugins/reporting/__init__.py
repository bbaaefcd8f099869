"""The reporting side of the core: period reports, their formats, and frozen (issued) reports.

- `periods`: ``--month`` / ``--week`` / ``--year`` / ``--from --to`` into a `Period` and the SQL
  that selects its complaints (the ``month`` column where it can, ``received_at`` ranges else);
- `figures`: the core figures, each one SQL aggregate over the projections and the event log;
- `document`: the report as one JSON-able document (figures, domain sections, labels);
- `render` and `html`: text, csv, md and a self-contained html page with inline SVG charts;
- `frozen`: issuing a report (``--freeze``) and saying what changed since.
"""

from tousu.default_plugins.reporting.document import build_report

__all__ = ["build_report"]
