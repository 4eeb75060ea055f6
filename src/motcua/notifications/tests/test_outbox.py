"""The outbox end to end in one process: notify, the real job worker, the real channel adapters
talking HTTP to the messaging sandbox on the live server, receipts through the webhooks."""

import json
import urllib.error
import urllib.request

import pytest
from django.db import transaction
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from motcua.notifications import selectors, services
from motcua.notifications.events import EVENTS, Audience, get_event
from motcua.notifications.models import ChannelPreference, Delivery, Notification, Status
from motcua.notifications.tests.factories import StaffFactory, UserFactory, approve_zns_templates
from motcua.sandbox.messaging import receipts, state
from tests.support import http_get

CITIZEN_EVENTS = [e for e in EVENTS if e.audience == Audience.CITIZEN]
STAFF_EVENTS = [e for e in EVENTS if e.audience == Audience.STAFF]


def notify_sample(event_code, recipient, **extra):
    context = {**get_event(event_code).sample_context(), **extra}
    del context["recipient_name"]  # the recipient's own name is used
    return services.notify(event_code, recipient=recipient, context=context, subject_ref="test:1")


@pytest.mark.parametrize("event", CITIZEN_EVENTS, ids=lambda e: e.code)
def test_each_citizen_event_reaches_zalo_with_its_own_template(outbox, run_jobs, event):
    approve_zns_templates()
    citizen = UserFactory()
    notification = notify_sample(event.code, citizen)
    run_jobs()

    [message] = state.messages("zalo")
    assert message.recipient == "84" + citizen.phone[1:]
    template = notification.rendered["zalo"]
    assert message.template_id == template["provider_template_id"] != ""
    assert message.template_data == template["template_data"]
    if event.code not in {"password_changed", "contact_changed"}:  # account events: no dossier
        assert message.template_data["dossier_code"] == "000.00.12.H49-261103-0007"
    assert message.template_data["recipient_name"] == citizen.full_name
    assert state.messages("sms").count() == state.messages("email").count() == 0
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.status_reason.startswith("Đã gửi qua Zalo lúc")


@pytest.mark.parametrize("event", STAFF_EVENTS, ids=lambda e: e.code)
def test_each_staff_event_reaches_email_with_its_subject(outbox, run_jobs, event):
    officer = StaffFactory()  # no phone: email is the only channel
    notification = notify_sample(event.code, officer)
    run_jobs()

    [message] = state.messages("email")
    assert message.recipient == f"{officer.full_name} <{officer.email}>"
    assert message.subject == notification.title
    assert "000.00.12.H49-261103-0007" in message.subject
    assert message.body.startswith(f"Kính gửi {officer.full_name},")
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.plan_notes == {
        "zalo": "Người nhận chưa có số điện thoại",
        "sms": "Người nhận chưa có số điện thoại",
    }


def test_sms_goes_without_diacritics_in_one_gsm7_part(outbox, run_jobs):
    citizen = UserFactory()
    ChannelPreference.objects.create(user=citizen, use_zalo=False, use_sms=True, use_email=False)
    notify_sample("dossier_received", citizen)
    run_jobs()

    [message] = state.messages("sms")
    assert message.recipient == citizen.phone
    assert message.sender == "MOTCUA"
    assert message.body == (
        "Ho so 000.00.12.H49-261103-0007 da duoc tiep nhan. Hen tra ket qua ngay 10/11/2026."
        " Tra cuu bang ma ho so tren Cong Dich vu cong."
    )


def test_an_sms_gateway_failing_three_times_then_working_delivers_exactly_once(outbox, run_jobs):
    citizen = UserFactory(email="")
    ChannelPreference.objects.create(user=citizen, use_zalo=False, use_sms=True, use_email=True)
    state.behave("sms", failure="temporary", times=3)

    notification = notify_sample("supplement_requested", citizen)
    run_jobs()

    assert state.messages("sms").count() == 1
    assert list(state.requests("sms").order_by("id").values_list("outcome", flat=True)) == [
        "temporary",
        "temporary",
        "temporary",
        "accepted",
    ]
    [delivery] = notification.deliveries.all()
    assert delivery.status == Status.SENT
    assert delivery.attempts == 4
    attempts = list(delivery.attempt_log.values_list("outcome", "reason"))
    assert attempts[0] == ("temporary", "Cổng SMS tạm thời không phản hồi")
    assert attempts[-1] == ("accepted", "SMS đã nhận tin.")


def test_a_temporary_failure_says_when_it_will_try_again(outbox, settings, run_jobs):
    settings.MOTCUA_NOTIFICATIONS["RETRY_DELAYS"] = [30, 120]
    citizen = UserFactory()
    ChannelPreference.objects.create(user=citizen, use_zalo=False, use_sms=True, use_email=False)
    state.behave("sms", failure="temporary")
    notification = notify_sample("dossier_received", citizen)
    delivery = notification.deliveries.get()

    run_jobs()  # the first try; the second waits 30 s
    delivery.refresh_from_db()
    assert delivery.status == Status.QUEUED
    assert delivery.reason.startswith(
        "Lần gửi thứ 1 qua SMS chưa thành công: Cổng SMS tạm thời không phản hồi. Sẽ thử lại lúc "
    )
    job = ProcrastinateJob.objects.filter(
        task_name="notifications.deliver", status="todo", args={"delivery_id": delivery.pk}
    ).get()
    assert job.scheduled_at == delivery.next_attempt_at

    services.attempt_delivery(delivery.pk, now=delivery.next_attempt_at)
    assert services.attempt_delivery(delivery.pk, now=Delivery.objects.get().next_attempt_at) == (
        "failed"
    )
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.reason == (
        "Đã thử 3 lần qua SMS không thành công. Lần cuối: Cổng SMS tạm thời không phản hồi."
    )
    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert notification.status_reason.startswith("Không gửi được qua kênh nào. SMS: Đã thử 3 lần")


