"""Read-only queries of dossiers for pages: worklists, search, the step history, the clock.

Nothing here writes or decides: a dossier changes only through ``services``. The step history
re-reads the hash-chained event log and recomputes each step's deadline with the same rule the
engine applied when the step was entered (``worktime.clock.step_deadline``), so what a page
shows is what the engine decided, never a second opinion.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from motcua.accounts.roles import StaffRole, group_name
from motcua.core.text import fold
from motcua.dossiers import clock_store
from motcua.dossiers.models import Dossier, DossierEvent, Transfer
from motcua.dossiers.permissions import staff_roles
from motcua.workflow.definition import ProcessDefinition, Step
from motcua.workflow.models import ProcessVersion
from motcua.worktime import Timeliness, step_deadline
from motcua.worktime.selectors import calendar_for

StepTest = Callable[[ProcessDefinition, Step], bool]

# A stored process version is never edited (a change is a new version), so its parsed
# definition can be kept for the life of the process, keyed by what identifies it.
_definitions: dict[tuple[int, str, int], ProcessDefinition] = {}

# --- what one request reads more than once ---------------------------------------------------
#
# A back-office page asks several times for the same process versions and working calendars
# (the menu's counts, the list, the step history). Within one request they are read once: the
# memo lives from ``request_started`` to ``request_finished`` (connected in ``dossiers.apps``)
# and is emptied by any save or delete, so a request that changes data reads it afresh.
# Outside a request (jobs, commands) nothing is memoized.
_request = threading.local()


def start_request_memo(**kwargs) -> None:
    _request.memo = {}


def end_request_memo(**kwargs) -> None:
    _request.memo = None


def forget_request_memo(**kwargs) -> None:
    memo = getattr(_request, "memo", None)
    if memo:
        memo.clear()


def _memoized(key, compute):
    memo = getattr(_request, "memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def definition_of(version: ProcessVersion) -> ProcessDefinition:
    key = (version.pk, version.code, version.version)
    if key not in _definitions:
        _definitions[key] = version.definition()
    return _definitions[key]


def _all_definitions() -> list[tuple[int, ProcessDefinition]]:
    # The identifying columns only; a version's document is read once per process.
    keys = list(ProcessVersion.objects.order_by("pk").values_list("pk", "code", "version"))
    missing = [key[0] for key in keys if key not in _definitions]
    if missing:
        for version in ProcessVersion.objects.filter(pk__in=missing):
            definition_of(version)
    return [(key[0], _definitions[key]) for key in keys]


def all_definitions() -> list[tuple[int, ProcessDefinition]]:
    """(version id, definition) of every stored process version, read once per request."""
    return _memoized("process_definitions", _all_definitions)


def agency_calendar(agency=None):
    """``calendar_for(agency)``, computed once per request and agency."""
    return _memoized(("calendar", agency.pk if agency else None), lambda: calendar_for(agency))


def agency_calendar_by_id(agency_id: int | None):
    """The calendar of the agency with this id, read once per request (no agency: default)."""

    def compute():
        from motcua.catalog.models import Agency

        return calendar_for(Agency.objects.get(pk=agency_id) if agency_id else None)

    return _memoized(("calendar", agency_id), compute)


# --- worklists ------------------------------------------------------------------------------


def steps_matching(test: StepTest) -> dict[int, list[str]]:
    """Process version id -> codes of its non-final steps for which ``test`` holds.

    Processes are data (one definition per version), so "the steps where a head assigns" is
    read from every stored definition rather than written down as step codes.
    """
    matching: dict[int, list[str]] = {}
    for version_id, definition in all_definitions():
        codes = [s.code for s in definition.steps if not s.final and test(definition, s)]
        if codes:
            matching[version_id] = codes
    return matching


StepGroups = tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]


def step_groups(test: StepTest) -> StepGroups:
    """(step codes, process version ids): the versions whose steps passing ``test`` have those
    codes, grouped, in a fixed order.

    A province's hundreds of internal processes are built from a few templates: one group per
    template, where one term per version made every back-office page's menu counts compile a
    filter that grew with them."""
    versions_by_codes: dict[tuple[str, ...], list[int]] = {}
    for version_id, codes in steps_matching(test).items():
        versions_by_codes.setdefault(tuple(sorted(codes)), []).append(version_id)
    return tuple((codes, tuple(versions)) for codes, versions in sorted(versions_by_codes.items()))


def at_steps(test: StepTest) -> Q:
    """A filter for dossiers whose current step passes ``test`` (nothing when none does)."""
    return at_grouped_steps(step_groups(test))


def at_grouped_steps(groups: StepGroups) -> Q:
    condition = Q(pk__in=[])
    for codes, versions in groups:
        condition |= Q(process_version_id__in=versions, step__in=codes)
    return condition


def held_for(user, roles: set[str]) -> Q:
    """Dossiers on which ``user`` holds ``roles`` through their agency, as ``roles_on`` grants
    them: the agency holding the dossier; the receiving desk for reception work; a partner of
    an open parallel transfer for specialists and heads. A province administrator: all."""
    if StaffRole.PROVINCE_ADMIN.value in staff_roles(user):
        return Q()
    if not user.agency_id:
        return Q(pk__in=[])
    condition = Q(current_agency_id=user.agency_id)
    if StaffRole.RECEPTION_OFFICER.value in roles:
        condition |= Q(agency_id=user.agency_id)
    if roles & {StaffRole.SPECIALIST.value, StaffRole.DEPARTMENT_HEAD.value}:
        condition |= Exists(
            Transfer.objects.filter(
                dossier=OuterRef("pk"), to_agency_id=user.agency_id, answered_at__isnull=True
            )
        )
    return condition


def near_due_limit(agency, now: datetime | None = None, days: float = 1) -> datetime:
    """The instant ``days`` working days from now in the agency's calendar."""
    now = now or timezone.now()
    return agency_calendar(agency).add_working_time(now, days=days)


