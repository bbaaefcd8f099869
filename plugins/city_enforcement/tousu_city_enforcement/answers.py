"""Every case answered (件件有答复,事事有回音): no case closes before the complainant has an answer.

An answer is a ``reply`` (or ``notify``, the result told to the complainant) recorded in the
case's history. A reopened case needs a new answer: the one given before it was reopened
answered a matter that turned out not to be settled.

Every exit answers too: a case transferred out, found invalid or withdrawn leaves the desk
with the answer the caller is given recorded in the same event ("已移送区住房和城乡建设局处理",
"不属于本局受理范围", "撤回已确认", followed by the ``--note``), and meets the reply clock.
"""

from __future__ import annotations

from typing import Any

from tousu import Complaint, Effects
from tousu_city_enforcement.vocabulary import ANSWERS, EXIT_ANSWER, EXITS

#: The standard answer of each exit, by language; the action's --note follows it.
EXIT_TEXT = {
    "zh": {"transfer": "已移送{to}处理", "invalid": "不属于本局受理范围", "withdraw": "投诉人撤回,已确认"},
    "en": {"transfer": "transferred to {to}", "invalid": "outside the bureau's remit", "withdraw": "withdrawal confirmed"},
}


def exit_answer(action: str, to: str | None, note: str | None, language: str) -> Effects:
    """The answer an exit gives the caller, recorded with it (the exit meets the reply clock: `limits`)."""
    texts = EXIT_TEXT.get(language, EXIT_TEXT["en"])
    answer = texts[action].format(to=to or "")
    if note and note.strip() and not note.startswith("transfer_to="):
        answer = f"{answer}: {note.strip()}"
    return Effects(fields={EXIT_ANSWER: answer})


def answered(complaint: Complaint, store: Any) -> bool:
    """Whether the complainant has an answer since the case was last (re)opened."""
    has_answer = False
    for event in store.events(complaint.id):
        if event.action == "reopen":
            has_answer = False
        elif event.action in ANSWERS or (event.action in EXITS and EXIT_ANSWER in event.data.get("fields", {})):
            has_answer = True
    return has_answer


def refuse_unanswered_close(complaint: Complaint, store: Any) -> str | None:
    """The reason to refuse ``close`` of an unanswered case, naming the fix; None if answered."""
    if answered(complaint, store):
        return None
    return (
        f"cannot close {complaint.id}: every case gets an answer (件件有答复) and the complainant "
        f'has none yet; answer first: tousu act {complaint.id} reply --note "..."'
    )
