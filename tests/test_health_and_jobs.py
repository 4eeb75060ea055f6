"""The job worker runs for real: /healthz sees it, and jobs follow their transaction."""

import json
import subprocess
import sys

import pytest
from django.db import transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from motcua.core.tasks import heartbeat
from tests.support import http_get, motcua_env


@pytest.fixture
def start_worker(transactional_db):
    processes = []

    def start():
        process = subprocess.Popen(
            [sys.executable, "-m", "motcua.cli", "worker", "--concurrency", "1"],
            env=motcua_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_healthz_is_503_without_a_worker_and_200_with_one(live_server, start_worker, poll):
    status, content = http_get(live_server.url + "/healthz")
    assert status == 503
    body = json.loads(content)
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is True
    assert body["worker"] == {"ok": False, "detail": "no worker has reported a heartbeat"}

    start_worker()

    def healthy():
        status, content = http_get(live_server.url + "/healthz")
        return json.loads(content) if status == 200 else None

    body = poll(healthy, timeout=60, message="/healthz to report the worker")
    assert body["status"] == "ok"
    assert body["worker"]["ok"] is True


def test_job_deferred_in_rolled_back_transaction_never_runs(start_worker, poll):
    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        abandoned_job = heartbeat.defer(timestamp=0)
        assert ProcrastinateJob.objects.filter(id=abandoned_job).exists()
        raise Abandon
    assert not ProcrastinateJob.objects.filter(id=abandoned_job).exists()

    with transaction.atomic():
        committed_job = heartbeat.defer(timestamp=1)

    start_worker()
    poll(
        lambda: ProcrastinateJob.objects.filter(id=committed_job, status="succeeded").exists(),
        timeout=60,
        message="the committed job to run",
    )
    assert not ProcrastinateJob.objects.filter(id=abandoned_job).exists()
    assert (
        ProcrastinateJob.objects.filter(task_name="core.heartbeat", args={"timestamp": 0}).count()
        == 0
    )
