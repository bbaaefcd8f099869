"""The store's surfaces, all in one place: what a store implements, and who may call what.

The kernel's `tousu.store_surface.StoreSurface` holds what the App, the composition root and
the domain plugins call; each default plugin declares beside itself what only it calls (issue
12: interface segregation). `SURFACES` below is the whole list a store implements: the
default store (`tousu.default_plugins.store.Store`, SQLite and PostgreSQL) is checked against
every one of them, and nothing public of it may be left out of them.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from tousu.default_plugins.attachments import AttachmentStore
from tousu.default_plugins.bulk_store import BulkStore
from tousu.default_plugins.core_commands.rezone import RezoneStore
from tousu.default_plugins.doors.store_reads import DoorStore
from tousu.default_plugins.purge_store import PurgeStore
from tousu.default_plugins.reporting.store_reads import ReportStore
from tousu.default_plugins.store import Store
from tousu.default_plugins.store_needs import SharedStore, StoreUpkeep
from tousu.default_plugins.verify_store import VerifyStore
from tousu.default_plugins.web.store_reads import WebStore
from tousu.store_surface import StoreSurface

ROOT = Path(__file__).resolve().parent.parent

#: Every protocol of the store: the kernel's, then the default plugins' (where each is declared
#: is its module; docs/modules.md lists them too).
SURFACES: tuple[type, ...] = (
    StoreSurface,
    SharedStore,
    StoreUpkeep,
    ReportStore,
    VerifyStore,
    PurgeStore,
    BulkStore,
    DoorStore,
    WebStore,
    AttachmentStore,
    RezoneStore,
)
DEFAULT_PLUGINS_SURFACES = SURFACES[1:]


def _own(protocol: type) -> list[str]:
    """The methods `protocol` itself declares (not those of the protocols it extends)."""
    return [name for name, value in vars(protocol).items() if callable(value) and not name.startswith("_")]


def _parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


def test_the_kernels_surface_lists_its_own_methods() -> None:
    assert "transaction" in _own(StoreSurface) and "load" in _own(StoreSurface)


def test_every_default_plugins_surface_extends_the_kernels() -> None:
    assert [p.__name__ for p in DEFAULT_PLUGINS_SURFACES if StoreSurface not in p.__mro__] == []
    assert [p.__name__ for p in DEFAULT_PLUGINS_SURFACES if not p.__module__.startswith("tousu.default_plugins.")] == []


def test_the_sqlite_store_implements_every_surface_with_the_same_parameters() -> None:
    for protocol in SURFACES:
        names = _own(protocol)
        assert names, protocol
        missing = sorted(name for name in names if not callable(getattr(Store, name, None)))
        assert missing == [], protocol.__name__
        differing = {
            name: (_parameters(getattr(protocol, name)), _parameters(getattr(Store, name)))
            for name in names
            if _parameters(getattr(protocol, name)) != _parameters(getattr(Store, name))
        }
        assert differing == {}, protocol.__name__


def test_every_public_method_of_the_store_is_declared_once() -> None:
    declared = [name for protocol in SURFACES for name in _own(protocol)]
    assert sorted({name for name in declared if declared.count(name) > 1}) == []
    undocumented = sorted(
        name for name in dir(Store) if not name.startswith("_") and callable(getattr(Store, name)) and name not in declared
    )
    assert undocumented == [], "public Store methods missing from every surface"


def test_what_a_default_plugin_declares_is_called_by_no_kernel_module_and_no_domain_plugin() -> None:
    """The kernel (core/tousu outside default_plugins/ and the test kit), the domain plugins
    and the examples call only `StoreSurface`; a method they need moves into it."""
    callers = [
        path
        for path in [*ROOT.glob("core/tousu/**/*.py"), *ROOT.glob("plugins/**/*.py"), *ROOT.glob("examples/**/*.py")]
        if "default_plugins" not in path.relative_to(ROOT).parts and path.name != "testing.py"
    ]
    theirs = [name for protocol in DEFAULT_PLUGINS_SURFACES for name in _own(protocol)]
    pattern = re.compile(r"\bstore\.(" + "|".join(theirs) + r")\b")
    offenders = [
        f"{path.relative_to(ROOT).as_posix()}:{number}: {line.strip()}"
        for path in callers
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
