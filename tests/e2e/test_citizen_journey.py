"""The citizen's whole online journey, in a real browser (issue 6, "Show it with").

A citizen signs up by email (the code read in the sandbox mailbox), searches "dang ky khai sinh"
without diacritics, opens birth registration and fills the tờ khai one topic per page (a page
with an error is refused alone, with its summary), leaves on the third page and resumes the
draft later with nothing lost, attaches the documents (one as a Word DOCX) and submits after
the review. The ward's counter officer asks, in the back office, for a missing document; the
citizen sees exactly what is asked and supplements it; the officer accepts. The later steps
(assignment, appraisal with the result, review, approval with the digital signature, return)
are driven through the service functions: their pages are covered by test_counter_to_return.
The citizen downloads the signed result, rates the dossier and finds the documents in their
store. Screenshots of a form page, the review page and the tracking page at 1280 and 360 px.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect
from weasyprint import HTML

from motcua.accounts.models import User
from motcua.accounts.roles import StaffRole, group_name
from motcua.backoffice.services import take_action
from motcua.catalog.models import Agency
from motcua.core.tests.test_uploads import docx
from motcua.core.uploads import check_upload
from motcua.demo.loader import HA_LONG_WARD, load_demo
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import perform_action, verify_chain
from motcua.dossiers.tasks import process_event_followups
from motcua.portal.models import SatisfactionRating
from motcua.portal.submission import open_procedure, uploadable_documents
from motcua.signing import democa
from motcua.signing.models import SignerProfile
from motcua.signing.services import register_signer
from tests.e2e.test_counter_to_return import DESKTOP, PHONE, media, open_as, take  # noqa: F401
from tests.e2e.test_submit_online import no_sideways_scroll

pytestmark = pytest.mark.browser

EMAIL = "hoa.tran@example.vn"
PASSWORD = "Khai-sinh-truc-tuyen-2026"
PROCEDURE = "1.001193"


def staff(agency, username, full_name, role):
    user = User.objects.create_user(
        username=username, full_name=full_name, kind=User.Kind.STAFF, agency=agency, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name(role)))
    return user


@pytest.fixture
def ward(transactional_db, settings, tmp_path, media):  # noqa: F811
    """The demo, with the ward's own team behind its counter officer; its chairman holds a
    certificate of the demo CA, so the result is signed for real."""
    settings.MOTCUA_HOME = tmp_path
    load_demo()
    agency = Agency.objects.get(identifier=HA_LONG_WARD)
    leader = staff(agency, "phuong.chutich", "Bùi Quang Vinh", StaffRole.AGENCY_LEADER)
    ca = democa.ensure_demo_ca(
        django_settings.MOTCUA_SIGNING_DEMO_CA_DIR,
        people=[democa.PersonSpec(leader.username, leader.full_name, "Chủ tịch", agency.name)],
        crl_url=django_settings.MOTCUA_SIGNING_DEMO_CA_CRL_URL,
    )
    register_signer(
        kind=SignerProfile.Kind.PERSON,
        agency=agency,
        user=leader,
        provider="pkcs12",
        key_location={"path": str(ca.people[leader.username])},
        display_name=leader.full_name,
        title="Chủ tịch",
        secret_name=democa.person_secret_name(leader.username),
    )
    return {
        "agency": agency,
        "desk": User.objects.get(username="phuong.tiepnhan"),
        "head": staff(agency, "phuong.truongphong", "Đặng Thị Yến", StaffRole.DEPARTMENT_HEAD),
        "specialist": staff(agency, "phuong.tuphap", "Lý Văn Sơn", StaffRole.SPECIALIST),
        "leader": leader,
    }


def shoot(page, artifacts_dir, name):
    no_sideways_scroll(page)
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)


def on_phone(browser, page, url, artifacts_dir, name):
    """The same page, same session, on a 360 px phone."""
    phone = browser.new_context(locale="vi-VN", viewport=PHONE)
    try:
        phone.add_cookies(page.context.cookies())
        small = phone.new_page()
        small.goto(url)
        shoot(small, artifacts_dir, name)
    finally:
        phone.close()


def sign_up(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đăng ký"
    ).click()
    page.get_by_label("Công dân").check()
    page.get_by_label("Họ và tên").fill("Trần Thị Hoa")
    page.get_by_label("Thư điện tử hoặc số điện thoại di động").fill(EMAIL)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký và nhận mã xác minh").click()
    expect(page).to_have_title(re.compile(r"^Xác minh tài khoản \|"))
    inbox = page.context.new_page()
    inbox.goto(live_server.url + "/sandbox/hop-thu/")
    mail = inbox.get_by_role("listitem").filter(has_text=f"Đến {EMAIL}")
    code = re.search(r"là: (\d{6})", mail.inner_text()).group(1)
    inbox.close()
    page.get_by_label("Mã xác minh").fill(code)
    page.get_by_role("button", name="Xác minh").click()
    expect(page).to_have_title(re.compile(r"^Tài khoản của tôi \|"))


def test_a_citizen_registers_a_birth_online_from_sign_up_to_rating(
    live_server,
    browser,
    ward,
    open_as,  # noqa: F811
    artifacts_dir,
):
    opened = open_procedure(PROCEDURE)
    documents = uploadable_documents(opened.version)
    mandatory = [d for d in documents if d.requirement == "mandatory"]
    optional = next(d for d in documents if d.requirement != "mandatory")
    missing_note = f"Vui lòng nộp bổ sung: {optional.name}"
    pdf = HTML(string="<p>Giấy chứng sinh (bản chụp)</p>").write_pdf()
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        sign_up(page, live_server)

        # --- finds the procedure, without diacritics ------------------------------------------
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name="Thủ tục hành chính"
        ).click()
        page.get_by_label("Tìm thủ tục").fill("dang ky khai sinh")
        page.get_by_role("button", name="Tìm kiếm").click()
        results = page.locator(".procedure-item")
        expect(results.first).to_contain_text("Thủ tục đăng ký khai sinh")
        results.first.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()

        # --- one topic per page ----------------------------------------------------------------
        steps = page.get_by_role("navigation", name="Các bước nộp hồ sơ")
        expect(steps).to_contain_text("Bước 1/5: Người yêu cầu")
        expect(page.get_by_label("Họ, chữ đệm, tên người yêu cầu")).to_have_value("Trần Thị Hoa")
        page.get_by_label("Mẹ", exact=True).check()
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Vui lòng nhập số định danh cá nhân người yêu cầu.")
        expect(summary).not_to_contain_text("của trẻ")  # only this page's fields
        expect(page.get_by_label("Mẹ", exact=True)).to_be_checked()
        page.get_by_label("Số định danh cá nhân người yêu cầu").fill("022192004321")
        page.get_by_label("Số điện thoại").fill("0987111222")
        page.get_by_role("button", name="Tiếp tục", exact=True).click()

        expect(steps).to_contain_text("Bước 2/5: Người được khai sinh")
        expect(steps.locator('[aria-current="step"]')).to_have_text("Người được khai sinh")
        page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh Khang")
        page.get_by_label("Nam", exact=True).check()
        page.get_by_label("Ngày, tháng, năm sinh").fill("2026-10-30")
        page.get_by_label("Nơi sinh").fill("Bệnh viện Sản Nhi Quảng Ninh")
        page.get_by_label("Dân tộc").fill("Kinh")
        page.get_by_label("Quốc tịch").fill("Việt Nam")
        expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu nháp")
        shoot(page, artifacts_dir, "journey-form-step-desktop")
        on_phone(browser, page, page.url, artifacts_dir, "journey-form-step-mobile")
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        expect(steps).to_contain_text("Bước 3/5: Cha, mẹ")
        page.get_by_label("Họ, chữ đệm, tên người mẹ").fill("Trần Thị Hoa")
        page.get_by_label("Họ, chữ đệm, tên người mẹ").press("Tab")
        expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu nháp")
    finally:
        context.close()  # leaves without a button: the autosave has kept the mother's name

    # --- comes back later, in a new browser session: the draft resumes ---------------------------
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(live_server.url + f"/thu-tuc/{PROCEDURE}/")
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
        page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill(EMAIL)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        steps = page.get_by_role("navigation", name="Các bước nộp hồ sơ")
        # Every required field is filled: it resumes at the documents; going back loses nothing.
        expect(steps).to_contain_text("Bước 4/5: Nơi nộp, giấy tờ và nhận kết quả")
        page.get_by_role("button", name="Quay lại").click()
        expect(steps).to_contain_text("Bước 3/5: Cha, mẹ")
        expect(page.get_by_label("Họ, chữ đệm, tên người mẹ")).to_have_value("Trần Thị Hoa")
        page.get_by_role("button", name="Quay lại").click()
        expect(page.get_by_label("Họ, chữ đệm, tên của trẻ")).to_have_value("Nguyễn Minh Khang")
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        page.get_by_label("Họ, chữ đệm, tên người cha").fill("Nguyễn Văn An")
        page.get_by_label("Số định danh cá nhân người mẹ").fill("022192004321")
        page.get_by_role("button", name="Tiếp tục", exact=True).click()

        # --- the documents page -----------------------------------------------------------------
        expect(steps).to_contain_text("Bước 4/5: Nơi nộp, giấy tờ và nhận kết quả")
        if len(opened.agencies) > 1:
            page.get_by_label("Ủy ban nhân dân Phường Hạ Long").check()
        for index, document in enumerate(mandatory):
            upload = (
                {"name": "to-khai-cam-ket.docx", "mimeType": "application/msword", "buffer": docx()}
                if index == 0
                else {
                    "name": f"giay-to-{document.pk}.pdf",
                    "mimeType": "application/pdf",
                    "buffer": pdf,
                }
            )
            page.locator(f"#giay-to-{document.pk}").set_input_files(upload)
        page.get_by_label("Nhận trực tuyến").check()
        page.get_by_role("button", name="Tiếp tục: xem lại hồ sơ").click()

        expect(page).to_have_title(re.compile(r"^Xem lại hồ sơ: Thủ tục đăng ký khai sinh \|"))
        main = page.get_by_role("main")
        expect(main).to_contain_text("Nguyễn Minh Khang")
        expect(main).to_contain_text("30/10/2026")
        expect(main).to_contain_text("to-khai-cam-ket.docx")
        expect(main.get_by_role("link", name=re.compile("^Sửa"))).to_have_count(6)
        shoot(page, artifacts_dir, "journey-review-desktop")
        on_phone(browser, page, page.url, artifacts_dir, "journey-review-mobile")
        page.get_by_role("button", name="Nộp hồ sơ").click()
        expect(page.locator(".badge--large")).to_have_text("Chờ tiếp nhận")
        dossier = Dossier.objects.get(applicant_user__username=EMAIL)
        code = dossier.code
        assert dossier.agency == ward["agency"]

        # --- the ward's counter officer asks for a document -----------------------------------
        desk = open_as(ward["desk"])
        desk.goto(live_server.url + f"/mot-cua/ho-so/{code}/")
        take(desk, "Yêu cầu bổ sung, hoàn thiện", **{"Nội dung, lý do (bắt buộc)": missing_note})

        page.reload()
        expect(page.locator(".badge--large")).to_have_text("Chờ công dân bổ sung hồ sơ")
        expect(page.get_by_role("main")).to_contain_text(missing_note)
        page.get_by_role("link", name="Nộp bổ sung").click()
        expect(page.get_by_role("region", name="Cơ quan yêu cầu bổ sung")).to_contain_text(
            missing_note
        )
        missing = dossier.documents.get(required_document=optional)
        expect(page.get_by_label(re.compile(re.escape(optional.name[:40])))).to_be_visible()
        page.locator(f"#giay-to-{missing.pk}").set_input_files(
            {"name": "giay-ket-hon.pdf", "mimeType": "application/pdf", "buffer": pdf}
        )
        page.get_by_role("button", name="Nộp bổ sung").click()
        expect(page.get_by_role("status").first).to_contain_text(f"Đã nộp bổ sung hồ sơ {code}")
        expect(page.locator(".badge--large")).to_have_text("Chờ tiếp nhận")

        # --- accepted at the counter, then through the process to a signed result ---------------
        desk.reload()
        take(desk, "Tiếp nhận hồ sơ")
        dossier.refresh_from_db()
        accepted = dossier.events.get(action="accept")
        process_event_followups(event_id=accepted.pk)  # the job: the receipt (form 01)
        perform_action(dossier, "assign", ward["head"], data={"assignee": ward["specialist"].pk})
        result = SimpleUploadedFile(
            "giay-khai-sinh.pdf",
            HTML(string="<p>Giấy khai sinh — Nguyễn Minh Khang</p>").write_pdf(),
        )
        take_action(
            dossier,
            "propose",
            ward["specialist"],
            result=check_upload(result),
            result_name="Giấy khai sinh (bản điện tử)",
        )
        perform_action(dossier, "submit_for_signature", ward["head"])
        approval = perform_action(dossier, "approve", ward["leader"])
        process_event_followups(event_id=approval.pk)  # the job: sign with the chairman's key
        perform_action(dossier, "return_result", ward["desk"])

        # --- the citizen downloads the signed result and rates ---------------------------------
        page.reload()
        expect(page.locator(".badge--large")).to_have_text("Đã trả kết quả")
        link = page.get_by_role("link", name="Kết quả: Giấy khai sinh (bản điện tử)")
        expect(page.locator(".file-list")).to_contain_text("đã ký số")
        receipt = page.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
        expect(receipt).to_be_visible()
        with page.expect_download() as download:
            link.click()
        signed = download.value.path().read_bytes()
        assert signed.startswith(b"%PDF-") and b"/ByteRange" in signed
        shoot(page, artifacts_dir, "journey-tracking-desktop")
        on_phone(browser, page, page.url, artifacts_dir, "journey-tracking-mobile")
        for criterion in (
            "Mức độ hài lòng chung",
            "Thái độ của cán bộ",
            "Thời gian giải quyết",
            "Công khai, minh bạch thông tin",
        ):
            page.get_by_role("group", name=criterion).get_by_label("5 — Rất hài lòng").check()
        page.get_by_role("button", name="Gửi đánh giá").click()
        expect(page.get_by_role("status").first).to_contain_text("Cảm ơn bạn đã đánh giá")

        # --- the documents wait in the citizen's store for the next dossier ---------------------
        page.get_by_role("navigation", name="Đường dẫn").get_by_role(
            "link", name="Hồ sơ của tôi"
        ).click()
        page.get_by_role("link", name="Kho tài liệu của tôi").click()
        store = page.get_by_role("main")
        expect(store).to_contain_text("Giấy khai sinh (bản điện tử)")
        expect(store).to_contain_text(code)
        shoot(page, artifacts_dir, "journey-document-store-desktop")
    finally:
        context.close()

    dossier.refresh_from_db()
    assert (dossier.step, dossier.outcome) == ("returned", "approved")
    assert dossier.form_data["child_name"] == "Nguyễn Minh Khang"
    assert dossier.form_data["mother_name"] == "Trần Thị Hoa"
    first = dossier.documents.get(required_document=mandatory[0])
    assert first.file.name.endswith(".docx")
    assert dossier.documents.get(kind=DossierDocument.Kind.RESULT).signed
    assert SatisfactionRating.objects.get(dossier=dossier).overall == 5
    assert verify_chain(dossier)
