"""A worker killed in the middle of sending an SMS neither loses nor duplicates the message.

The sandbox gateway accepts the SMS and then answers slowly; the worker is killed (SIGKILL, no
chance to clean up) while the delivery is "sending". A new worker's sweeper finds the delivery
abandoned, sends it again with the same idempotency key (eSMS's RequestId), and the gateway
recognises it: one SMS reached the phone, and the outbox says so.
"""

import os
import signal
import subprocess
import sys

import pytest

from motcua.notifications import services
from motcua.notifications.defaults import seed
from motcua.notifications.events import get_event
from motcua.notifications.models import ChannelPreference, Delivery, MessageTemplate, Status
from motcua.notifications.tests.factories import UserFactory
from motcua.sandbox.messaging import state
from tests.support import motcua_env

SMS_PATH = "/sandbox/sms/MainService.svc/json/SendMultipleMessage_V4_post_json/"


@pytest.fixture
def workers(live_server, transactional_db):
    processes = []
    env = motcua_env(
        MOTCUA_PUBLIC_URL=live_server.url,
        MOTCUA_SMS_API_URL=live_server.url + SMS_PATH,
        MOTCUA_NOTIFY_HTTP_TIMEOUT="60",
        MOTCUA_NOTIFY_SENDING_TIMEOUT="3",
        MOTCUA_NOTIFY_REQUEUE_CRON="* * * * * */2",
    )

    def start():
        process = subprocess.Popen(
            [sys.executable, "-m", "motcua.cli", "worker", "--concurrency", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_killing_the_worker_mid_send_neither_loses_nor_duplicates_the_sms(workers, poll):
    seed(MessageTemplate)
    state.reset()
    citizen = UserFactory()
    ChannelPreference.objects.create(user=citizen, use_zalo=False, use_sms=True, use_email=False)
    state.behave("sms", delay_seconds=20)  # accepts, then takes 20 s to answer
    context = get_event("dossier_received").sample_context()
    notification = services.notify("dossier_received", recipient=citizen, context=context)
    delivery = notification.deliveries.get()

    first = workers()
    poll(
        lambda: (
            Delivery.objects.get(pk=delivery.pk).status == Status.SENDING
            and state.messages("sms").count() == 1
        ),
        timeout=120,  # a worker's start (Django, Procrastinate) on a busy 2-core machine
        message="the first worker to be waiting for the gateway's answer",
    )
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    state.behave("sms")  # answers at once from now on

    workers()
    poll(
        lambda: Delivery.objects.get(pk=delivery.pk).status == Status.SENT,
        timeout=90,
        message="the second worker to resend the abandoned SMS",
    )

    assert state.messages("sms").count() == 1
    assert list(state.requests("sms").order_by("id").values_list("outcome", flat=True)) == [
        "accepted",
        "duplicate",
    ]
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == [
        "interrupted",
        "duplicate",
    ]
    assert delivery.attempt_log.get(number=2).reason == (
        "SMS đã nhận tin từ lần gửi trước (khóa chống gửi trùng), không gửi lại."
    )
