"""Templates: seeded for every event and channel, rendered on sample data, versioned on edit,
previewed in the admin."""

import pytest

from motcua.accounts.models import User
from motcua.notifications import services
from motcua.notifications.events import EVENTS, get_event
from motcua.notifications.models import MessageTemplate
from motcua.notifications.rendering import render
from motcua.notifications.sms_text import measure

ACCOUNT_EVENTS = {"password_changed", "contact_changed"}


def test_every_event_has_a_current_template_on_every_channel(db):
    current = set(MessageTemplate.objects.filter(is_current=True).values_list("event", "channel"))
    assert current == {(e.code, c) for e in EVENTS for c in ("zalo", "sms", "email")}


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.code)
def test_default_templates_render_on_sample_data_and_sms_fits_one_gsm7_part(db, event):
    context = event.sample_context()
    for template in MessageTemplate.objects.filter(event=event.code, is_current=True):
        message = render(template, context)
        text = message.body + message.subject
        if event.code in ACCOUNT_EVENTS:  # about the account, not a dossier
            assert "tài khoản" in text.lower() or "tai khoan" in text.lower()
        else:
            assert "000.00.12.H49-261103-0007" in text
        assert "{{" not in message.body and "{%" not in message.body
        if template.channel == "sms":
            length = measure(message.body)
            assert (length.encoding, length.segments) == ("GSM-7", 1), message.body
        if template.channel == "zalo":
            assert set(message.template_data) == set(template.param_names)
            assert all(message.template_data.values())


def test_dates_and_money_are_written_the_vietnamese_way(db):
    template = MessageTemplate.objects.get(event="payment_requested", channel="zalo")
    data = render(template, get_event("payment_requested").sample_context()).template_data
    assert data["amount"] == "50.000"
    template = MessageTemplate.objects.get(event="dossier_received", channel="zalo")
    data = render(template, get_event("dossier_received").sample_context()).template_data
    assert data["due_at"] == "16:00 10/11/2026"


def test_editing_a_template_keeps_the_old_version(db):
    first = MessageTemplate.objects.get(event="dossier_refused", channel="sms", is_current=True)
    first.body = "Hồ sơ {{ dossier_code }} bị từ chối: {{ reason }}"
    second = services.save_template_version(first, change_note="Ngắn hơn")

    assert second.version == first.version + 1
    assert second.is_current
    old = MessageTemplate.objects.get(pk=first.pk)
    assert not old.is_current
    assert old.body.startswith("Hồ sơ {{ dossier_code }} không được tiếp nhận")


def test_templates_cannot_reach_files_or_extra_tags(db):
    template = MessageTemplate.objects.get(event="dossier_refused", channel="email")
    template.body = "{% load static %}x"
    with pytest.raises(Exception, match="not a registered tag library"):
        render(template, {})


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau")
    client.force_login(admin)
    return client


def test_the_admin_previews_a_template_with_its_sms_length(admin_client):
    template = MessageTemplate.objects.get(event="dossier_received", channel="sms")
    response = admin_client.get(f"/quan-tri/notifications/messagetemplate/{template.pk}/change/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ho so 000.00.12.H49-261103-0007 da duoc tiep nhan." in page
    assert "1 tin, GSM-7" in page
    assert "{{ due_at }}" in page  # the list of variables


def test_saving_in_the_admin_makes_a_new_version(admin_client):
    template = MessageTemplate.objects.get(event="dossier_received", channel="email")
    response = admin_client.post(
        f"/quan-tri/notifications/messagetemplate/{template.pk}/change/",
        {
            "subject": "Đã tiếp nhận hồ sơ {{ dossier_code }}",
            "body": template.body,
            "provider_template_id": "",
            "provider_params": "",
            "change_note": "Đổi tiêu đề",
        },
    )
    assert response.status_code == 302
    versions = MessageTemplate.objects.filter(event="dossier_received", channel="email")
    assert list(versions.values_list("version", "is_current")) == [(2, True), (1, False)]
    assert versions.get(version=2).created_by.username == "quantri"


def test_the_admin_lists_failures_and_retries_them(admin_client, settings):
    citizen = User.objects.create_user("khongso", full_name="Lê Văn C")  # no phone, no email
    notification = services.notify(
        "dossier_received",
        recipient=citizen,
        context=get_event("dossier_received").sample_context(),
    )
    assert notification.status == "failed"
    page = admin_client.get("/quan-tri/notifications/failednotification/").content.decode()
    assert "Không gửi được qua kênh nào" in page
    response = admin_client.post(
        "/quan-tri/notifications/failednotification/",
        {"action": "retry", "_selected_action": [notification.pk]},
        follow=True,
    )
    assert "không ở trạng thái thất bại (hoặc không có kênh nào)" in response.content.decode()
