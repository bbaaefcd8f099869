"""The kernel's features as default plugins: corrections, attachments, reply templates, the outbox.

They left the kernel for `tousu.default_plugins` and take part in every action through the
hooks of `tousu.default_plugins.feature_specs.KernelFeatures`, called by the App for every organization. These
tests walk each hook through the App and the CLI alike, prove the features do not depend on
what an organization enables or ``TOUSU_LOAD_PLUGINS`` says (and are never listed), and that a
feature failing is reported like any plugin: "plugin X failed in hook Y: …", nothing written.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.public.conftest import notifying
from tousu import hookimpl
from tousu.default_plugins.doors.queues import complaints
from tousu.default_plugins.feature_specs import FEATURE_HOOKS
from tousu.errors import InputError, PluginError, Refused, TousuError
from tousu.plugins import DEFAULT_FEATURE_PLUGINS
from tousu.testing import org, registered

T = "2026-10-01T{}:00+08:00".format
C1 = "C00000001"


@pytest.fixture
def shop(make_desk: Any) -> Any:
    desk = make_desk(org("shop", ["retail"], language="en"))
    desk.json("intake", "--org", "shop", "--channel", "phone", "--category", "property_damage",
              "--summary", "洗衣机漏水泡坏地板", "--actor", "wang", "--at", T("09:00"))
    return desk


def _messages(desk: Any) -> list[Any]:
    from tousu.default_plugins.store.outbox import OutboxStore

    return OutboxStore(desk.app.store).list()


# -- each feature hook, through the App and the CLI ------------------------------------------


def test_hook_complaint_action_text(shop: Any) -> None:
    """``--template NAME`` fills the reply's text before the role policy is asked; the App and
    the CLI record the same words, and a template for another action is refused (exit 2)."""
    by_cli = shop.json("act", "C1", "reply", "--field", "template=received", "--actor", "wang", "--at", T("09:10"))
    typed = shop.app.history(by_cli["id"])[-1].data["input"]["note"]
    assert typed.startswith("Hello, your complaint of") and "(no. C00000001)" in typed
    shop.close()
    by_app = shop.app.act(C1, "reply", actor="wang", fields={"template": "received"}, at=shop.app.instant(T("09:20")))
    assert shop.app.history(by_app.id)[-1].data["input"]["note"] == typed
    with pytest.raises(InputError, match="is for notify, not reply"):
        shop.app.act(C1, "reply", actor="wang", fields={"template": "resolved"}, at=shop.app.instant(T("09:30")))
    assert "a reply needs its text" in shop.fails("act", "C1", "reply", "--actor", "wang", "--at", T("09:40"), code=2)


def test_hook_complaint_action_parts(shop: Any) -> None:
    """``void`` and ``attach`` get their parts from their features, through the App as through the CLI."""
    shop.json("act", "C1", "note", "--note", "called the wrong number", "--actor", "wang", "--at", T("09:05"))
    with pytest.raises(InputError, match="void needs"):  # the corrections feature's own rule
        shop.app.act(C1, "void", actor="chen", fields={"event": "2"}, at=shop.app.instant(T("09:10")))
    voided = shop.app.act(C1, "void", actor="chen", note="wrong case", fields={"event": "2"}, at=shop.app.instant(T("09:10")))
    assert shop.app.history(voided.id)[-1].data["void"] == {"event": 2, "action": "note"}
    shop.close()
    assert "no stored file has sha256" in shop.fails(
        "act", "C1", "attach", "--field", f"sha256={'0' * 64}", "--actor", "wang", "--at", T("09:20"), code=2
    )


def test_hook_complaint_action_ready(make_desk: Any, tmp_path: Any) -> None:
    """After the domain's guards, a step waiting for its evidence is refused until a file is attached."""
    desk = make_desk(org("store", ["retail"]))
    cid = desk.complaint("store", actor="wang", category="counterfeit", fields={"price": "1299"}).id
    facts = {"name": "verify_authenticity", "result": "counterfeit"}
    with pytest.raises(Refused, match=r"needs evidence attached first \(authentication_report\)"):
        desk.app.act(cid, "step", actor="zhao", fields=facts)
    with pytest.raises(InputError):  # the domain's own check of the step's facts comes first (exit 2)
        desk.app.act(cid, "step", actor="zhao", fields={"name": "verify_authenticity", "result": "maybe"})
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 the authentication report")
    desk.close()
    desk.json("attach", cid, str(report), "--step", "verify_authenticity", "--actor", "zhao")
    assert desk.app.act(cid, "step", actor="zhao", fields=facts).step("verify_authenticity").done


