"""``tousu staff``: passwords and tokens are set by the operator and never shown again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import make_deployment
from tests.server.harness import PASSWORD, api_token, tousu


@pytest.fixture
def desk(tmp_path: Path) -> Any:
    desk = make_deployment(tmp_path / "d")
    yield desk
    desk.close()


def test_secrets_are_stored_only_as_hashes(desk: Any) -> None:
    token = api_token(desk, "acme", "wang", "hotline")
    dump = desk.db_bytes().decode()
    assert PASSWORD not in dump and token not in dump and token[4:] not in dump
    assert "scrypt$" in dump  # the password's hash, with its own cost


def test_staff_list_shows_who_has_what_and_never_a_secret(desk: Any) -> None:
    token = api_token(desk, "acme", "wang", "hotline")
    result = tousu(desk, "staff", "list", "--org", "acme", "--json")
    assert result.exit_code == 0
    listing = json.loads(result.stdout)
    wang = next(e for e in listing if e["staff"] == "wang")
    assert wang["password"] is True and wang["role"] == "receptionist"
    assert [(t["name"], t["state"]) for t in wang["tokens"]] == [("hotline", "live")]
    assert token not in result.stdout and "scrypt" not in result.stdout
    text = tousu(desk, "staff", "list", "--org", "acme")
    assert "hotline" in text.stdout and token not in text.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (("set-password", "--org", "acme", "nobody"), "long enough password\n", "unknown staff member 'nobody'"),
        (("set-password", "--org", "acme", "wang"), "short\n", "at least 8 characters"),
        (("set-password", "--org", "acme", "wang"), "", "no password on standard input"),
        (("set-password", "--org", "nowhere", "wang"), "long enough password\n", "unknown organization"),
        (("token", "--org", "acme", "wang", "--name", "x", "--expires", "soon"), None, "--expires"),
        (("revoke", "--org", "acme", "wang", "--name", "never-issued"), None, "no live token named"),
    ],
)
def test_mistakes_are_one_line_and_change_nothing(desk: Any, args: tuple[str, ...], stdin: str | None, words: str) -> None:
    before = desk.db_bytes()
    result = tousu(desk, "staff", *args, input=stdin)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert desk.db_bytes() == before


def test_a_token_name_is_used_once_while_it_is_live(desk: Any) -> None:
    api_token(desk, "acme", "wang", "hotline")
    again = tousu(desk, "staff", "token", "--org", "acme", "wang", "--name", "hotline")
    assert again.exit_code == 2 and "already has a live token" in again.stderr
    assert tousu(desk, "staff", "revoke", "--org", "acme", "wang", "--name", "hotline").exit_code == 0
    api_token(desk, "acme", "wang", "hotline")
