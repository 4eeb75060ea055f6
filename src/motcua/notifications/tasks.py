"""Jobs of the outbox: deliver one delivery; sweep deliveries a dead worker left "sending".

Retries are not Procrastinate retries: a temporary failure is recorded on the delivery (with
the time of the next try) and the next job is deferred in that same transaction, so the
explanation a person reads and the job that will run can never disagree. The jobs themselves
always finish; a crash inside one is what the sweeper is for.
"""

from django.conf import settings
from procrastinate.contrib.django import app

from motcua.notifications import services


@app.task(name="notifications.deliver", pass_context=False)
def deliver(delivery_id: int) -> str:
    """Try one delivery once (see ``services.attempt_delivery``)."""
    return services.attempt_delivery(delivery_id)


@app.periodic(
    cron=settings.MOTCUA_NOTIFICATIONS["REQUEUE_CRON"], periodic_id="notifications.requeue"
)
@app.task(
    name="notifications.requeue_stuck",
    queueing_lock="notifications.requeue_stuck",
    pass_context=False,
)
def requeue_stuck(timestamp: int) -> int:
    """Put deliveries abandoned in "sending" back in the queue."""
    return services.requeue_stuck_deliveries()
