"""The citizen's notification centre and channel preferences: login required, own data only."""

import pytest
from django.urls import reverse

from motcua.notifications import services
from motcua.notifications.events import get_event
from motcua.notifications.models import ChannelPreference, Notification
from motcua.notifications.tests.factories import UserFactory


def tell(user, event="dossier_received"):
    return services.notify(event, recipient=user, context=get_event(event).sample_context())


@pytest.mark.parametrize("name", ["notifications:centre", "notifications:preferences"])
def test_pages_require_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_citizen_sees_only_their_own_notifications(client, db):
    mine, theirs = UserFactory(), UserFactory()
    tell(mine, "supplement_requested")
    other = tell(theirs, "dossier_refused")
    client.force_login(mine)

    page = client.get(reverse("notifications:centre")).content.decode()
    assert "Hồ sơ 000.00.12.H49-261103-0007 cần bổ sung" in page
    assert "không được tiếp nhận" not in page
    assert "<title>Thông báo của tôi |" in page
    detail = client.get(reverse("notifications:detail", args=[other.public_id]))
    assert detail.status_code == 404


def test_opening_a_notification_marks_it_read(client, db):
    citizen = UserFactory()
    notification = tell(citizen)
    client.force_login(citizen)
    response = client.get(reverse("notifications:detail", args=[notification.public_id]))
    assert response.status_code == 200
    assert "Đang chờ gửi qua Zalo." in response.content.decode()
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_a_citizen_chooses_channels_but_must_keep_one(client, db):
    citizen = UserFactory(phone="0987654321")
    client.force_login(citizen)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Gửi đến 0987654321" in page

    response = client.post(reverse("notifications:preferences"), {})
    assert "Hãy chọn ít nhất một kênh" in response.content.decode()
    assert not ChannelPreference.objects.exists()

    client.post(reverse("notifications:preferences"), {"use_email": "on"})
    preference = ChannelPreference.objects.get(user=citizen)
    assert (preference.use_zalo, preference.use_sms, preference.use_email) == (False, False, True)
    assert tell(citizen).channel_plan == ["email"]


def test_a_person_with_nothing_to_reach_is_told_in_the_centre_why(db):
    citizen = UserFactory(phone="", email="")
    notification = tell(citizen)
    assert notification.status == "failed"
    assert notification.status_reason == (
        "Không gửi được qua kênh nào. Zalo: Người nhận chưa có số điện thoại; "
        "SMS: Người nhận chưa có số điện thoại; "
        "Thư điện tử: Người nhận chưa có địa chỉ thư điện tử."
    )
