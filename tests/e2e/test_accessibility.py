"""Quality: the main pages pass axe-core's WCAG 2.2 AA checks (issue 6 item 7) with no
"serious" or "critical" violation — public pages, sign-in, and a signed-in citizen's dossiers,
including a decided dossier with its satisfaction rating form, their document store and the
pages of a long e-form; at desktop and 360 px widths.

axe-core is vendored for the tests only (tests/e2e/vendor, MPL-2.0, see axe-core.LICENSE).
"""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureOffering, ProcedureVersion
from motcua.demo.loader import load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantData, receive_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "Kiem-tra-tiep-can-2026"
RULESETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = [(1280, 900), (360, 780)]
PUBLIC_PAGES = [
    "/",
    "/thu-tuc/?q=dang+ky+khai+sinh",
    "/thu-tuc/1.001193/",
    "/tra-cuu/",
    "/dang-nhap/",
    "/lich-lam-viec/2026/",
]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MOTCUA_HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    citizen = User.objects.get(username="congdan")
    citizen.set_password(PASSWORD)
    citizen.save()
    version = (
        ProcedureVersion.objects.filter(procedure__code="1.001193").order_by("-number").first()
    )
    dossier = receive_dossier(
        agency=ProcedureOffering.objects.filter(procedure=version.procedure).first().agency,
        procedure_version=version,
        channel="online",
        applicant=ApplicantData(
            name="Nguyễn Văn An",
            id_number="022090001234",
            phone="0912345678",
            address="Phường Hạ Long",
        ),
        actor=citizen,
        applicant_user=citizen,
        present_documents=[],
    )
    # A document with its file: the document store lists it, the submission offers its reuse.
    stored = dossier.documents.first()
    stored.file.save("giay-chung-sinh.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    # Decided and returned: its page shows the timeline and the satisfaction rating form.
    Dossier.objects.filter(pk=dossier.pk).update(
        completed_at=dossier.submitted_at,
        returned_at=dossier.submitted_at,
        outcome=Dossier.Outcome.APPROVED,
    )
    return dossier


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        RULESETS,
    )
    width = page.viewport_size["width"]
    return [
        f"{page.url} at {width}px: [{violation['impact']}] {violation['id']} — {violation['help']} "
        f"({violation['helpUrl']})\n"
        + "\n".join(
            f"    {' '.join(node['target'])}: {node['html'][:160]}" for node in violation["nodes"]
        )
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_main_pages_have_no_serious_accessibility_violation(live_server, page, demo):
    found = []
    page.goto(live_server.url + "/dang-nhap/?next=/ho-so-cua-toi/")
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill("congdan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url("**/ho-so-cua-toi/")
    assert demo.code in page.content()
    documents_page = "/nop-ho-so/1.001193/buoc-4/"  # offers the stored document for reuse
    signed_in = [
        "/nop-ho-so/1.001193/buoc-2/",  # a page of a long e-form
        documents_page,
        "/kho-tai-lieu/",  # the document store
        "/ho-so-cua-toi/",
        f"/ho-so-cua-toi/{demo.code}/",
    ]

    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        for path in signed_in:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            found += serious_violations(page)
            if path == documents_page:
                assert "Dùng tài liệu đã nộp" in page.content()
        assert "Gửi đánh giá" in page.content()  # the rating form was checked too

    anonymous = page.context.browser.new_context(locale="vi-VN")
    try:
        public = anonymous.new_page()
        for width, height in VIEWPORTS:
            public.set_viewport_size({"width": width, "height": height})
            for path in PUBLIC_PAGES:
                response = public.goto(live_server.url + path)
                assert response.status == 200, path
                found += serious_violations(public)
    finally:
        anonymous.close()

    assert not found, "axe-core found serious violations:\n" + "\n".join(found)