def test_hook_complaint_action_done(make_desk: Any) -> None:
    """A merge through the App writes the primary's side too, in the same transaction."""
    desk = make_desk(org("estate", ["property_mgmt"], language="zh"))
    first, second = (desk.complaint("estate", summary="3栋电梯停在两层之间", tier="minor", contact=c)
                     for c in ("13800000001", "13800000002"))
    desk.app.act(second.id, "merge", actor="chen", to=first.id, note="同一部电梯")
    primary = desk.app.history(first.id)[-1]
    assert (primary.action, primary.data["merge"], primary.data["input"]["note"]) == ("merge", {"from": second.id}, "同一部电梯")
    assert desk.app.get(second.id).status == "closed"


def test_hook_complaint_event_recorded(make_desk: Any) -> None:
    """The outbox writes an event's messages in its transaction, unless the App is not telling (import)."""
    desk = make_desk(notifying("shop", "retail", "en", webhook="http://127.0.0.1:9/none"))
    desk.complaint("shop", summary="Broken kettle", contact="13812345678")
    desk.app.telling = False
    desk.complaint("shop", summary="Broken toaster", contact="13812345679")
    assert [(m.kind, m.address) for m in _messages(desk)] == [("acknowledgment", "13812345678")]


def test_hook_complaint_event_watch(make_desk: Any) -> None:
    """An organization whose notify has a channel is watched (no set-wise sweep); another is not."""
    desk = make_desk(notifying("shop", "retail", "en", webhook="http://127.0.0.1:9/none"), org("quiet", ["retail"]))
    app = desk.app
    assert app.features.event_watched(app.org("shop")) is True
    assert app.features.event_watched(app.org("quiet")) is False


def test_hook_complaint_action_scope() -> None:
    """A feature's hook is asked only where it declared it answers; undeclared, for every action."""
    from tousu.default_plugins.feature_calls import FeatureHooks as Features
    from tousu.models import Action
    from tousu.plugins import Registry

    asked: list[tuple[str, str]] = []

    class Everywhere:  # declares nothing: asked about every action
        @hookimpl
        def complaint_action_parts(self, action: Any) -> None:
            asked.append(("parts", action.name))

    class Merging:
        @hookimpl
        def complaint_action_scope(self) -> dict[str, tuple[str, ...]]:
            return {"complaint_action_done": ("merge",), "complaint_action_text": ("template",)}

        @hookimpl
        def complaint_action_done(self, action: Any) -> None:
            asked.append(("done", action.name))

        @hookimpl
        def complaint_action_text(self, facts: dict[str, Any]) -> str:
            return f"text from {facts['template']}"

    registry = Registry(features=True)
    for plugin, name in ((Everywhere(), "everywhere"), (Merging(), "merging")):
        assert registry.add(plugin, name).status == "ok"
    features = Features(registry, [], ["everywhere", "merging"])
    for name in ("note", "merge"):
        features.action_parts(None, None, None, None, Action(name), {}, None)
        features.action_done(None, None, None, None, Action(name), None)
    assert asked == [("parts", "note"), ("parts", "merge"), ("done", "merge")]
    assert features.action_text(None, None, None, None, Action("reply"), {"x": 1}, None) is None  # not asked
    assert features.action_text(None, None, None, None, Action("reply"), {"template": "t"}, None) == "text from t"


# -- always there, never listed --------------------------------------------------------------


def test_the_features_serve_every_org_whatever_tousu_load_plugins_says(shop: Any) -> None:
    only = {"TOUSU_LOAD_PLUGINS": "retail"}  # the web and public default plugins blocked
    shop.json("act", "C1", "note", "--note", "typed on the wrong case", "--actor", "wang", "--at", T("09:05"), env=only)
    shop.json("act", "C1", "void", "--field", "event=2", "--note", "wrong case", "--actor", "chen", "--at", T("09:10"), env=only)
    for env in (only, {"TOUSU_LOAD_PLUGINS": ""}, None):
        listed = {p["name"] for p in shop.json("plugins", env=env)}
        assert not listed & set(DEFAULT_FEATURE_PLUGINS), listed


