"""``tousu init``: a starter file with the staff each plugin needs, and ``init --add`` to grow one.

A command of the core's default plugin (`tousu.default_plugins.commands.CoreCommands`): the kernel does not import it.

`starter` is `starter_config` (each enabled plugin's default settings written out, with the
comments the plugin attaches to them) plus a staff member for every role the enabled
plugins name (the property desk's patrol team, the retail desk's finance and purchasing,
the complaint center's squadron leader...) and a supervisor (the corrections' role), so a
fresh desk can run every procedure without reading the plugin's code first.

`add` puts one more organization (or one more plugin of an existing organization) into an
existing ``tousu.toml`` by editing its text, never by rewriting it: every comment, blank
line and setting already there stays as it was. The result is validated like any config
before it is written (atomically); a refused edit leaves the file untouched.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs
import click
import tomli_w

from tousu.door import Env, pass_env
from tousu.errors import InputError
from tousu.serialize import converter
from tousu.timeutil import DEFAULT_TIMEZONE

#: The staff `starter_config` writes (id → role); `starter` adds the rest.
CORE_STAFF = {"reception": "receptionist", "head": "department_head", "manager": "manager", "gm": "general_manager"}
#: Always written too: the role that corrects the record (void, reopen, merge).
EXTRA_STAFF = {"supervisor": "supervisor"}


def plugin_roles(registry: Any, plugins: list[str]) -> list[str]:
    """The roles the domains of `plugins` declare, in declaration order."""
    roles: list[str] = []
    for plugin in plugins:
        info = registry.infos.get(plugin)
        for domain in getattr(info, "domains", ()) or ():
            spec = registry.domains.get(domain)
            for role in getattr(spec, "roles", ()) or ():
                if role not in roles:
                    roles.append(role)
    return roles


def staff_to_add(registry: Any, plugins: list[str], existing: dict[str, Any]) -> dict[str, str]:
    """Staff (id → role) for each needed role nobody in `existing` holds yet."""
    held = {str(v.get("role")) for v in existing.values() if isinstance(v, dict)}
    wanted = {**EXTRA_STAFF, **{role: role for role in plugin_roles(registry, plugins)}}
    out: dict[str, str] = {}
    for staff_id, role in wanted.items():
        if role in held or staff_id in existing:
            continue
        out[staff_id] = role
    return out


def _staff_tables(org_id: str, staff: dict[str, str]) -> str:
    return "".join(f'\n[orgs.{_key(org_id)}.staff.{_key(sid)}]\nrole = "{role}"\n' for sid, role in staff.items())


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _insert_after_staff(text: str, org_id: str, tables: str) -> str:
    """`tables` placed after the last ``[orgs.ORG.staff…]`` table (else at the end of the org)."""
    lines = text.splitlines(keepends=True)
    prefix = f"[orgs.{_key(org_id)}.staff"
    last = None
    for i, line in enumerate(lines):
        if line.strip().startswith(prefix):
            last = i
    if last is None:
        return _append_to_org(text, org_id, tables)
    end = last + 1
    while end < len(lines) and not lines[end].lstrip().startswith("["):
        end += 1
    while end > last + 1 and not lines[end - 1].strip():  # keep the blank line before the next table
        end -= 1
    return "".join(lines[:end]) + tables + "".join(lines[end:])


def _append_to_org(text: str, org_id: str, tables: str) -> str:
    """`tables` at the end of the organization's tables (before the next organization)."""
    lines = text.splitlines(keepends=True)
    own = re.compile(rf"^\s*\[orgs\.{re.escape(_key(org_id))}[.\]]")
    inside, end = False, len(lines)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            if own.match(line):
                inside = True
            elif inside:
                end = i
                break
    head = "".join(lines[:end]).rstrip("\n") + "\n"
    tail = "".join(lines[end:])
    return head + tables.rstrip("\n") + "\n" + ("\n" + tail if tail else "")


def starter_config(registry: Any, orgs: dict[str, list[str]], database: str = "tousu.db") -> str:
    """A working ``tousu.toml`` with each enabled plugin's default settings written out."""
    document: dict[str, Any] = {"database": database, "synchronous": "FULL", "orgs": {}}
    comments: dict[str, dict[str, str]] = {}
    for org_id, plugins in orgs.items():
        org: dict[str, Any] = {
            "name": org_id,
            "timezone": DEFAULT_TIMEZONE,
            "language": "zh",
            "plugins": plugins,
            "staff": {staff_id: {"role": role} for staff_id, role in CORE_STAFF.items()},
            "settings": {},
        }
        for name in plugins:
            settings_class = registry.settings_class(name)
            if settings_class is not None:
                org["settings"][name] = _drop_none(converter.unstructure(settings_class()))
                comments[f"orgs.{org_id}.settings.{name}"] = setting_comments(settings_class)
        document["orgs"][org_id] = org
    return _commented(tomli_w.dumps(document), comments)


