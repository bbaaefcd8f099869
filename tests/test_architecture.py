"""The house rules that keep the rooms apart, checked on the source itself.

"A door parses and renders, the App decides, the Store remembers": SQL is run only by the
store (``core/tousu/default_plugins/store/``, a default plugin the kernel reaches only through
the ``register_stores`` hook) and nobody else holds its connection, so a second store has
named surfaces to implement (`tousu.store_surface.StoreSurface` and the default plugins' own,
all listed in ``tests/test_store_surface.py``); no door builds on the CLI's entry module
(`tousu.cli`); every module keeps to one job and under 500 lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = sorted(ROOT.glob("core/tousu/**/*.py"))
PLUGINS = sorted(ROOT.glob("plugins/*/tousu_*/**/*.py"))
STORE = ROOT / "core" / "tousu" / "default_plugins" / "store"


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _lines_matching(paths: list[Path], pattern: str) -> list[str]:
    return [
        f"{_relative(path)}:{number}: {line.strip()}"
        for path in paths
        if STORE not in path.parents
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(pattern, line)
    ]


def test_sql_is_run_only_by_the_store() -> None:
    offenders = _lines_matching(CORE + PLUGINS, r"\bexecute(many|script)?\(")
    assert offenders == [], "SQL outside core/tousu/default_plugins/store/:\n" + "\n".join(offenders)


def test_every_json_document_is_written_by_serialize() -> None:
    """One writer for ``--json``, the API, exports, reports and the outbox: the same instant is
    written the same way everywhere (whole seconds with the offset), never by a second dumps."""
    writer = ROOT / "core" / "tousu" / "serialize.py"
    offenders = [line for line in _lines_matching(CORE + PLUGINS, r"\bjson\.dumps\(") if not line.startswith(_relative(writer))]
    assert offenders == [], "JSON written outside tousu.serialize:\n" + "\n".join(offenders)


def test_nobody_but_the_store_holds_its_connection() -> None:
    offenders = _lines_matching(CORE + PLUGINS, r"\.conn\b|\bimport sqlite_utils\b|\bsqlite3\.connect\(")
    assert offenders == [], "the DB-API connection used outside core/tousu/default_plugins/store/:\n" + "\n".join(offenders)


#: Modules that may import `tousu.cli`: the entry module itself, the console script's first step (tousu.start), the test
#: kit's runner of real commands, and the demo outside a command (a plugin's test of its script).
CLI_IMPORTERS = {"core/tousu/cli.py", "core/tousu/start.py", "core/tousu/__main__.py", "core/tousu/testing.py", "core/tousu/demo.py"}


def test_no_module_builds_on_the_cli_entry_module() -> None:
    pattern = re.compile(r"^\s*(from tousu\.cli import|import tousu\.cli|from tousu import cli\b)", re.M)
    offenders = [
        _relative(path)
        for path in CORE + PLUGINS
        if _relative(path) not in CLI_IMPORTERS and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"modules importing tousu.cli (use tousu.door, or build on App.open): {offenders}"


def test_every_module_of_the_core_and_the_plugins_stays_under_500_lines() -> None:
    sizes = {_relative(p): len(p.read_text(encoding="utf-8").splitlines()) for p in CORE + PLUGINS}
    assert {name: size for name, size in sizes.items() if size >= 500} == {}


#: Kernel modules that import a default plugin. The API's /api/v1/reports and the desk's
#: /reports page are the reporting plugin's own routes (``register_routes``), ``migrate`` is a
#: default plugin of its own, and the store is one too (``register_stores``; issue 12). Left:
#: the server's two modules taking the store's credentials, which are moving under
#: default_plugins/ themselves (an entry leaves the list when its file is no longer there).
KERNEL_IMPORTS_OF_DEFAULT_PLUGINS: set[str] = {"core/tousu/server/auth.py", "core/tousu/server/cli.py"}

#: Any import of a default plugin: at the top, inside a function, or under ``TYPE_CHECKING`` (the
#: kernel types against `tousu.store_surface`, never against the store it is given).
_IMPORTS_A_DEFAULT_PLUGIN = re.compile(
    r"^\s*(from tousu\.default_plugins\b|import tousu\.default_plugins\b|from tousu import default_plugins\b)", re.M
)


def _kernel() -> list[Path]:
    return [
        path for path in CORE
        if "default_plugins" not in path.relative_to(ROOT).parts and path.name != "testing.py"
    ]


def _code_lines(source: str) -> int:
    """Lines of code in one module: its lines less its docstrings' (module, class and function
    docstrings, every line of them, blank ones included), comment lines and blank lines."""
    documented: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                documented.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return sum(
        1
        for number, line in enumerate(source.splitlines(), 1)
        if number not in documented and line.strip() and not line.strip().startswith("#")
    )


def test_the_kernels_code_stays_under_4000_lines() -> None:
    """Issue 12's small core: the kernel's code (docstrings, comments and blank lines aside,
    which the house rules ask for) stays under 4,000 lines; features belong in default plugins."""
    code = sum(_code_lines(path.read_text(encoding="utf-8")) for path in _kernel())
    assert code < 4000, f"the kernel has {code} lines of code: move a feature to a default plugin"


def test_the_code_count_leaves_out_docstrings_comments_and_blank_lines() -> None:
    source = '''"""A module.

