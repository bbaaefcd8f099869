"""Every case answered (件件有答复,事事有回音): no case closes before the complainant has an answer.

An answer is a ``reply`` (or ``notify``, the result told to the complainant) recorded in the
case's history. A reopened case needs a new answer: the one given before it was reopened
answered a matter that turned out not to be settled.
"""

from __future__ import annotations

from typing import Any

from tousu import Complaint
from tousu_city_enforcement.vocabulary import ANSWERS


def answered(complaint: Complaint, store: Any) -> bool:
    """Whether the complainant has an answer since the case was last (re)opened."""
    has_answer = False
    for event in store.events(complaint.id):
        if event.action == "reopen":
            has_answer = False
        elif event.action in ANSWERS:
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
