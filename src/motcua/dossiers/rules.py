"""The named rules of the one-stop workflow: preconditions checked before an action, effects
applied by it. A process definition names them; each lives here once, with its source.

A precondition returns ``None`` when it holds, or the Vietnamese reason it does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal

from django.utils.dateparse import parse_datetime

from motcua.catalog.models import RequiredDocument, TimeUnit
from motcua.dossiers import clock_store
from motcua.dossiers.models import Consultation, Dossier, DossierDocument, Transfer
from motcua.workflow.definition import Action
from motcua.worktime.calendar import WorkCalendar
from motcua.worktime.clock import (
    extend_once,
    pause,
    restart_after_supplement,
    resume,
    start_clock,
)

SUPPLEMENT_WINDOW_DAYS = 3  # Decree 61/2018 (kept by 118/2025): within 3 working days of receipt
CUTOFF = time(15, 0)  # procedures that apply the 15:00 rule


class RuleError(Exception):
    """An action cannot go ahead; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str, code: str = "rule"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Context:
    dossier: Dossier
    action: Action
    actor: object
    at: datetime
    calendar: WorkCalendar
    note: str = ""
    data: dict = field(default_factory=dict)
    payload: dict = field(default_factory=dict)  # recorded in the event
    current_effect: str = ""


# --- preconditions ------------------------------------------------------------------------


def mandatory_documents_present(ctx: Context) -> str | None:
    missing = ctx.dossier.documents.filter(
        kind=DossierDocument.Kind.SUBMITTED,
        present=False,
        required_document__requirement=RequiredDocument.Requirement.MANDATORY,
    )
    names = [d.name for d in missing[:5]]
    return f"Còn thiếu giấy tờ bắt buộc: {'; '.join(names)}." if names else None


def assignee_set(ctx: Context) -> str | None:
    return None if ctx.dossier.assignee_id else "Hồ sơ chưa được phân công cán bộ xử lý."


def payment_done(ctx: Context) -> str | None:
    """Fees are settled: paid online (confirmed by the gateway), or recorded by staff as cash,
    transfer or postal collection (Decree 61/2018 Art 15: fees by any of these means)."""
    from motcua.payments.selectors import fees_settled

    return None if fees_settled(ctx.dossier) else "Công dân chưa nộp đủ phí, lệ phí."


def result_attached(ctx: Context) -> str | None:
    has_result = ctx.dossier.documents.filter(kind=DossierDocument.Kind.RESULT).exists()
    return None if has_result or ctx.data.get("result_file") else "Chưa có kết quả giải quyết."


def result_signed(ctx: Context) -> str | None:
    signed = ctx.dossier.documents.filter(kind=DossierDocument.Kind.RESULT, signed=True).exists()
    return None if signed else "Kết quả chưa được ký số."


def within_supplement_window(ctx: Context) -> str | None:
    """Decree 61/2018 Art 17 (kept by Decree 118/2025): an inadequate dossier goes back with a
    supplement request within 3 working days of receipt."""
    clock = clock_store.load(ctx.dossier.clock) if ctx.dossier.clock else None
    if clock is None:
        return None
    elapsed = ctx.calendar.working_time_between(clock.counting_from, ctx.at)
    if elapsed > ctx.calendar.working_duration(SUPPLEMENT_WINDOW_DAYS):
        return "Đã quá 03 ngày làm việc kể từ ngày tiếp nhận, không được yêu cầu bổ sung."
    return None


def extension_unused(ctx: Context) -> str | None:
    clock = clock_store.load(ctx.dossier.clock) if ctx.dossier.clock else None
    if clock and clock.extension_used:
        return "Hồ sơ đã được hẹn lại một lần; pháp luật chỉ cho phép hẹn lại một lần."
    return None


def at_least_one_day_before_due(ctx: Context) -> str | None:
    """Decree 61/2018 Art 17: the apology and new appointment come at least 1 working day
    before the deadline."""
    if ctx.dossier.due_at is None:
        return "Hồ sơ chưa có ngày hẹn trả."
    due_day = ctx.dossier.due_at.astimezone(ctx.calendar.tz).date()
    if ctx.at.astimezone(ctx.calendar.tz).date() > ctx.calendar.previous_working_day(due_day):
        return "Phải xin lỗi và hẹn lại chậm nhất 01 ngày làm việc trước ngày hẹn trả."
    return None