Its docstring."""

# a comment
x = 1  # code with a comment


def f() -> None:
    """One line."""
    return None
'''
    assert _code_lines(source) == 3


def test_the_kernel_reaches_the_default_plugins_only_through_hooks() -> None:
    """The kernel (core/ outside default_plugins/ and the test kit) names a default plugin
    only as a string (`tousu.plugins.DEFAULT_COMMAND_PLUGINS`); no new import may join the
    known ones above, and a known one that is gone must leave the list."""
    importing = {_relative(path) for path in _kernel() if _IMPORTS_A_DEFAULT_PLUGIN.search(path.read_text(encoding="utf-8"))}
    assert importing == {name for name in KERNEL_IMPORTS_OF_DEFAULT_PLUGINS if (ROOT / name).exists()}


def test_the_kernel_opens_its_store_through_the_hook_and_types_against_the_surface() -> None:
    """`tousu.compose.open_store` asks the ``register_stores`` openers; the kernel spells no store
    class and no module of the store (imports above, strings here), except the names a plugin
    or the default plugins' table gives by string (`tousu.received_rollup`, the table itself)."""
    by_name = {"core/tousu/__init__.py", "core/tousu/plugins.py"}
    offenders = [
        f"{_relative(path)}:{number}: {line.strip()}"
        for path in _kernel()
        if _relative(path) not in by_name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"[\"']tousu\.default_plugins\.store|\bStore\(", line)
    ]
    assert offenders == []


#: What left the kernel for the default feature plugins (issue 12: corrections and merging,
#: attachments, the outbox's writing side, the calendar's tables, .ics reading and pauses) and
#: must not come back.
MOVED_FEATURES = (
    "core/tousu/corrections.py", "core/tousu/merging.py", "core/tousu/attachments.py",
    "core/tousu/outbox/record.py", "core/tousu/outbox/templates.py", "core/tousu/outbox/receipts.py",
    "core/tousu/calendars/config.py", "core/tousu/calendars/ics.py", "core/tousu/calendars/pauses.py",
)