def test_an_installed_plugin_cannot_implement_a_feature_hook(make_desk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The features' hooks are the default plugins' alone: an installed plugin implementing one is broken."""

    class Eavesdropper:
        @hookimpl
        def complaint_event_recorded(self, complaint: Any) -> None:
            raise AssertionError("never called")

    monkeypatch.setenv("TOUSU_LOAD_PLUGINS", "")
    with registered(Eavesdropper(), "eavesdropper"):
        desk = make_desk(org("shop", ["retail"]))
        listed = {p["name"]: p for p in desk.json("plugins")}
    assert listed["eavesdropper"]["status"] == "broken"
    assert "complaint_event_recorded" in listed["eavesdropper"]["error"]
    assert "complaint_event_recorded" in FEATURE_HOOKS


# -- a failing feature is named, and nothing is written ---------------------------------------


def test_a_failing_feature_hook_names_its_plugin_and_writes_nothing(shop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import tousu.default_plugins.corrections

    def broken(*args: Any) -> Any:
        raise RuntimeError("the corrections table is gone")

    shop.json("act", "C1", "note", "--note", "typed on the wrong case", "--actor", "wang", "--at", T("09:05"))
    monkeypatch.setattr(tousu.default_plugins.corrections, "void", broken)
    line = shop.fails("act", "C1", "void", "--field", "event=2", "--note", "x", "--actor", "chen", "--at", T("09:10"), code=2)
    assert "plugin corrections failed in hook complaint_action_parts: RuntimeError: the corrections table is gone" in line
    with pytest.raises(PluginError) as raised:
        shop.app.act(C1, "void", actor="chen", note="x", fields={"event": "2"}, at=shop.app.instant(T("09:10")))
    assert (raised.value.plugin, raised.value.hook) == ("corrections", "complaint_action_parts")
    assert [e.action for e in shop.app.history(C1)] == ["intake", "note"]


def test_a_feature_answering_the_wrong_type_is_refused_by_name(shop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import tousu.default_plugins.replies

    monkeypatch.setattr(tousu.default_plugins.replies, "note_from", lambda *args: 42)
    line = shop.fails("act", "C1", "reply", "--field", "template=received", "--actor", "wang", "--at", T("09:10"), code=2)
    assert "plugin replies failed in hook complaint_action_text: returned int, expected str" in line


def test_a_failing_outbox_rolls_the_intake_back(make_desk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import tousu.default_plugins.outbox.record

    desk = make_desk(notifying("shop", "retail", "en", webhook="http://127.0.0.1:9/none"))

    def broken(*args: Any) -> None:
        raise OSError("outbox unwritable")

    monkeypatch.setattr(tousu.default_plugins.outbox.record, "record", broken)
    line = desk.fails("intake", "--org", "shop", "--channel", "phone", "--summary", "Broken kettle",
                      "--contact", "13812345678", "--actor", "wang", "--at", T("09:00"), code=2)
    assert "plugin outbox failed in hook complaint_event_recorded: OSError: outbox unwritable" in line
    assert complaints(desk.app, desk.app.org("shop"), None) == ([], 0)


def test_the_app_does_not_open_without_its_features(monkeypatch: pytest.MonkeyPatch) -> None:
    """A feature that failed to load stops every App (a ``void`` would mean nothing without it)."""
    import tousu.plugins
    from tousu.default_plugins.feature_calls import FeatureHooks as Features
    from tousu.plugins import Registry

    failure = "plugin outbox failed: ImportError: no module named tousu.default_plugins.outbox"
    monkeypatch.setattr(tousu.plugins, "default_command_registry", lambda: (Registry(features=True), [failure]))
    with pytest.raises(TousuError) as raised:
        Features.of_defaults()
    assert str(raised.value) == failure


def test_the_app_takes_its_features_from_the_composition_root(shop: Any) -> None:
    """The kernel names the features' caller only as a string (`tousu.compose.FEATURES`): every
    App of the process gets the one object, and an App given another asks that one."""
    from tousu.app import App
    from tousu.compose import default_features

    assert shop.app.features is default_features()
    asked: list[str] = []

    class Quiet:
        def action_text(self, *args: Any) -> None:
            asked.append("text")

        def action_parts(self, *args: Any) -> dict[str, Any]:
            asked.append(f"parts {args[4].name}")
            return {}

        def action_ready(self, *args: Any) -> None:
            asked.append("ready")

        def action_done(self, *args: Any) -> list[Any]:
            return []

        def event_recorded(self, *args: Any) -> None:
            asked.append(f"recorded {args[5].name}")

        def event_watched(self, org: Any) -> bool:
            return False

    app = App(shop.app.config, shop.app.registry, shop.app.store, Quiet())
    app.act(C1, "note", actor="wang", note="seen", at=app.instant(T("09:05")))
    assert asked == ["text", "parts note", "ready", "recorded note"]  # the stages, in order