def search(queryset: QuerySet[Dossier], text: str) -> QuerySet[Dossier]:
    """By dossier code, ID number or applicant name; the name ignores diacritics and đ/Đ."""
    text = " ".join((text or "").split())
    if not text:
        return queryset
    folded = fold(text)
    condition = Q(code__icontains=text)
    digits = text.replace(" ", "")
    if digits.isdigit():
        condition |= Q(applicant_id_number__startswith=digits)
    queryset = queryset.annotate(
        applicant_key=Lower(Func(F("applicant_name"), function="motcua_unaccent"))
    )
    return queryset.filter(condition | Q(applicant_key__contains=folded))


def staff_with_role(agency, role: StaffRole):
    """Active staff of ``agency`` holding ``role`` (its Django group), by name."""
    from motcua.accounts.models import User

    return User.objects.filter(
        agency=agency, is_active=True, groups__name=group_name(role)
    ).order_by("full_name", "username")


# --- the step history -----------------------------------------------------------------------


@dataclass(frozen=True)
class StepVisit:
    """One stay of the dossier at a step: who held it, its deadline and how it ended."""

    step: Step
    agency_id: int
    entered_at: datetime
    entered_by: DossierEvent
    due_at: datetime | None
    left_at: datetime | None = None
    left_by: DossierEvent | None = None
    timeliness: Timeliness | None = None


def is_transition(definition: ProcessDefinition, event: DossierEvent) -> bool:
    """The submission, or an action of the process (facts logged by ``record_event`` are not)."""
    if not event.from_step:
        return True
    return definition.action(event.from_step, event.action) is not None


def _due_in(event: DossierEvent, current: datetime | None) -> datetime | None:
    raw = (event.payload or {}).get("due_at")
    parsed = parse_datetime(raw) if isinstance(raw, str) else None
    return parsed or current


def step_history(dossier: Dossier, events: list[DossierEvent] | None = None) -> list[StepVisit]:
    """The dossier's stays at each step, oldest first, with the deadlines the engine set.

    ``events``: the dossier's events in sequence order when the caller has them already."""
    definition = definition_of(dossier.process_version)
    if events is None:
        events = list(dossier.events.select_related("agency").order_by("sequence"))
    visits: list[StepVisit] = []
    dossier_due = None
    holder_id = dossier.agency_id
    calendars = {}
    for event in events:
        if not is_transition(definition, event):
            continue
        dossier_due = _due_in(event, dossier_due)
        # The engine used the calendar of the agency holding the dossier before the action.
        if holder_id not in calendars:
            calendars[holder_id] = agency_calendar_by_id(holder_id)
        calendar = calendars[holder_id]
        if visits:
            last = visits[-1]
            timeliness = calendar.classify(event.at, last.due_at) if last.due_at else None
            visits[-1] = replace(last, left_at=event.at, left_by=event, timeliness=timeliness)
        step = definition.step(event.to_step)
        due = None
        if (step.duration_days or step.duration_hours) and dossier_due and not step.final:
            due = step_deadline(
                calendar, event.at, step.duration_days, step.duration_hours, dossier_due=dossier_due
            )
        visits.append(
            StepVisit(
                step=step,
                agency_id=event.agency_id,
                entered_at=event.at,
                entered_by=event,
                due_at=due,
            )
        )
        holder_id = event.agency_id
    return visits


