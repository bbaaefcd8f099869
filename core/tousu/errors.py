"""The exceptions tousu raises, one class per way a command can fail.

The CLI maps each class to an exit status (DESIGN §6): a rule that refuses an action exits 1,
bad usage, config or input exits 2. Messages are one line and say how to fix the problem.
"""

from __future__ import annotations

from collections.abc import Callable


class TousuError(Exception):
    """Base class: a failure the user should see as one clear line, never a traceback.

    Raised with `of` (a message id of `tousu.messages` and its values), the error reads in
    the language of whoever sees it (`in_language`); ``str()`` is the English line.
    """

    exit_code = 2
    message_id: str | None = None
    values: dict[str, object] = {}  # noqa: RUF012 - replaced per instance by `of`

    @classmethod
    def of(cls, message_id: str, **values: object) -> TousuError:
        """The error whose text is catalog entry `message_id` formatted with `values`."""
        from tousu.messages import text

        error = cls(text("en", message_id, **values))
        error.message_id, error.values = message_id, values
        return error

    def in_language(self, lang: str, labeller: Callable[[str], str] | None = None) -> str:
        """The message in `lang`. Raised without a message id (a plugin's refusal, an older
        core line), its English text is read through the patterns registered for it
        (`tousu.messages.said`); `labeller` labels the ids in it with the domains' labels."""
        if self.message_id is None:
            from tousu.messages.said import localize

            return localize(lang, str(self), labeller)
        from tousu.messages import text

        return text(lang, self.message_id, _labeller=labeller, **self.values)


class ConfigError(TousuError):
    """`tousu.toml` is missing, malformed, or names something that does not exist."""


class InputError(TousuError):
    """A command-line value or an imported record is malformed."""


class NotFound(TousuError):
    """An id that does not exist, or belongs to another organization (the two answer alike)."""


class Refused(TousuError):
    """A lifecycle rule refuses the action: illegal transition, open step, missing approval."""

    exit_code = 1


class Forbidden(Refused):
    """Refused because of who is acting: their role may not do this (an approval above their
    authority, a command kept for other roles). Exits 1 like any refusal; the server answers
    403 where other refusals answer 409."""

    http_status = 403


class PluginUserError(Refused):
    """Raised by a plugin to refuse something with a message meant for the desk staff.

    Plugins raise this (``from tousu import PluginUserError``) instead of returning an error
    value when a rule must stop the command; it exits 1 like any other refusal.
    """


class PluginError(TousuError):
    """A plugin raised an unexpected exception or returned the wrong type inside a hook.

    The command's transaction is rolled back; the message names the plugin and the hook.
    """

    def __init__(self, plugin: str, hook: str, message: str) -> None:
        self.plugin = plugin
        self.hook = hook
        #: What went wrong, without the "plugin X failed in hook Y: " prefix.
        self.detail = message
        super().__init__(f"plugin {plugin} failed in hook {hook}: {message}")
