"""What a dossier owes and the payment request the process asks for: fee sources, copies and
options, the deadline in working days, idempotency, and the PayGov adapter's honest refusal."""

from __future__ import annotations

import pytest

from motcua.catalog.models import ChannelOption, FeeItem
from motcua.payments import fees, selectors, services
from motcua.payments.base import NotConfigured
from motcua.payments.models import FeeRule, PaymentRequest
from motcua.payments.registry import registry
from motcua.payments.tests.conftest import COPY_FEE, FEE, at


def test_the_channel_fee_is_used_when_the_catalog_names_no_fee(world):
    ChannelOption.objects.filter(version=world.version).update(fee_vnd=100_000)
    dossier = world.receive()
    assert [(line.name, line.amount_vnd) for line in fees.fee_lines(dossier)] == [
        ("Phí, lệ phí (trực tiếp)", 100_000)
    ]


def test_named_fees_replace_the_channel_fee_and_follow_the_channel(world):
    ChannelOption.objects.filter(version=world.version).update(fee_vnd=100_000)
    FeeItem.objects.create(version=world.version, name="Lệ phí", amount_vnd=200_000)
    FeeItem.objects.create(
        version=world.version, name="Phí trực tuyến", amount_vnd=1, channel="online"
    )
    dossier = world.receive()
    assert fees.amount_due(dossier) == 200_000


def test_copies_sets_and_options_from_the_form_add_to_the_fee(fees_world):
    dossier = fees_world.receive()
    dossier.sets = 2
    dossier.form_data = {"so_ban": "4", "giao_nhanh": True, "loai": "khan"}
    assert [(line.name, line.quantity, line.amount_vnd) for line in fees.fee_lines(dossier)] == [
        ("Lệ phí cấp Phiếu lý lịch tư pháp", 1, FEE),
        ("Phí cấp thêm bản", 2, 2 * COPY_FEE),
        ("Phí mỗi bộ hồ sơ", 2, 2 * 1_000),
        ("Phí giao nhanh", 1, 30_000),
        ("Phí làm khẩn", 1, 50_000),
    ]
    dossier.form_data = {"so_ban": "không rõ", "giao_nhanh": False, "loai": "thuong"}
    dossier.sets = 1
    assert fees.amount_due(dossier) == FEE + 1_000


@pytest.fixture
def fees_world(fees):
    FeeRule.objects.create(
        version=fees.version, name="Phí mỗi bộ hồ sơ", kind=FeeRule.Kind.PER_SET, amount_vnd=1_000
    )
    FeeRule.objects.create(
        version=fees.version,
        name="Phí giao nhanh",
        kind=FeeRule.Kind.OPTION,
        amount_vnd=30_000,
        form_field="giao_nhanh",
    )
    FeeRule.objects.create(
        version=fees.version,
        name="Phí làm khẩn",
        kind=FeeRule.Kind.OPTION,
        amount_vnd=50_000,
        form_field="loai",
        form_value="khan",
    )
    return fees


def test_a_payment_request_is_due_three_working_days_later_and_logged(fees):
    dossier = fees.receive(applicant_user=fees.citizen)
    friday = at(2026, 3, 6, 10, 0)
    request = services.request_payment(dossier, fees.reception, at=friday)
    assert request.amount_vnd == FEE
    assert request.due_at == at(2026, 3, 11, 10, 0)  # Mon, Tue, Wed
    event = dossier.events.get(action="payment_requested")
    assert event.payload == {"payment_request": request.pk, "amount_vnd": FEE}
    assert services.request_payment(dossier, fees.reception) == request  # a replayed job
    assert PaymentRequest.objects.filter(dossier=dossier).count() == 1
    assert not selectors.fees_settled(dossier)


def test_a_procedure_without_fees_needs_no_request_and_is_settled(world):
    dossier = world.receive()
    assert services.request_payment(dossier, world.reception) is None
    assert selectors.fees_settled(dossier)
    assert selectors.payment_state(dossier).label == "Không có yêu cầu nộp phí"


def test_paygov_says_it_is_not_configured_until_its_specification_arrives(fees):
    request = services.request_payment(fees.receive(applicant_user=fees.citizen))
    with pytest.raises(NotConfigured, match="specification pending"):
        services.start_payment(request, "paygov")
    assert not registry["paygov"].is_configured(fees.justice)
    assert request.payments.count() == 0


def test_the_registry_refuses_two_gateways_under_one_name():
    from motcua.payments.contrib.vnpay.plugin import VNPayGateway
    from motcua.payments.registry import DuplicateGateway

    with pytest.raises(DuplicateGateway):
        registry("vnpay")(VNPayGateway)