def consultations_answered(ctx: Context) -> str | None:
    open_consultations = ctx.dossier.consultations.filter(answered_at__isnull=True).exists()
    open_transfers = ctx.dossier.transfers.filter(
        mode=Transfer.Mode.PARALLEL, answered_at__isnull=True
    ).exists()
    if open_consultations or open_transfers:
        return "Còn cơ quan chưa trả lời ý kiến."
    return None


def receiving_agency(ctx: Context) -> str | None:
    if ctx.dossier.current_agency_id != ctx.dossier.agency_id:
        return "Kết quả phải được chuyển về cơ quan đã tiếp nhận hồ sơ trước khi trả."
    return None


PRECONDITIONS = {
    "mandatory_documents_present": mandatory_documents_present,
    "assignee_set": assignee_set,
    "payment_done": payment_done,
    "result_attached": result_attached,
    "result_signed": result_signed,
    "within_supplement_window": within_supplement_window,
    "extension_unused": extension_unused,
    "at_least_one_day_before_due": at_least_one_day_before_due,
    "consultations_answered": consultations_answered,
    "receiving_agency": receiving_agency,
}


# --- effects ------------------------------------------------------------------------------


def statutory_time(dossier: Dossier) -> tuple[float, float]:
    """(working days, working hours) the procedure allows on the dossier's channel."""
    options = list(dossier.procedure_version.channels.exclude(processing_time=None))
    option = next((o for o in options if o.channel == dossier.channel), None) or (
        options[0] if options else None
    )
    if option is None:
        raise RuleError("Thủ tục chưa có thời hạn giải quyết; không thể hẹn ngày trả.", "no_time")
    amount = float(option.processing_time or Decimal(0))
    if option.time_unit in (TimeUnit.WORKING_HOUR, TimeUnit.HOUR):
        return 0.0, amount
    # Calendar days and months are counted as working days here: the catalog publishes almost
    # every time limit in working days, and counting the rest the same way never promises a
    # citizen an earlier date than the law allows them to expect.
    if option.time_unit == TimeUnit.MONTH:
        return amount * 22, 0.0
    return amount, 0.0


def _clock(ctx):
    if not ctx.dossier.clock:
        raise RuleError("Hồ sơ chưa được tính thời hạn.", "no_clock")
    return clock_store.load(ctx.dossier.clock)


def _set_clock(ctx, clock):
    ctx.dossier.clock = clock_store.dump(clock)
    ctx.dossier.due_at = clock.due_at
    ctx.payload["due_at"] = clock.due_at.isoformat()


def effect_start_clock(ctx, _):
    days, hours = statutory_time(ctx.dossier)
    cutoff = CUTOFF if ctx.dossier.procedure_version.cutoff_applies else None
    ctx.dossier.received_at = ctx.at
    _set_clock(ctx, start_clock(ctx.calendar, ctx.at, days, hours, cutoff=cutoff))


def effect_pause_clock(ctx, _):
    _set_clock(ctx, pause(_clock(ctx), ctx.at))


def effect_resume_clock(ctx, _):
    _set_clock(ctx, resume(_clock(ctx), ctx.calendar, ctx.at))


def effect_restart_clock(ctx, _):
    """The complete dossier after a supplement: the deadline restarts from zero."""
    _set_clock(ctx, restart_after_supplement(_clock(ctx), ctx.calendar, ctx.at))
    ctx.payload["clock"] = "restarted"


def effect_extend_due(ctx, _):
    raw = ctx.data.get("new_due")
    new_due = raw if isinstance(raw, datetime) else parse_datetime(str(raw or ""))
    if new_due is None:
        raise RuleError("Cần ngày hẹn trả mới.", "new_due")
    _set_clock(ctx, extend_once(_clock(ctx), ctx.calendar, new_due, ctx.at))


def effect_stop_clock(ctx, _):
    ctx.payload["clock"] = "stopped"


def effect_request_supplement(ctx, _):
    ctx.dossier.supplement_request = ctx.note


