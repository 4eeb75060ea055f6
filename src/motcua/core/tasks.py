"""Jobs of the core app."""

import os
import socket

from django.utils import timezone
from procrastinate.contrib.django import app

from motcua.core.models import WorkerHeartbeat

HEARTBEAT_CRON = "* * * * * */15"  # every 15 seconds (croniter's sixth field is seconds)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@app.periodic(cron=HEARTBEAT_CRON, periodic_id="heartbeat")
@app.task(name="core.heartbeat", queueing_lock="core.heartbeat", pass_context=False)
def heartbeat(timestamp: int) -> None:
    """Record that this worker is alive and running jobs."""
    WorkerHeartbeat.objects.update_or_create(
        worker=worker_name(), defaults={"beat_at": timezone.now()}
    )
