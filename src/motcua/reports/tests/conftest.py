"""A province in March 2026 built through the real dossier services: every kind of dossier the
processing report distinguishes, with dates chosen so each number can be checked by hand.

The calendar is the civil-service one (Monday-Friday; Tết 2026 ended on 22/02). The procedure
allows 3 working days, so a dossier accepted at 10:00 on Monday 02/03 is due Thursday 05/03 10:00.
"""

from decimal import Decimal

import pytest

from motcua.accounts.roles import StaffRole
from motcua.catalog.models import (
    AdministrativeUnit,
    Agency,
    ChannelOption,
    Field,
    ProcedureOffering,
    ProcedureVersion,
)
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import ApplicantData, perform_action, receive_dossier
from motcua.dossiers.tests.conftest import at, make_user, world  # noqa: F401 - fixture
from motcua.workflow.services import active_version


class Province:
    """The dossiers by letter (see ``march``) and the world they live in."""


@pytest.fixture
def march(world):  # noqa: F811 - the imported fixture
    w = world
    p = Province()
    p.world = w
    p.civil = Field.objects.create(name="Lý lịch tư pháp")
    procedure = w.version.procedure
    procedure.field = p.civil
    procedure.levels = ["province"]
    procedure.save()
    # An end-to-end online procedure (Decree 42/2022): a second procedure in the same field.
    p.e2e_version = ProcedureVersion.objects.create(
        procedure=type(procedure).objects.create(
            code="1.001194",
            name="Cấp bản sao trích lục hộ tịch",
            field=p.civil,
            service_level=4,
            online_mode="end_to_end",
        ),
        number=1,
        online_mode="end_to_end",
        service_level=4,
    )
    ChannelOption.objects.create(
        version=p.e2e_version, channel="online", processing_time=Decimal(3)
    )
    ProcedureOffering.objects.create(
        procedure=p.e2e_version.procedure, agency=w.justice, process_code="standard"
    )
    commune_unit = AdministrativeUnit.objects.create(
        code="22001", name="Phường Hạ Long", level=3, parent=w.justice.administrative_unit
    )
    p.commune = Agency.objects.create(
        identifier="000.01.22.H49",
        name="UBND phường Hạ Long",
        kind="peoples_committee",
        administrative_unit=commune_unit,
    )
    p.commune_reception = make_user("hl.tiepnhan", p.commune, StaffRole.RECEPTION_OFFICER)
    ProcedureOffering.objects.create(procedure=procedure, agency=p.commune, process_code="standard")

    def new(when, channel="counter", agency=None, version=None, complete=True, actor=None):
        present = [w.form.pk, w.id_card.pk] if complete else [w.form.pk]
        return receive_dossier(
            agency=agency or w.justice,
            procedure_version=version or w.version,
            channel=channel,
            applicant=ApplicantData(name="Trần Thị Bình", phone="0912345678"),
            actor=actor or w.reception,
            present_documents=present,
            at=when,
        )

    def accept(d, when, actor=None):
        perform_action(d, "accept", actor or w.reception, at=when)

    def assign(d, when, head=None, specialist=None):
        perform_action(
            d, "assign", head or w.head, data={"assignee": (specialist or w.specialist).pk}, at=when
        )

    def result(d, signed=False):
        DossierDocument.objects.create(
            dossier=d, kind="result", name="Phiếu lý lịch tư pháp", signed=signed
        )

    def approve(d, when, signed=False):
        result(d, signed)
        perform_action(d, "propose", w.specialist, at=when)
        perform_action(d, "submit_for_signature", w.head, at=when)
        perform_action(d, "approve", w.leader, at=when)
        perform_action(d, "return_result", w.reception, at=when)

    def standard(d, accepted, decided, signed=False):
        accept(d, accepted)
        assign(d, accepted)
        approve(d, decided, signed)

    # A: carried over from February, resolved on the due day before the due time (on time).
    p.A = new(at(2026, 2, 25, 9))
    standard(p.A, at(2026, 2, 25, 10), at(2026, 3, 2, 9))  # due 02/03 10:00
    # B: carried over, still open at the end of March: overdue since 03/03 10:00.
    p.B = new(at(2026, 2, 26, 9))
    accept(p.B, at(2026, 2, 26, 10))
    # C: counter, resolved early with a signed electronic result.
    p.C = new(at(2026, 3, 2, 9))
    standard(p.C, at(2026, 3, 2, 10), at(2026, 3, 3, 10), signed=True)
    # D: online on the end-to-end procedure, resolved late (06/03, due 05/03 10:00).
    p.D = new(at(2026, 3, 2, 9), channel="online", version=p.e2e_version)
    standard(p.D, at(2026, 3, 2, 10), at(2026, 3, 6, 10))
    # E: from the national portal, inter-agency (sequential) through Sở Xây dựng, signed result
    # on time (05/03 09:00): counted once, at Sở Tư pháp which received it.
    p.E = new(at(2026, 3, 2, 9), channel="national_portal")
    Dossier.objects.filter(pk=p.E.pk).update(
        process_version=active_version("interagency_sequential")
    )
    accept(p.E, at(2026, 3, 2, 10))
    assign(p.E, at(2026, 3, 2, 10))
    perform_action(p.E, "propose", w.specialist, at=at(2026, 3, 3, 9))
    perform_action(
        p.E,
        "transfer",
        w.leader,
        data={"to_agency": w.construction.identifier},
        at=at(2026, 3, 3, 10),
    )
    perform_action(p.E, "propose", w.other_specialist, at=at(2026, 3, 4, 9))
    result(p.E, signed=True)
    perform_action(p.E, "approve", w.other_leader, at=at(2026, 3, 5, 9))
    perform_action(p.E, "return_result", w.reception, at=at(2026, 3, 5, 10))
    # F: by post; supplement requested during appraisal on 03/03: the clock waits at month end.
    p.F = new(at(2026, 3, 2, 9), channel="post")
    accept(p.F, at(2026, 3, 2, 10))
    assign(p.F, at(2026, 3, 2, 10))
    perform_action(
        p.F, "request_supplement", w.specialist, note="Thiếu xác nhận", at=at(2026, 3, 3, 10)
    )
    # G: extended once (apology, form 04) on 03/03 to 10/04: open, within the new deadline.
    p.G = new(at(2026, 3, 2, 9))
    accept(p.G, at(2026, 3, 2, 10))
    assign(p.G, at(2026, 3, 2, 10))
    perform_action(
        p.G,
        "apologize",
        w.specialist,
        note="Chờ xác minh",
        data={"new_due": "2026-04-10T10:00+07:00"},
        at=at(2026, 3, 3, 9),
    )
    # H: accepted, then withdrawn by the applicant on 04/03.
    p.H = new(at(2026, 3, 2, 9))
    accept(p.H, at(2026, 3, 2, 10))
    perform_action(p.H, "withdraw", w.reception, note="Công dân rút hồ sơ", at=at(2026, 3, 4, 9))
    # I: refused at reception (form 03) on 02/03.
    p.I = new(at(2026, 3, 2, 9))
    perform_action(p.I, "refuse", w.reception, note="Không thuộc thẩm quyền", at=at(2026, 3, 2, 11))
    # J: incomplete: supplement requested at reception (form 02) on 03/03, withdrawn 05/03.
    p.J = new(at(2026, 3, 2, 9), complete=False)
    perform_action(p.J, "request_supplement", w.reception, note="Bổ sung", at=at(2026, 3, 3, 9))
    perform_action(p.J, "withdraw", w.reception, note="Không bổ sung", at=at(2026, 3, 5, 9))
    # K: received and resolved in February: not in March at all.
    p.K = new(at(2026, 2, 2, 9))
    standard(p.K, at(2026, 2, 2, 10), at(2026, 2, 4, 10))
    # L: received in April: not in March.
    p.L = new(at(2026, 4, 1, 8))
    accept(p.L, at(2026, 4, 1, 9))
    # M: received 30/03 (due 02/04 10:00), open at the end of March: within the deadline.
    p.M = new(at(2026, 3, 30, 9))
    accept(p.M, at(2026, 3, 30, 10))
    # N: refused after appraisal with reasons on 03/03: a resolved dossier (early).
    p.N = new(at(2026, 3, 2, 9))
    accept(p.N, at(2026, 3, 2, 10))
    assign(p.N, at(2026, 3, 2, 10))
    result(p.N)
    perform_action(p.N, "propose", w.specialist, at=at(2026, 3, 3, 9))
    perform_action(p.N, "submit_for_signature", w.head, at=at(2026, 3, 3, 10))
    perform_action(
        p.N, "refuse_after_appraisal", w.leader, note="Không đủ điều kiện", at=at(2026, 3, 3, 14)
    )
    # O: received at Sở Xây dựng, processing stopped on 04/03.
    p.O = new(at(2026, 3, 2, 9), agency=w.construction, actor=w.other_reception)
    accept(p.O, at(2026, 3, 2, 10), actor=w.other_reception)
    assign(p.O, at(2026, 3, 2, 10), head=w.other_head, specialist=w.other_specialist)
    perform_action(p.O, "stop_processing", w.other_head, note="Theo đề nghị", at=at(2026, 3, 4, 9))
    # P: received at the commune on 31/03, open within its deadline (level "cấp xã").
    p.P = new(at(2026, 3, 31, 9), agency=p.commune, actor=p.commune_reception)
    accept(p.P, at(2026, 3, 31, 10), actor=p.commune_reception)
    for letter in "ABCDEFGHIJKLMNOP":
        getattr(p, letter).refresh_from_db()
    return p