def test_a_permanent_failure_falls_back_to_the_next_channel(outbox, run_jobs):
    approve_zns_templates()
    citizen = UserFactory()
    state.behave("zalo", failure="permanent")

    notification = notify_sample("deadline_extended", citizen)
    run_jobs()

    assert state.requests("zalo").count() == 1  # no retry: it would fail again
    assert state.messages("zalo").count() == 0
    assert state.messages("sms").count() == 1
    zalo, sms = notification.deliveries.order_by("position")
    assert (zalo.channel, zalo.status) == ("zalo", Status.FAILED)
    assert zalo.reason == (
        "Không gửi được qua Zalo: Số điện thoại chưa đăng ký Zalo hoặc tài khoản Zalo đã bị khóa."
    )
    assert (sms.channel, sms.status) == ("sms", Status.SENT)
    assert state.messages("email").count() == 0


def test_a_zalo_template_without_an_approved_id_falls_back_to_sms_and_says_why(outbox, run_jobs):
    citizen = UserFactory()
    notification = notify_sample("dossier_received", citizen)
    run_jobs()

    zalo = notification.deliveries.get(channel="zalo")
    assert zalo.reason == (
        "Không gửi được qua Zalo: Mẫu thông báo chưa gắn mã mẫu ZNS đã được Zalo duyệt."
    )
    assert state.requests("zalo").count() == 0
    assert state.messages("sms").count() == 1


def test_a_rolled_back_transaction_sends_nothing(outbox, run_jobs):
    citizen = UserFactory()

    class DossierActionFailed(Exception):
        pass

    with pytest.raises(DossierActionFailed), transaction.atomic():
        notification = notify_sample("dossier_received", citizen)
        delivery = notification.deliveries.get()
        job = ProcrastinateJob.objects.get(args={"delivery_id": delivery.pk}, status="todo")
        raise DossierActionFailed

    run_jobs()
    assert not Notification.objects.exists()
    assert not ProcrastinateJob.objects.filter(pk=job.pk).exists()
    assert state.requests().count() == 0


def test_an_sms_delivery_receipt_marks_the_message_delivered(outbox, run_jobs):
    citizen = UserFactory()
    ChannelPreference.objects.create(user=citizen, use_zalo=False, use_sms=True, use_email=True)
    notification = notify_sample("result_ready_early", citizen)
    run_jobs()
    [message] = state.messages("sms")

    assert receipts.send_receipt(message, delivered=True) == 200

    delivery = notification.deliveries.get()
    assert delivery.status == Status.DELIVERED
    assert delivery.provider_message_id == message.provider_message_id
    assert delivery.reason.startswith("Người nhận đã nhận tin qua SMS lúc ")
    notification.refresh_from_db()
    assert notification.status == Status.DELIVERED


def test_a_signed_zalo_receipt_marks_the_message_delivered(outbox, run_jobs):
    approve_zns_templates()
    notification = notify_sample("payment_requested", UserFactory())
    run_jobs()
    [message] = state.messages("zalo")

    assert receipts.send_receipt(message) == 200

    assert notification.deliveries.get().status == Status.DELIVERED


def test_receipts_that_are_not_from_the_provider_change_nothing(outbox, run_jobs):
    approve_zns_templates()
    notification = notify_sample("payment_requested", UserFactory())
    run_jobs()
    [message] = state.messages("zalo")
    forged = json.dumps(
        {
            "app_id": "sandbox-app",
            "event_name": "user_received_message",
            "timestamp": "1730600000000",
            "message": {"msg_id": message.provider_message_id},
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - the live server's URL
        outbox.url + reverse("notifications:webhook-zalo"),
        data=forged,
        method="POST",
        headers={"Content-Type": "application/json", "X-ZEvent-Signature": "mac=" + "0" * 64},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 403

    status, _ = http_get(
        outbox.url
        + reverse("notifications:webhook-sms", kwargs={"token": "guessed"})
        + f"?SMSID=x&RequestId={notification.deliveries.get().idempotency_key}&SendStatus=5"
        "&SendSuccess=1&SendFailed=0"
    )
    assert status == 403
    assert notification.deliveries.get().status == Status.SENT


def test_an_sms_receipt_saying_not_delivered_falls_back_to_email(outbox, run_jobs):
    citizen = UserFactory()
    ChannelPreference.objects.create(user=citizen, use_zalo=False, use_sms=True, use_email=True)
    notification = notify_sample("result_sent_by_post", citizen)
    run_jobs()

    receipts.send_receipt(state.messages("sms").get(), delivered=False)
    run_jobs()

    sms, email = notification.deliveries.order_by("position")
    assert sms.status == Status.FAILED
    assert sms.reason == (
        "SMS báo không chuyển được tin: Nhà mạng báo không chuyển được tin nhắn đến máy."
    )
    assert email.status == Status.SENT
    assert state.messages("email").count() == 1


def test_messages_of_a_subject_are_listed_for_the_dossier_page(outbox):
    citizen = UserFactory()
    services.notify(
        "dossier_received",
        recipient=citizen,
        context=get_event("dossier_received").sample_context(),
        subject_ref="dossiers.dossier:42",
    )
    services.notify(
        "dossier_refused",
        recipient=citizen,
        context=get_event("dossier_refused").sample_context(),
        subject_ref="dossiers.dossier:7",
    )
    listed = selectors.messages_for_subject("dossiers.dossier:42")
    assert [n.event for n in listed] == ["dossier_received"]
    assert [d.channel for d in listed[0].deliveries.all()] == ["zalo"]