def effect_assign(ctx, _):
    from motcua.accounts.models import User

    assignee_id = ctx.data.get("assignee")
    assignee = User.objects.filter(pk=assignee_id, agency=ctx.dossier.current_agency).first()
    if assignee is None:
        raise RuleError("Cần chọn cán bộ xử lý thuộc cơ quan đang giữ hồ sơ.", "assignee")
    ctx.dossier.assignee = assignee
    ctx.payload["assignee"] = {"id": assignee.pk, "name": assignee.get_full_name()}
    # Co-handling officials share the work; followers only watch (both from the same agency).
    for key, relation in (
        ("co_handlers", ctx.dossier.co_handlers),
        ("followers", ctx.dossier.followers),
    ):
        ids = [int(i) for i in ctx.data.get(key) or [] if str(i).isdigit()]
        people = list(User.objects.filter(pk__in=ids, agency=ctx.dossier.current_agency))
        if len(people) != len(set(ids)):
            raise RuleError("Cán bộ phối hợp, theo dõi phải thuộc cơ quan đang giữ hồ sơ.", key)
        relation.set(people)
        if people:
            ctx.payload[key] = [{"id": p.pk, "name": p.get_full_name()} for p in people]


def effect_consult(ctx, _):
    body = (ctx.data.get("body") or "").strip()
    if not body:
        return  # parallel dispatch records its partners as transfers instead
    days = float(ctx.data.get("days") or 5)
    consultation = Consultation.objects.create(
        dossier=ctx.dossier,
        body=body,
        content=ctx.note or body,
        deadline=ctx.calendar.add_working_time(ctx.at, days=days),
    )
    ctx.payload["consultation"] = {"body": body, "deadline": consultation.deadline.isoformat()}


def effect_transfer(ctx, mode):
    from motcua.catalog.models import Agency

    dossier = ctx.dossier
    if mode == Transfer.Mode.BACK:
        dossier.transfers.filter(answered_at__isnull=True).update(answered_at=ctx.at)
        ctx.payload["transfer"] = {"mode": mode, "to": dossier.agency.identifier}
        dossier.current_agency = dossier.agency
        return
    identifiers = ctx.data.get("to_agencies") or [ctx.data.get("to_agency")]
    agencies = list(Agency.objects.filter(identifier__in=[i for i in identifiers if i]))
    if not agencies or len(agencies) != len([i for i in identifiers if i]):
        raise RuleError("Cần chọn cơ quan nhận hồ sơ liên thông.", "to_agency")
    for agency in agencies:
        Transfer.objects.create(
            dossier=dossier,
            mode=mode,
            from_agency=dossier.current_agency,
            to_agency=agency,
            lead=False,
            sent_at=ctx.at,
        )
    ctx.payload["transfer"] = {"mode": mode, "to": [a.identifier for a in agencies]}
    if mode != Transfer.Mode.PARALLEL:
        dossier.current_agency = agencies[0]
        dossier.assignee = None


def effect_complete(ctx, outcome):
    from motcua.worktime.calendar import Timeliness

    dossier = ctx.dossier
    dossier.outcome = outcome
    dossier.completed_at = ctx.at
    if dossier.due_at and outcome in (Dossier.Outcome.APPROVED, Dossier.Outcome.REFUSED):
        timeliness = ctx.calendar.classify(ctx.at, dossier.due_at)
        dossier.timeliness = {
            Timeliness.EARLY: Dossier.Timeliness.EARLY,
            Timeliness.ON_TIME: Dossier.Timeliness.ON_TIME,
            Timeliness.LATE: Dossier.Timeliness.LATE,
        }[timeliness]
        ctx.payload["timeliness"] = dossier.timeliness


def effect_return_result(ctx, _):
    ctx.dossier.returned_at = ctx.at


def effect_notify(ctx, name):
    from motcua.dossiers.messages import tell

    tell(ctx, name)


def effect_record(ctx, parameter):
    """Effects whose work happens after the action, in its follow-up job: recorded in the event
    payload and picked up by ``tasks.process_event_followups`` (slips, signing, payment)."""
    ctx.payload.setdefault("pending", []).append(
        {"effect": ctx.current_effect, "parameter": parameter}
    )


EFFECTS = {
    "start_clock": effect_start_clock,
    "pause_clock": effect_pause_clock,
    "resume_clock": effect_resume_clock,
    "restart_clock": effect_restart_clock,
    "extend_due": effect_extend_due,
    "stop_clock": effect_stop_clock,
    "request_supplement": effect_request_supplement,
    "assign": effect_assign,
    "consult": effect_consult,
    "transfer": effect_transfer,
    "complete": effect_complete,
    "return_result": effect_return_result,
    "issue_slip": effect_record,
    "sign_result": effect_record,
    "notify": effect_notify,
    "request_payment": effect_record,
}