def test_the_kernels_features_are_default_plugins_reached_only_through_their_hooks() -> None:
    """Corrections, attachments, reply templates and the outbox are default plugins
    (`tousu.plugins.DEFAULT_FEATURE_PLUGINS`) implementing only the features' hooks
    (`tousu.default_plugins.feature_specs.KernelFeatures`, and the default plugins' own
    ``register_settings``), which the registry of installed plugins does not know; the kernel
    keeps of them only ``tousu.replies``' plugin API (domain plugins' templates) and what the
    App asks its features (`tousu.hooks.Features`), handed over by the composition root."""
    import tousu.replies
    from tousu.default_plugins.feature_specs import FEATURE_HOOKS
    from tousu.hookspecs import DEFAULT_PLUGIN_HOOKS
    from tousu.plugins import DEFAULT_FEATURE_PLUGINS, Registry, default_command_registry

    registry, failures = default_command_registry()
    assert failures == []
    for name in DEFAULT_FEATURE_PLUGINS:
        info = registry.infos[name]
        assert info.status == "ok" and info.hooks, (name, info)
        assert set(info.hooks) <= FEATURE_HOOKS | DEFAULT_PLUGIN_HOOKS, (name, info.hooks)
    installed = Registry().pm.hook
    assert [hook for hook in FEATURE_HOOKS | DEFAULT_PLUGIN_HOOKS if hasattr(installed, hook)] == []
    assert [name for name in MOVED_FEATURES if (ROOT / name).exists()] == []
    kernel_names = {name for path in _kernel() for name in _top_level_names(path)}
    assert {"KernelFeatures", "FEATURE_HOOKS", "FeatureHooks"} & kernel_names == set()
    assert sorted(tousu.replies.__all__) == ["TEMPLATE_ACTIONS", "Template", "register_templates", "templates_for"]


#: What left the kernel for the default plugin ``words`` (issue 12: the core's own words, its
#: labels, the formatter's conversions and the reading of an English line) and must not come back.
MOVED_WORDS = (
    "core/tousu/labels.py", "core/tousu/messages/desk.py", "core/tousu/messages/core_said.py",
    "core/tousu/messages/values_said.py",
)


def test_the_cores_words_are_a_default_plugin_the_catalog_imports_by_name() -> None:
    """The core's messages, refusal lines and labels are the default plugin named by
    `tousu.plugins.DEFAULT_WORDS`, which the catalog imports on first use; the kernel keeps the
    mechanism plugins and doors build on, at the paths domain plugins import."""
    import tousu.messages
    import tousu.messages.said
    from tousu.plugins import DEFAULT_WORDS

    assert [name for name in MOVED_WORDS if (ROOT / name).exists()] == []
    assert tousu.messages.words().__name__ == DEFAULT_WORDS
    assert tousu.messages.has("error.prefix") and tousu.messages.has("core.not_found")
    assert tousu.messages.text("zh", "core.not_found", id="C-1") == "找不到投诉 C-1"
    assert tousu.messages.said.localize("zh", "complaint C-1 not found") == "找不到投诉 C-1"
    assert callable(tousu.messages.said.register_said) and callable(tousu.messages.register)


#: The classes of the tables of ``tousu.toml`` the default plugins own (issue 12): the kernel
#: once defined them (`tousu.server_settings`, `tousu.outbox.settings`, `tousu.config`,
#: `tousu.calendar`, `tousu.calendars.config`).
FEATURE_SETTINGS = (
    "ServerConfig", "NotifyConfig", "PublicConfig", "AttachmentLimits", "CalendarTable", "ClocksTable", "ClockPolicy",
)


def test_the_kernel_names_no_features_settings_and_validates_them_through_the_registration() -> None:
    """``[server]``, ``[attachments]``, ``[orgs.ID.notify]``, ``[orgs.ID.public]``, ``[orgs.ID.calendar]``
    and ``[orgs.ID.clocks]`` are their default plugins' (``register_settings``); `tousu.config` structures and checks them with the
    rest of the file and gives them as attributes, without a class of theirs in the kernel."""
    from tousu.config import build_config
    from tousu.plugins import load_registry, settings_tables

    spelling = [_relative(p) for p in _kernel() if re.search(r"\b(" + "|".join(FEATURE_SETTINGS) + r")\b", p.read_text(encoding="utf-8"))]
    assert spelling == []
    tables = {(plugin, path): cls.__name__ for plugin, path, cls, _ in settings_tables()}
    assert tables == {
        ("server", "server"): "ServerConfig", ("attachments", "attachments"): "AttachmentLimits",
        ("outbox", "orgs.*.notify"): "NotifyConfig", ("outbox", "orgs.*.public"): "PublicConfig",
        ("calendars", "orgs.*.calendar"): "CalendarTable", ("calendars", "orgs.*.clocks"): "ClocksTable",
    }
    config = build_config({"server": {"port": 8080}, "orgs": {"shop": {"public": {"enabled": True}}}}, load_registry())
    assert (config.server.port, config.attachments.max_bytes > 0) == (8080, True)
    assert (config.org("shop").public.enabled, config.org("shop").notify.max_attempts > 0) == (True, True)
    assert (config.org("shop").calendar.timezone, config.org("shop").clocks.warn_at) == ("Asia/Shanghai", 0.8)


