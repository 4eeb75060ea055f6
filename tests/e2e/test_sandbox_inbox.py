"""Journey: a dossier event is told by SMS; the sandbox inbox shows the SMS as the phone would,
its delivery receipt goes back to the portal, and the citizen's notification centre says the
message arrived."""

import re

import pytest
from playwright.sync_api import expect

from motcua.notifications import services
from motcua.notifications.events import get_event
from motcua.notifications.models import ChannelPreference
from motcua.notifications.tests.conftest import outbox, run_jobs  # noqa: F401 - fixtures
from motcua.notifications.tests.factories import UserFactory

pytestmark = pytest.mark.browser

SMS_TEXT = "Ho so 000.00.12.H49-261103-0007 da duoc tiep nhan. Hen tra ket qua ngay 10/11/2026."


@pytest.fixture
def citizen(outbox):  # noqa: F811 - the fixture imported above
    user = UserFactory(username="congdan-sms", full_name="Nguyễn Văn An", phone="0912345678")
    user.set_password("mat-khau-thu-nghiem")
    user.save()
    ChannelPreference.objects.create(user=user, use_zalo=False, use_sms=True, use_email=True)
    return user


def test_the_sandbox_inbox_shows_a_received_sms_and_sends_its_receipt(
    outbox,  # noqa: F811
    run_jobs,  # noqa: F811
    citizen,
    page,
    artifacts_dir,
):
    context = get_event("dossier_received").sample_context()
    context.pop("recipient_name")
    services.notify("dossier_received", recipient=citizen, context=context)
    run_jobs()

    page.goto(outbox.url + "/sandbox/hop-thu/")
    expect(page).to_have_title(re.compile("^Hộp thư thử nghiệm"))
    message = page.get_by_role("listitem").filter(has_text="Đến 0912345678")
    expect(message).to_contain_text(SMS_TEXT)
    expect(message).to_contain_text("Từ MOTCUA")
    page.screenshot(path=str(artifacts_dir / "sandbox-inbox-sms.png"), full_page=True)

    message.get_by_role("button", name="Báo đã nhận").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi báo nhận")
    expect(message).to_contain_text("Đã báo: người nhận đã nhận")

    page.goto(outbox.url + "/dang-nhap/?next=/thong-bao/")
    page.get_by_label("Tên đăng nhập").fill("congdan-sms")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_title(re.compile("^Thông báo của tôi"))
    notice = page.get_by_role("listitem").filter(has_text="Hồ sơ 000.00.12.H49-261103-0007")
    expect(notice).to_contain_text("Đã nhận")
    expect(notice).to_contain_text("Người nhận đã nhận tin qua SMS lúc")
    page.screenshot(path=str(artifacts_dir / "notification-centre.png"), full_page=True)


def test_the_sandbox_inbox_fits_a_360_pixel_phone(outbox, run_jobs, citizen, browser):  # noqa: F811
    services.notify(
        "supplement_requested",
        recipient=citizen,
        context=get_event("supplement_requested").sample_context(),
    )
    run_jobs()
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 780})
    phone = context.new_page()
    phone.goto(outbox.url + "/sandbox/hop-thu/")
    expect(phone.get_by_text("Đến 0912345678")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the inbox scrolls sideways on a phone ({width}px)"
    context.close()