def setting_comments(settings_class: type) -> dict[str, str]:
    """The comments a plugin attaches to its settings (``attrs.field(metadata={"comment": ...})``).

    They say, in the file the deployer edits, where a default comes from — above all where it
    is the desk's own choice because the source sets no number.
    """
    if not attrs.has(settings_class):
        return {}
    return {f.name: str(f.metadata["comment"]) for f in attrs.fields(settings_class) if "comment" in f.metadata}


def _commented(text: str, comments: dict[str, dict[str, str]]) -> str:
    """`text` (TOML) with ``# comment`` lines above the settings keys that have one."""
    out: list[str] = []
    table = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and not stripped.startswith("[["):
            table = stripped.strip("[]").replace('"', "")
        key = stripped.split("=", 1)[0].strip().strip('"') if "=" in stripped else ""
        comment = comments.get(table, {}).get(key)
        if comment:
            out.extend(f"# {part}" for part in comment.splitlines())
        out.append(line)
    return "\n".join(out) + "\n"


def _drop_none(value: Any) -> Any:
    """TOML has no null: a setting whose default is None is left out (its default applies)."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def starter(registry: Any, layout: dict[str, list[str]], database: str = "tousu.db") -> str:
    """The starter file: `starter_config`'s, with the staff every enabled plugin needs."""
    text = starter_config(registry, layout, database)
    for org_id, plugins in layout.items():
        extra = staff_to_add(registry, plugins, {sid: {"role": role} for sid, role in CORE_STAFF.items()})
        if extra:
            text = _insert_after_staff(text, org_id, _staff_tables(org_id, extra))
    return text


def _org_text(registry: Any, org_id: str, plugins: list[str]) -> str:
    """The tables of one new organization, as `starter` writes them."""
    text = starter(registry, {org_id: plugins})
    start = text.index(f"[orgs.{_key(org_id)}]")
    return text[start:]


def _settings_text(registry: Any, org_id: str, plugin: str) -> str:
    """The ``[orgs.ORG.settings.PLUGIN]`` table with the plugin's defaults (and their comments)."""
    text = _org_text(registry, org_id, [plugin])
    marker = f"[orgs.{_key(org_id)}.settings.{_key(plugin)}]"
    if marker not in text:
        return ""
    start = text.index(marker)
    # take the comment lines written just above the table too
    before = text[:start].splitlines(keepends=True)
    comments = []
    while before and before[-1].lstrip().startswith("#"):
        comments.insert(0, before.pop())
    body = text[start:]
    following = re.search(r"^\s*\[(?!orgs\.[^\]]*settings\." + re.escape(plugin) + r")", body[len(marker):], re.M)
    if following:
        body = body[: len(marker) + following.start()]
    return "".join(comments) + body.rstrip("\n") + "\n"


def _set_plugins(text: str, org_id: str, plugins: list[str]) -> str:
    """Rewrite the ``plugins = [...]`` of ``[orgs.ORG]`` (only that assignment), or add one."""
    lines = text.splitlines(keepends=True)
    header = re.compile(rf"^\s*\[orgs\.{re.escape(_key(org_id))}\]\s*(#.*)?$")
    value = "plugins = [" + ", ".join(f'"{p}"' for p in plugins) + "]\n"
    start = next((i for i, line in enumerate(lines) if header.match(line.rstrip("\n"))), None)
    if start is None:
        raise InputError.of("init.add_no_table", org=org_id)
    i = start + 1
    while i < len(lines) and not lines[i].lstrip().startswith("["):
        if re.match(r"^\s*plugins\s*=", lines[i]):
            end = i
            depth = lines[i].count("[") - lines[i].count("]")
            while depth > 0 and end + 1 < len(lines):
                end += 1
                depth += lines[end].count("[") - lines[end].count("]")
            return "".join(lines[:i]) + value + "".join(lines[end + 1:])
        i += 1
    return "".join(lines[: start + 1]) + value + "".join(lines[start + 1:])


