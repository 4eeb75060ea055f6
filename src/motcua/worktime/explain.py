"""Why a due date is what it is: the skipped days between a start and its due time.

What it is for: the receipt and the citizen's dossier page show the due date; when that date
is far away ("5 working days" received before Tết), people need the reason. ``explain_deadline``
returns the due time together with every day that was not counted and why (weekly rest day,
holiday name, swapped day, compensatory day) and every extra working day that was counted
(a make-up Saturday).

It must never import Django, and never compute a due time differently from ``WorkCalendar``
(it calls it). It loops over the days of one deadline, so it is for display, not for bulk work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .calendar import WorkCalendar

__all__ = ["DeadlineExplanation", "ExplainedDay", "explain_deadline"]

WEEKLY_REST = "weekly_rest"
_WEEKDAY_NAMES_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True, slots=True)
class ExplainedDay:
    """A date and why it was skipped (or counted): ``reason`` is ``weekly_rest`` or the tag of
    the calendar's day note (``holiday``, ``compensatory``, ``swapped``, ``make_up`` …)."""

    date: date
    reason: str
    name: str


@dataclass(frozen=True, slots=True)
class DeadlineExplanation:
    received_at: datetime
    counting_from: datetime  # after the cut-off / outside-hours rule
    duration: timedelta  # working time counted
    due_at: datetime
    skipped_days: tuple[ExplainedDay, ...]  # not counted: rest days, holidays, swapped days
    extra_working_days: tuple[ExplainedDay, ...]  # counted although usually off


def explain_deadline(
    calendar: WorkCalendar,
    start: datetime,
    days: float = 0,
    hours: float = 0,
    minutes: float = 0,
    *,
    cutoff: time | None = None,
) -> DeadlineExplanation:
    """The due time of ``start`` + the duration, with the days skipped on the way and why."""
    counting_from = calendar.effective_start(start, cutoff)
    duration = calendar.working_duration(days, hours, minutes)
    due_at = calendar.add_duration(counting_from, duration)
    received = start.astimezone(calendar.tz)
    skipped: list[ExplainedDay] = []
    extra: list[ExplainedDay] = []
    d = received.date()
    while d <= due_at.date():
        note = calendar.day_note(d)
        if not calendar.is_working_day(d):
            if note is not None:
                skipped.append(ExplainedDay(d, note.reason, note.name))
            else:
                skipped.append(ExplainedDay(d, WEEKLY_REST, _WEEKDAY_NAMES_VI[d.weekday()]))
        elif note is not None and calendar.is_weekly_rest_day(d):
            extra.append(ExplainedDay(d, note.reason, note.name))
        d += timedelta(days=1)
    return DeadlineExplanation(
        received, counting_from, duration, due_at, tuple(skipped), tuple(extra)
    )
