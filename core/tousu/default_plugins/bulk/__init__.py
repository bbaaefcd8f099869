"""Bulk paths in and out: ``tousu import`` replays a register through the real lifecycle,
``tousu export`` writes what import reads, with personal data masked unless a permitted role asks.
"""

from tousu.default_plugins.bulk.cli import export_command, import_command

__all__ = ["export_command", "import_command"]