def test_domain_plugins_never_import_a_default_plugin() -> None:
    """A domain plugin uses the store it is given (`StoreSurface`) and the kernel's modules,
    never the default store's or another default plugin's."""
    offenders = [_relative(path) for path in PLUGINS if _IMPORTS_A_DEFAULT_PLUGIN.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_domain_plugin_never_imports_another() -> None:
    """Each domain is its own package, enabled or not per organization: retail's rules must work
    where property management is not installed, so no plugin imports another plugin's package."""
    offenders = []
    for path in PLUGINS:
        own = path.relative_to(ROOT / "plugins").parts[1]  # tousu_retail, tousu_property_mgmt, ...
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for package in re.findall(r"^\s*(?:from|import)\s+(tousu_\w+)", line):
                if package != own:
                    offenders.append(f"{_relative(path)}:{number}: {line.strip()}")
    assert offenders == []


#: Words of the first customers' vocabularies the kernel once spelled (issue 12): they are
#: data now, registered by the plugins that use them (``clerk``: retail's and property's
#: `DomainSpec.accepted_roles`), and must not come back.
CUSTOMER_WORDS = ("clerk",)


def test_the_kernel_spells_no_customer_role() -> None:
    offenders = [
        f"{_relative(path)}:{number}: {line.strip()}"
        for path in _kernel()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for word in CUSTOMER_WORDS
        if re.search(rf"\b{word}s?\b", line)
    ]
    assert offenders == [], "customer vocabulary in the kernel:\n" + "\n".join(offenders)


#: The kernel's door modules: what every plugin's command shares (`tousu.door`: `Env`, the common
#: options) and the demo scripts plugins write (`tousu.demo`). The CLI's entry (`tousu.cli`) names
#: its group by string: the group, errors to exit codes, is the door's
#: (`tousu.default_plugins.command_group`), and every other door, its screens, documents and words
#: is a default plugin's (`tousu.default_plugins.doors` and the commands, server, web and public plugins).
KERNEL_DOOR_MODULES = {"core/tousu/door.py", "core/tousu/demo.py"}


def test_the_kernel_holds_no_door_but_the_cli_entry_and_what_plugin_commands_share() -> None:
    """A kernel module that parses a command line or serves a page would be a door living in
    the lifecycle's room: click only in the modules above, no web framework at all."""
    click_users = {
        _relative(path) for path in _kernel()
        if re.search(r"^\s*(import click\b|from click\b)", path.read_text(encoding="utf-8"), re.M)
    }
    web_users = [
        _relative(path) for path in _kernel()
        if re.search(r"^\s*(import|from) (starlette|jinja2|uvicorn)\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert click_users == KERNEL_DOOR_MODULES
    assert web_users == []


#: What only doors use, moved out of the kernel (issue 12): each name is defined in the module
#: given and in no kernel module, so the kernel cannot grow it back. The kernel keeps of privacy
#: only what its config needs: the form of ``orgs.ID.retention`` (`tousu.config.parse_retention`);
#: the masking of free text left with the CLI's error line, a door's (`command_group`).
DOOR_ONLY = {
    "core/tousu/default_plugins/doors/privacy.py": (
        "known_personal", "mask_contact", "mask_fields", "mask_phone", "masked_complaint", "masked_event",
        "masked_view", "retention_cutoff", "role_may_see", "sees_as_handler", "must_call", "viewer", "screen_rows",
        "record_unmasked_view", "mask_text", "mask_name", "mask_address", "mask_email",
    ),
    "core/tousu/default_plugins/doors/clocks.py": (
        "basis", "clock_json", "due_notes", "no_data_warning", "warning_lines", "year_warnings", "complaint_year_warnings",
        "duration_words", "_UNIT_WORDS",
    ),
    "core/tousu/default_plugins/doors/fields.py": ("parse_fields",),
    "core/tousu/default_plugins/core_commands/init_config.py": ("starter_config", "setting_comments"),
    "core/tousu/default_plugins/doors/kit_actors.py": ("allowed_actor",),
    "core/tousu/default_plugins/plugin_listing.py": ("action_table", "CORE_ACTION_RULES"),
    "core/tousu/default_plugins/doors/command_permissions.py": ("CORE_PERMISSIONS", "permission_for", "home_org", "check_role", "may_act"),
    "core/tousu/default_plugins/core_commands/arguments.py": ("FIELD_OPTION", "fields_of", "read_facts", "typed_id"),
    "core/tousu/default_plugins/web/actions.py": ("role_label",),
}
#: Kernel modules that moved whole to the doors' side (and must not come back beside them).
MOVED_TO_THE_DOORS = ("core/tousu/privacy.py", "core/tousu/calendars/basis.py", "core/tousu/kit_actors.py")


def _top_level_names(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_what_only_doors_use_stays_out_of_the_kernel() -> None:
    """A door parses and renders: who may see personal data, the masked views and their audit
    (`tousu.default_plugins.doors.privacy`), how a clock is explained to its reader
    (`tousu.default_plugins.doors.clocks`: the App records the clock, the doors word it), the
    starter file ``tousu init`` writes, are the doors', never defined again in the kernel, and
    no kernel module is called privacy."""
    kernel_names = {_relative(path): _top_level_names(path) for path in _kernel()}
    assert set(MOVED_TO_THE_DOORS) & set(kernel_names) == set()
    for home, names in DOOR_ONLY.items():
        assert set(names) <= _top_level_names(ROOT / home), home
        for module, defined in kernel_names.items():
            again = set(names) & defined
            assert again == set(), f"{module} defines what only doors use ({home}): {sorted(again)}"


#: The business calendar's arithmetic, tables and pauses, the ``calendars`` default plugin's
#: (issue 12): defined there and in no kernel module, which asks ``org.calendar`` what
#: `tousu.calendar.WorkingCalendar` says and keeps of the rest only the plugin API.
CALENDAR_ONLY = {
    "core/tousu/default_plugins/calendars/working.py": (
        "Calendar", "Day", "add", "add_working_days", "add_working_time", "exceptions_between",
        "next_working_moment", "parse_hours", "parse_workweek", "working_time_between",
    ),
    "core/tousu/default_plugins/calendars/tables.py": ("ClockPolicy", "build_calendar", "build_policy", "plugin_calendars"),
    "core/tousu/default_plugins/calendars/pauses.py": ("pause_ops", "resume_ops", "shifted", "pause_cap", "paused_time"),
}


def test_the_calendar_is_a_default_plugin_and_the_kernel_keeps_its_plugin_api() -> None:
    import tousu.calendar
    import tousu.calendars.deadlines

    kernel_names = {_relative(path): _top_level_names(path) for path in _kernel()}
    for home, names in CALENDAR_ONLY.items():
        assert set(names) <= _top_level_names(ROOT / home), home
        for module, defined in kernel_names.items():
            assert set(names) & defined == set(), f"{module} defines the calendar plugin's ({home})"
    assert {"Duration", "CalendarSource", "parse", "as_duration"} <= set(vars(tousu.calendar))
    assert callable(tousu.calendars.deadlines.clock)
