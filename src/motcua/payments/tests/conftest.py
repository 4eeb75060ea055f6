"""Fixtures of the payment tests: the dossier world with fees, a dossier of the citizen, and the
VNPay sandbox served over real HTTP by the live server with the adapter pointed at it."""

from __future__ import annotations

import copy
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from motcua.catalog.models import FeeItem
from motcua.dossiers.services import ApplicantData, receive_dossier
from motcua.dossiers.tests.conftest import at, world  # noqa: F401 - the shared fixture
from motcua.payments.models import FeeRule
from motcua.sandbox.vnpay import gateway as sandbox

FEE = 200_000
COPY_FEE = 5_000


@pytest.fixture
def fees(world):  # noqa: F811
    """Lệ phí 200.000 đ, and 5.000 đ for each copy after the first two (e-form ``so_ban``)."""
    FeeItem.objects.create(
        version=world.version, name="Lệ phí cấp Phiếu lý lịch tư pháp", amount_vnd=FEE
    )
    FeeRule.objects.create(
        version=world.version,
        name="Phí cấp thêm bản",
        kind=FeeRule.Kind.PER_COPY,
        amount_vnd=COPY_FEE,
        form_field="so_ban",
        free_quantity=2,
    )
    return world


@pytest.fixture
def citizen_dossier(fees):
    """A dossier the citizen submitted online, asking for 3 copies: 205.000 đ."""
    fees.citizen.set_password("mat-khau-thu-nghiem")
    fees.citizen.save()
    return receive_dossier(
        agency=fees.justice,
        procedure_version=fees.version,
        channel="online",
        applicant=ApplicantData(name="Nguyễn Văn An", phone="0912345678"),
        actor=fees.citizen,
        applicant_user=fees.citizen,
        present_documents=[fees.form.pk, fees.id_card.pk],
        form_data={"so_ban": 3},
        at=at(2026, 3, 2),
    )


@pytest.fixture
def vnpay_sandbox(settings, live_server, transactional_db):
    """The adapter talks to the sandbox on the live server, which calls back our IPN there."""
    conf = copy.deepcopy(settings.MOTCUA_PAYMENTS)
    conf["VNPAY"]["URL"] = live_server.url + "/sandbox/vnpay/paymentv2/vpcpay.html"
    conf["VNPAY"]["API_URL"] = live_server.url + "/sandbox/vnpay/merchant_webapi/api/transaction"
    settings.MOTCUA_PAYMENTS = conf
    settings.MOTCUA_PUBLIC_URL = live_server.url
    sandbox.reset()
    return live_server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def pay_on_sandbox(redirect_url: str, *, otp: str = "123456", cancel: bool = False) -> str:
    """Pay on the sandbox's page over HTTP as a person would (test card, then OTP); returns
    the return URL the gateway sends the browser back to."""
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(redirect_url, timeout=20) as response:
        page = response.read().decode()
    fields = {
        "txn": re.search(r'name="txn" value="(\d+)"', page).group(1),
        "t": re.search(r'name="t" value="(\w+)"', page).group(1),
        "bank": "NCB",
        "number": "9704198526191432198",
        "holder": "NGUYEN VAN A",
        "issued": "07/15",
    }
    post_url = redirect_url.split("?")[0]

    def post(data):
        body = urllib.parse.urlencode(data).encode()
        try:
            request = urllib.request.Request(post_url, data=body)  # noqa: S310 - live server
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location"), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location"), error.read()

    if cancel:
        return post({**fields, "cancel": "1"})[1]
    status, _location, _ = post({**fields, "step": "card"})
    assert status == 200
    status, location, _ = post({**fields, "step": "otp", "otp": otp})
    assert status == 302, status
    return location
