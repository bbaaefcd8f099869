"""The hook contract cannot drift: the guide, the tests and the naming scheme follow the code.

- every hookspec in `tousu.hookspecs` appears in ``docs/writing-plugins.md`` with its exact
  signature and its firstresult flag, and the guide documents no hook that does not exist;
- every hook has a test function named ``test_hook_<name>`` somewhere under ``tests/``;
- hook names come in the three families ``register_*``, ``complaint_*``, ``report_*``, and
  their arguments come from the one documented vocabulary, without defaults.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from tousu import hookspecs

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "writing-plugins.md"
FAMILIES = ("register_", "complaint_", "report_")
VOCABULARY = {"complaint", "org", "settings", "actor", "action", "facts", "store", "now", "period", "register", "cli"}


def specs() -> dict[str, object]:
    """The hookspecs as pluggy sees them: functions marked with the ``tousu`` spec marker."""
    return {
        name: fn
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(fn, "tousu_spec")
    }


def _canonical(annotation: str) -> str:
    return ast.unparse(ast.parse(annotation, mode="eval"))


def code_signature(fn: object) -> tuple[list[tuple[str, str]], str, bool]:
    """(parameters with annotations, return annotation, firstresult) from the code."""
    signature = inspect.signature(fn)  # annotations are strings: hookspecs uses postponed evaluation
    params = [(p.name, _canonical(p.annotation)) for p in signature.parameters.values()]
    return params, _canonical(signature.return_annotation), bool(fn.tousu_spec.get("firstresult"))  # type: ignore[attr-defined]


def guide_signatures() -> dict[str, list[tuple[list[tuple[str, str]], str, bool]]]:
    """Every ``def`` in a python block of the guide's hook reference, parsed like code."""
    text = GUIDE.read_text(encoding="utf-8")
    reference = text.split("## 6. Hook reference", 1)[1].split("\n## 7.", 1)[0]
    found: dict[str, list[tuple[list[tuple[str, str]], str, bool]]] = {}
    for block in re.findall(r"```python\n(.*?)```", reference, flags=re.S):
        if "@hookspec" not in block:
            continue  # an example implementation, not a signature
        tree = ast.parse(block.rstrip() + "\n    ...\n")
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            firstresult = any(
                isinstance(d, ast.Call) and any(k.arg == "firstresult" and ast.literal_eval(k.value) for k in d.keywords)
                for d in node.decorator_list
            )
            params = [(a.arg, ast.unparse(a.annotation) if a.annotation else "") for a in node.args.args]
            returns = ast.unparse(node.returns) if node.returns else ""
            found.setdefault(node.name, []).append((params, returns, firstresult))
    return found


def test_the_guide_exists_and_has_a_hook_reference() -> None:
    assert "## 6. Hook reference" in GUIDE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(specs()))
def test_every_hookspec_is_in_the_guide_with_its_exact_signature(name: str) -> None:
    documented = guide_signatures().get(name)
    assert documented, f"docs/writing-plugins.md has no signature block for hook {name}"
    assert len(documented) == 1, f"hook {name} has {len(documented)} signature blocks in the guide"
    params, returns, firstresult = documented[0]
    expected_params, expected_returns, expected_first = code_signature(specs()[name])
    assert params == expected_params, f"{name}: the guide says {params}, the code says {expected_params}"
    assert returns == expected_returns, f"{name}: the guide returns {returns}, the code {expected_returns}"
    assert firstresult == expected_first, f"{name}: firstresult is {expected_first} in the code"
    assert f"### `{name}`" in GUIDE.read_text(encoding="utf-8"), f"{name} needs its own heading in the guide"


def test_the_guide_documents_no_hook_that_does_not_exist() -> None:
    assert set(guide_signatures()) <= set(specs()), set(guide_signatures()) - set(specs())


def _test_function_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names.update(n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
    return names


@pytest.mark.parametrize("name", sorted(specs()))
def test_every_hook_has_a_test_named_after_it(name: str) -> None:
    assert f"test_hook_{name}" in _test_function_names(), f"write test_hook_{name} under tests/ (see tests/kit/)"


@pytest.mark.parametrize("name", sorted(specs()))
def test_hook_names_follow_the_three_families(name: str) -> None:
    assert name.startswith(FAMILIES), f"hook {name} must start with one of {FAMILIES}"


@pytest.mark.parametrize("name", sorted(specs()))
def test_hook_arguments_come_from_the_vocabulary_without_defaults(name: str) -> None:
    parameters = inspect.signature(specs()[name]).parameters.values()  # type: ignore[arg-type]
    unknown = {p.name for p in parameters} - VOCABULARY
    assert not unknown, f"{name} takes {unknown}: use the documented vocabulary {sorted(VOCABULARY)}"
    assert all(p.default is inspect.Parameter.empty for p in parameters), f"{name} gives an argument a default"
    assert inspect.getdoc(specs()[name]), f"{name} needs a docstring saying what it receives and returns"


def test_the_kit_finds_every_hook_module_level_function_in_hookspecs() -> None:
    """Guard for `specs()`: every public function of the module is a marked hookspec."""
    public = {n for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if f.__module__ == hookspecs.__name__}
    assert public == set(specs())