def add(path: Path, registry: Any, org_id: str, plugins: list[str]) -> str:
    """The file at `path` with organization `org_id` (or `plugins` for it) added; checked, not written."""
    from tousu.config import build_config

    if not path.exists():
        raise InputError.of("init.add_no_file", path=str(path))
    text = path.read_text(encoding="utf-8")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError.of("init.add_bad_toml", path=str(path), error=str(exc)) from None
    orgs = document.get("orgs") or {}
    if org_id not in orgs:
        new = _org_text(registry, org_id, plugins)
        text = text.rstrip("\n") + "\n\n" + new
    else:
        current = list(orgs[org_id].get("plugins") or [])
        added = [p for p in plugins if p not in current]
        if not added:
            raise InputError.of("init.add_nothing", org=org_id, plugins=", ".join(current) or "-")
        text = _set_plugins(text, org_id, current + added)
        settings = orgs[org_id].get("settings") or {}
        for plugin in added:
            if plugin not in settings:
                block = _settings_text(registry, org_id, plugin)
                if block:
                    text = _append_to_org(text, org_id, "\n" + block)
        extra = staff_to_add(registry, current + added, orgs[org_id].get("staff") or {})
        if extra:
            text = _append_to_org(text, org_id, _staff_tables(org_id, extra))
    build_config(tomllib.loads(text), registry, path)  # refused as any config would be: nothing written
    return text


def write(path: Path, text: str) -> None:
    """Replace `path` by `text` atomically (a crash leaves the old file or the new one)."""
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def register_messages() -> None:
    from tousu.messages import register

    register(
        {
            "init.add_no_file": {
                "zh": "{path} 不存在：先用 tousu init 生成", "en": "{path} does not exist: run `tousu init` first",
            },
            "init.add_bad_toml": {"zh": "{path} 不是有效的 TOML：{error}", "en": "{path} is not valid TOML: {error}"},
            "init.add_nothing": {
                "zh": "单位 {org} 已启用这些插件（{plugins}）：没有要添加的",
                "en": "organization {org} already enables them ({plugins}): nothing to add",
            },
            "init.add_no_table": {
                "zh": "找不到 [orgs.{org}] 表：请手工编辑", "en": "no [orgs.{org}] table found: edit the file by hand",
            },
            "init.added": {
                "zh": "已在 {path} 中添加 {org}（{plugins}）", "en": "added {org} ({plugins}) to {path}",
            },
        }
    )


register_messages()



def add_command(env: Any, path: Path, org_id: str, plugins: tuple[str, ...], orgs: tuple[str, ...]) -> None:
    """``tousu init --add ORG --plugin P``: the door's part (checks the options, prints the line)."""
    from tousu.messages import text

    if orgs:
        raise InputError("init --add ORG takes no --org (the organization is the value of --add)")
    if not plugins:
        raise InputError("init --add ORG needs --plugin NAME (repeatable)")
    installed = env.registry.ok()
    for name in plugins:
        if name not in installed:
            raise InputError(f"--plugin {name!r} is not installed (installed: {', '.join(installed) or 'none'})")
    new_text = add(path, env.registry, org_id, list(plugins))
    write(path, new_text)
    app = env.app  # the database learns the new plugin's tables
    lang = app.config.orgs[org_id].language if org_id in app.config.orgs else "en"
    click.echo(text(lang, "init.added", org=org_id, plugins=", ".join(plugins), path=str(path)))


@click.command()
@click.option("--org", "orgs", multiple=True, metavar="ID", help="An organization to create (repeatable).")
@click.option("--plugin", "plugins", multiple=True, metavar="NAME", help="A plugin to enable (repeatable).")
@click.option("--force", is_flag=True, help="Overwrite an existing config file.")
@click.option("--add", "add_org", metavar="ORG", help="Add ORG (or --plugin P to ORG) to the existing file, keeping it as it is.")
@pass_env
def init(env: Env, orgs: tuple[str, ...], plugins: tuple[str, ...], force: bool, add_org: str | None) -> None:
    """Write a starter tousu.toml with each plugin's default settings and the staff each plugin
    needs, and create the database; --add ORG --plugin P adds to an existing file."""
    path = env.config_path
    if add_org is not None:
        add_command(env, path, add_org, plugins, orgs)
        return
    if path.exists() and not force:
        raise InputError(f"{path} already exists; pass --force to overwrite it")
    installed = env.registry.ok()
    from tousu.plugins import DEFAULT_PLUGINS

    chosen = list(plugins) or [n for n in installed if n not in DEFAULT_PLUGINS]  # default plugins serve every org
    for name in chosen:
        if name not in installed:
            raise InputError(f"--plugin {name!r} is not installed (installed: {', '.join(installed) or 'none'})")
    if orgs:
        layout = {org: chosen for org in orgs}
    else:
        layout = {f"{name.replace('_', '-')}-demo": [name] for name in chosen} or {"default": []}
    try:
        path.write_text(starter(env.registry, layout), encoding="utf-8")
    except OSError as exc:  # a missing folder, no permission, a full disk
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    app = env.app  # validates what was written and creates the database
    click.echo(f"wrote {path} ({', '.join(layout)}); database {app.config.database_path}")


__all__ = ["add", "add_command", "init", "plugin_roles", "staff_to_add", "starter", "write"]