@dataclass(frozen=True)
class HandoffRow:
    """One row of the processing control slip (form 05), before it is printed."""

    giver_agency: str
    giver_name: str
    receiver_agency: str
    receiver_name: str
    handed_at: datetime
    outcome: Timeliness | None
    note: str


def _role_label(role: str) -> str:
    try:
        return str(StaffRole(role).label)
    except ValueError:
        return ""


def _with_role(agency_name: str, role: str) -> str:
    label = _role_label(role)
    return f"{agency_name} ({label})" if label else agency_name


def handoffs(dossier: Dossier) -> list[HandoffRow]:
    """Each time the dossier passed from one step to another, as form 05 prints it: who gave,
    who received, when, and whether the giver's step ended early, on time or late."""
    from motcua.catalog.models import Agency

    visits = step_history(dossier)
    names = dict(
        Agency.objects.filter(pk__in={v.agency_id for v in visits}).values_list("pk", "name")
    )
    rows = []
    for index, visit in enumerate(visits[:-1]):
        leaving = visit.left_by
        following = visits[index + 1]
        if leaving is None or following.step.code == visit.step.code:
            continue  # a new appointment at the same step is not a hand-off
        giver_agency = _with_role(names.get(visit.agency_id, ""), leaving.actor_role)
        assignee = (leaving.payload or {}).get("assignee") or {}
        if following.step.final:
            receiver_agency = f"Tổ chức, cá nhân: {dossier.applicant_name}"
            receiver_name = dossier.applicant_name
        elif assignee:
            receiver_agency = _with_role(
                names.get(following.agency_id, ""), StaffRole.SPECIALIST.value
            )
            receiver_name = assignee.get("name", "")
        elif following.left_by is not None:
            receiver_agency = _with_role(
                names.get(following.agency_id, ""), following.left_by.actor_role
            )
            receiver_name = following.left_by.actor_name
        else:
            staff = [r for r in following.step.roles if r not in ("applicant", "system")]
            receiver_agency = _with_role(
                names.get(following.agency_id, ""), staff[0] if staff else ""
            )
            receiver_name = ""
        note = leaving.action_name + (f": {leaving.note}" if leaving.note else "")
        rows.append(
            HandoffRow(
                giver_agency=giver_agency,
                giver_name=leaving.actor_name,
                receiver_agency=receiver_agency,
                receiver_name=receiver_name,
                handed_at=leaving.at,
                outcome=visit.timeliness,
                note=note,
            )
        )
    return rows


# --- the clock ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockSummary:
    """Where the dossier's deadline stands, for the officer's eyes."""

    state: str  # not_started, running, paused, decided
    due_at: datetime | None
    original_due_at: datetime | None
    extended: bool
    restarted: bool
    remaining: timedelta | None  # working time left (negative: overdue)
    overdue: bool
    standard_day: timedelta = timedelta(hours=8)

    @property
    def remaining_days(self) -> float | None:
        """Working time left in working days of the agency's calendar (negative: overdue)."""
        if self.remaining is None:
            return None
        return self.remaining / self.standard_day


def clock_summary(dossier: Dossier, now: datetime | None = None) -> ClockSummary:
    now = now or timezone.now()
    clock = clock_store.load(dossier.clock) if dossier.clock else None
    if clock is None:
        return ClockSummary("not_started", dossier.due_at, None, False, False, None, False)
    if dossier.completed_at is not None:
        state, until = "decided", dossier.completed_at
    elif clock.is_paused:
        state, until = "paused", clock.paused_at
    else:
        state, until = "running", now
    calendar = agency_calendar(dossier.current_agency)
    remaining = calendar.working_time_between(until, clock.due_at)
    return ClockSummary(
        state=state,
        due_at=clock.due_at,
        original_due_at=clock.original_due_at,
        extended=clock.extension_used,
        restarted=clock.restarted_at is not None,
        remaining=remaining,
        overdue=until > clock.due_at,
        standard_day=calendar.standard_day,
    )
