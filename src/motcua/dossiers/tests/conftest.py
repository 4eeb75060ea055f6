"""A small world for dossier tests: a procedure offered by a department with the standard
process, staff with each role, citizens, and a second agency for permission and liên thông."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from motcua.accounts.models import User
from motcua.accounts.roles import StaffRole, group_name
from motcua.catalog.models import (
    AdministrativeUnit,
    Agency,
    ChannelOption,
    Procedure,
    ProcedureOffering,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.dossiers.services import ApplicantData, receive_dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VN)


class World:
    pass


def make_user(username, agency, role=None, kind=User.Kind.STAFF):
    user = User.objects.create_user(
        username=username, password="x", full_name=username.title(), kind=kind, agency=agency
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=group_name(role))[0])
    return user


@pytest.fixture
def world(db):
    w = World()
    province = AdministrativeUnit.objects.create(code="22", name="Tỉnh Quảng Ninh", level=1)
    w.justice = Agency.objects.create(
        identifier="000.00.07.H49",
        name="Sở Tư pháp tỉnh Quảng Ninh",
        administrative_unit=province,
        address="Phường Hồng Gai",
    )
    w.construction = Agency.objects.create(
        identifier="000.00.10.H49", name="Sở Xây dựng", administrative_unit=province
    )
    procedure = Procedure.objects.create(code="1.001193", name="Cấp Phiếu lý lịch tư pháp")
    w.version = ProcedureVersion.objects.create(procedure=procedure, number=1)
    ChannelOption.objects.create(
        version=w.version, channel="counter", processing_time=Decimal(3), time_unit="working_day"
    )
    w.form = RequiredDocument.objects.create(
        version=w.version, position=1, name="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"
    )
    w.id_card = RequiredDocument.objects.create(
        version=w.version, position=2, name="Căn cước", form="copy"
    )
    w.optional = RequiredDocument.objects.create(
        version=w.version, position=3, name="Giấy ủy quyền", requirement="conditional"
    )
    for agency in (w.justice, w.construction):
        ProcedureOffering.objects.create(
            procedure=procedure, agency=agency, process_code="standard"
        )
    w.reception = make_user("tiepnhan", w.justice, StaffRole.RECEPTION_OFFICER)
    w.head = make_user("truongphong", w.justice, StaffRole.DEPARTMENT_HEAD)
    w.specialist = make_user("chuyenvien", w.justice, StaffRole.SPECIALIST)
    w.leader = make_user("lanhdao", w.justice, StaffRole.AGENCY_LEADER)
    w.other_reception = make_user("xd.tiepnhan", w.construction, StaffRole.RECEPTION_OFFICER)
    w.other_specialist = make_user("xd.chuyenvien", w.construction, StaffRole.SPECIALIST)
    w.other_head = make_user("xd.truongphong", w.construction, StaffRole.DEPARTMENT_HEAD)
    w.other_leader = make_user("xd.lanhdao", w.construction, StaffRole.AGENCY_LEADER)
    w.citizen = make_user("congdan", None, kind=User.Kind.CITIZEN)
    w.other_citizen = make_user("congdan2", None, kind=User.Kind.CITIZEN)

    def receive(when=None, complete=True, applicant_user=None, agency=None):
        present = [w.form.pk, w.id_card.pk] if complete else [w.form.pk]
        return receive_dossier(
            agency=agency or w.justice,
            procedure_version=w.version,
            channel="counter",
            applicant=ApplicantData(
                name="Nguyễn Văn An",
                id_number="022090001234",
                phone="0912345678",
                address="Phường Hạ Long",
            ),
            actor=w.reception if applicant_user is None else applicant_user,
            applicant_user=applicant_user,
            present_documents=present,
            at=when or at(2026, 3, 2),
        )

    w.receive = receive
    return w
