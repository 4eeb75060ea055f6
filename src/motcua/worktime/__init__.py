"""Working time and legal deadlines: the pure-Python core (no Django here).

* ``lunar``: the Vietnamese lunar calendar (UTC+7), for Tết and Giỗ Tổ.
* ``calendar``: ``WorkCalendar``, working periods and deadline arithmetic.
* ``holidays``: public holidays by rule and by official decision; ``build_calendar``.
* ``clock``: the dossier clock rules (start, restart after supplement, pause, extension).
* ``explain``: why a due date is what it is, for citizens.

The Django layer (models that store agencies' calendars and decisions) is added beside these
modules and calls them; these modules must never import Django.
"""

from .calendar import DayNote, Timeliness, WorkCalendar
from .clock import (
    ClockError,
    DossierClock,
    ExtensionAlreadyUsed,
    ExtensionTooLate,
    extend_once,
    pause,
    restart_after_supplement,
    resume,
    start_clock,
    step_deadline,
)
from .explain import DeadlineExplanation, ExplainedDay, explain_deadline
from .holidays import (
    Decision,
    DecisionCSVError,
    DecisionKind,
    DecisionStatus,
    Reason,
    build_calendar,
    holidays_for_year,
    projected_holidays,
    read_decisions_csv,
)
from .lunar import LunarDate, lunar_to_solar, solar_to_lunar, tet

__all__ = [
    "ClockError",
    "DayNote",
    "DeadlineExplanation",
    "Decision",
    "DecisionCSVError",
    "DecisionKind",
    "DecisionStatus",
    "DossierClock",
    "ExplainedDay",
    "ExtensionAlreadyUsed",
    "ExtensionTooLate",
    "LunarDate",
    "Reason",
    "Timeliness",
    "WorkCalendar",
    "build_calendar",
    "explain_deadline",
    "extend_once",
    "holidays_for_year",
    "lunar_to_solar",
    "pause",
    "projected_holidays",
    "read_decisions_csv",
    "restart_after_supplement",
    "resume",
    "solar_to_lunar",
    "start_clock",
    "step_deadline",
    "tet",
]
