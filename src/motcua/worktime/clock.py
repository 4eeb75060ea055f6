"""The dossier clock: the legal rules that move a dossier's due time, one function per rule.

What it is for: a dossier's due time is not fixed at receipt. The rules of the one-stop
mechanism (Decree 61/2018/NĐ-CP Art 15-19, kept by Decree 118/2025/NĐ-CP; summarised in
REQUIREMENTS.md §3 and §6, marked [V] there) say when the clock starts, when it restarts,
when it stops and how the due date may be extended. Each rule is a function below taking a
``DossierClock`` value and returning a new one, so the Django layer stores the fields and
calls the rule by name ("supplement restarts the clock" lives here and nowhere else).

It must never import Django, read the time of day itself (callers pass ``at``), or store
anything: clocks are immutable values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from .calendar import WorkCalendar

__all__ = [
    "ClockError",
    "DossierClock",
    "ExtensionAlreadyUsed",
    "ExtensionTooLate",
    "extend_once",
    "pause",
    "restart_after_supplement",
    "resume",
    "start_clock",
    "step_deadline",
]


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime rejected: {name!r} must be timezone-aware")


def _vn_date(t: datetime | None) -> str:
    return t.strftime("%d/%m/%Y") if t is not None else "?"


class ClockError(ValueError):
    """A rule of the dossier clock was broken; ``message_vi`` is for the officer's screen."""

    def __init__(self, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.message_vi = message_vi


class ExtensionAlreadyUsed(ClockError):
    def __init__(self, original_due_at: datetime | None, due_at: datetime) -> None:
        super().__init__(
            f"the due date was already extended once (from {_vn_date(original_due_at)} to "
            f"{_vn_date(due_at)}); a new appointment is allowed only once",
            f"Hồ sơ đã được hẹn lại ngày trả kết quả một lần (từ ngày {_vn_date(original_due_at)}"
            f" sang ngày {_vn_date(due_at)}); pháp luật chỉ cho phép hẹn lại một lần.",
        )


class ExtensionTooLate(ClockError):
    def __init__(self, due_at: datetime, last_day: datetime, at: datetime) -> None:
        super().__init__(
            f"too late to extend: the apology and new appointment must be issued at least one "
            f"working day before the due date {_vn_date(due_at)}, i.e. by {_vn_date(last_day)}; "
            f"it is {_vn_date(at)}",
            f"Đã quá thời hạn hẹn lại: văn bản xin lỗi và hẹn lại ngày trả kết quả phải được "
            f"gửi chậm nhất 01 ngày làm việc trước ngày hết hạn {_vn_date(due_at)}, tức là "
            f"trong ngày {_vn_date(last_day)}; hôm nay là {_vn_date(at)}.",
        )


@dataclass(frozen=True, slots=True)
class DossierClock:
    """Where a dossier's deadline stands. Create it with ``start_clock``."""

    received_at: datetime  # valid receipt (post: signing of the handover record)
    counting_from: datetime  # when the count (re)started, after cut-off/outside-hours rules
    statutory_days: float
    statutory_hours: float
    statutory: timedelta  # the statutory duration as working time
    due_at: datetime
    cutoff: time | None = None  # the procedure's cut-off (e.g. 15:00), reused on restart
    paused_at: datetime | None = None
    pauses: tuple[tuple[datetime, datetime], ...] = ()
    paused_total: timedelta = timedelta(0)  # working time not counted
    restarted_at: datetime | None = None
    extension_used: bool = False
    original_due_at: datetime | None = None  # the due time before the extension
    extended_at: datetime | None = None

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


def start_clock(
    calendar: WorkCalendar,
    received_at: datetime,
    days: float = 0,
    hours: float = 0,
    cutoff: time | None = None,
) -> DossierClock:
    """Start counting at valid receipt.

    Rule: the clock starts at valid receipt; a postal dossier is received when the handover
    record is signed (Decision 45/2016/QĐ-TTg; REQUIREMENTS.md §6, §9). Received outside
    working time, or after the procedure's ``cutoff`` (15:00 for the procedures that have it,
    Decree 61/2018 Art 16 as summarised in REQUIREMENTS.md §3), counting starts at the next
    working period / working day.
    """
    counting_from = calendar.effective_start(received_at, cutoff)
    statutory = calendar.working_duration(days, hours)
    return DossierClock(
        received_at=received_at,
        counting_from=counting_from,
        statutory_days=days,
        statutory_hours=hours,
        statutory=statutory,
        due_at=calendar.add_duration(counting_from, statutory),
        cutoff=cutoff,
    )


def restart_after_supplement(
    clock: DossierClock, calendar: WorkCalendar, complete_at: datetime
) -> DossierClock:
    """The complete dossier arrived after a supplement request: the deadline restarts from zero.

    Rule: a dossier found inadequate is returned with a supplement request (form 02) within
    3 working days of receipt, and the processing time is counted again from the start when
    the complete dossier is received (Decree 61/2018 Art 17 as summarised in REQUIREMENTS.md
    §3 [V]). Pauses are dropped; the cut-off of the procedure applies to the new receipt.
    An extension already used stays used: the law allows one new appointment per dossier.
    """
    _require_aware("complete_at", complete_at)
    if complete_at < clock.received_at:
        raise ValueError("the complete dossier cannot arrive before the first receipt")
    counting_from = calendar.effective_start(complete_at, clock.cutoff)
    return replace(
        clock,
        counting_from=counting_from,
        due_at=calendar.add_duration(counting_from, clock.statutory),
        paused_at=None,
        pauses=(),
        paused_total=timedelta(0),
        restarted_at=complete_at,
    )


def pause(clock: DossierClock, at: datetime) -> DossierClock:
    """Stop the clock (e.g. waiting for the applicant) from ``at``.

    Rule: time during which the law suspends processing is not counted (REQUIREMENTS.md §6;
    the grounds for a pause are the procedure's, not this module's).
    """
    if clock.paused_at is not None:
        raise ClockError(
            f"the clock is already paused since {clock.paused_at.isoformat()}",
            f"Hồ sơ đang tạm dừng tính thời hạn từ {_vn_date(clock.paused_at)}.",
        )
    _require_aware("at", at)
    if at < clock.received_at:
        raise ValueError("cannot pause before the dossier was received")
    return replace(clock, paused_at=at)


def resume(clock: DossierClock, calendar: WorkCalendar, at: datetime) -> DossierClock:
    """Restart a paused clock at ``at``: the due time moves by the paused *working* time.

    A pause from Friday 16:00 to Monday 09:00 moves the due time by 2 h 30 (16:00-17:00 and
    07:30-09:00), not by the weekend.
    """
    if clock.paused_at is None:
        raise ClockError(
            "the clock is not paused", "Hồ sơ không ở trạng thái tạm dừng tính thời hạn."
        )
    _require_aware("at", at)
    if at < clock.paused_at:
        raise ValueError("cannot resume before the pause started")
    paused = calendar.working_time_between(clock.paused_at, at)
    return replace(
        clock,
        due_at=calendar.add_duration(clock.due_at, paused),
        paused_at=None,
        pauses=(*clock.pauses, (clock.paused_at, at)),
        paused_total=clock.paused_total + paused,
    )


def extend_once(
    clock: DossierClock, calendar: WorkCalendar, new_due: datetime, at: datetime
) -> DossierClock:
    """Set a new due time with an apology (form 04): once, and not at the last minute.

    Rule (Decree 61/2018 Art 17 as summarised in REQUIREMENTS.md §3 [V]): for an overdue
    dossier the agency issues an apology and a new appointment **at least 1 working day
    before the deadline**, and a new appointment is allowed **only once**.

    "At least 1 working day before" is read as: on or before the working day that precedes
    the due day (any time that day). A request made on the due day, or on a day off just
    before it, is too late. Raises ``ExtensionAlreadyUsed`` or ``ExtensionTooLate``.
    """
    if clock.extension_used:
        raise ExtensionAlreadyUsed(clock.original_due_at, clock.due_at)
    _require_aware("at", at)
    _require_aware("new_due", new_due)
    due_local = clock.due_at.astimezone(calendar.tz)
    at_local = at.astimezone(calendar.tz)
    last_day = calendar.previous_working_day(due_local.date())
    if at_local.date() > last_day:
        last = datetime.combine(last_day, time(), tzinfo=calendar.tz)
        raise ExtensionTooLate(due_local, last, at_local)
    if new_due <= clock.due_at:
        raise ValueError("the new due time must be later than the current one")
    return replace(
        clock,
        due_at=new_due,
        extension_used=True,
        original_due_at=clock.due_at,
        extended_at=at,
    )


def step_deadline(
    calendar: WorkCalendar,
    step_start: datetime,
    days: float = 0,
    hours: float = 0,
    *,
    dossier_due: datetime,
) -> datetime:
    """The due time of one step of the internal process, never after the dossier's due time.

    Rule: each agency's step has its own time in the approved internal process (Circular
    01/2018 Art 8), but no step may push the dossier past its own deadline.
    """
    return min(calendar.add_working_time(step_start, days, hours), dossier_due)
