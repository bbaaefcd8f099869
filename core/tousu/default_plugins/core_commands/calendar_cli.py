"""``tousu calendar --org ORG --from D --to D [--json]``: the organization's days as its clocks see them.

The organization's calendar is the ``calendars`` default plugin's
(`tousu.default_plugins.calendars.working.Calendar`: its days and why); the warning for years
without holiday data is the doors' (`tousu.default_plugins.doors.clocks`): a sweep tells it too.
"""

from __future__ import annotations

from datetime import date, timedelta

import click

from tousu.default_plugins.calendars.working import Calendar
from tousu.default_plugins.doors.clocks import no_data_warning
from tousu.door import ACTOR_OPTION, Env, emit
from tousu.errors import InputError

#: The longest range one command lists (ten years of days).
MAX_DAYS = 3660


@click.command("calendar")
@click.option("--org", "org_id", required=True, metavar="ORG")
@click.option("--from", "date_from", required=True, metavar="DATE", help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, metavar="DATE", help="Last day, included.")
@click.option("--json", "as_json", is_flag=True, help="One entry per date: date, working, hours, why.")
@ACTOR_OPTION
@click.pass_obj
def calendar_command(env: Env, org_id: str, date_from: str, date_to: str, as_json: bool, actor: str | None) -> None:
    """List each date from --from to --to: worked or not, its hours and why (holiday, make-up day, weekend)."""
    first, last = _date(date_from, "--from"), _date(date_to, "--to")
    if last < first:
        raise InputError(f"--to: {last.isoformat()} is before --from {first.isoformat()}")
    if (last - first).days >= MAX_DAYS:
        raise InputError(f"--from/--to: at most {MAX_DAYS} days at a time")
    from tousu.permissions import org_for

    org = org_for(env.app, org_id, actor)
    calendar: Calendar = org.calendar
    days = [calendar.day(first + timedelta(days=n)) for n in range((last - first).days + 1)]
    missing = sorted({d.date.year for d in days if calendar.missing(d.date.year)})
    if missing:
        click.echo(no_data_warning(org.id, missing, org.language), err=True)
    if as_json:
        emit([d.as_json() for d in days])
        return
    from tousu.messages import text
    from tousu.messages.said import localize

    lang = org.language
    for d in days:
        hours = ", ".join(d.hours) if d.hours else "-"
        weekday = text(lang, f"calendar.weekday.{d.date.weekday()}")
        worked = text(lang, "calendar.work" if d.working else "calendar.off")
        click.echo(f"{d.date.isoformat()}  {weekday}  {worked}  {hours:<24} {localize(lang, d.why)}")


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None


def _messages() -> None:
    from tousu.messages import register
    from tousu.messages.said import register_said

    days_zh = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
    days_en = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    register({f"calendar.weekday.{n}": {"zh": days_zh[n], "en": days_en[n]} for n in range(7)})
    register({"calendar.work": {"zh": "上班", "en": "work"}, "calendar.off": {"zh": "休息", "en": "off "}})
    register_said({
        "calendar.why.makeup_named": {"en": "make-up working day: {name}", "zh": "调休上班：{name}"},
        "calendar.why.holiday_named": {"en": "holiday: {name}", "zh": "节假日：{name}"},
        "calendar.why.makeup": {"en": "make-up working day", "zh": "调休上班"},
        "calendar.why.holiday": {"en": "holiday", "zh": "节假日"},
        "calendar.why.working": {"en": "working day", "zh": "工作日"},
        "calendar.why.weekend": {"en": "weekend", "zh": "周末"},
    })


_messages()
