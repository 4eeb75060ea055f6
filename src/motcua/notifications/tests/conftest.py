"""Fixtures of the notification tests: the messaging sandbox served over real HTTP by the live
server, the channels pointed at it, and a real Procrastinate worker run in this process until
the queue is empty."""

from __future__ import annotations

import copy
import threading

import pytest
from django.db import connections
from procrastinate.contrib.django import app

from motcua.notifications.defaults import seed
from motcua.notifications.models import MessageTemplate
from motcua.sandbox.messaging import state

SMS_PATH = "/sandbox/sms/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ZALO_PATH = "/sandbox/zalo/message/template"


@pytest.fixture
def outbox(settings, live_server, transactional_db):
    """The channels talk to the sandbox on the live server; retries wait 0 s."""
    config = copy.deepcopy(settings.MOTCUA_NOTIFICATIONS)
    config["RETRY_DELAYS"] = [0, 0, 0, 0, 0]
    config["HTTP_TIMEOUT"] = 10
    config["SMS"]["API_URL"] = live_server.url + SMS_PATH
    config["ZALO"]["API_URL"] = live_server.url + ZALO_PATH
    settings.MOTCUA_NOTIFICATIONS = config
    settings.MOTCUA_PUBLIC_URL = live_server.url
    state.reset()
    # transactional tests empty every table afterwards, the seeded templates too
    seed(MessageTemplate)
    return live_server


@pytest.fixture
def run_jobs():
    """Run the job worker (Procrastinate's own) until no job is left to do."""

    def work() -> None:
        # As `motcua worker` does: the worker talks to PostgreSQL through its own connector.
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1
                )
        finally:
            connections.close_all()

    def run() -> None:
        # In a thread of its own: browser tests already run an event loop in this one.
        thread = threading.Thread(target=work, name="procrastinate-worker")
        thread.start()
        thread.join(timeout=120)
        assert not thread.is_alive(), "the job worker did not finish within 2 minutes"

    return run
