"""Jobs of the payments app: the receipt of a confirmed payment, and the periodic
reconciliation of online payments whose IPN never came."""

import logging

from django.conf import settings
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)


@app.task(name="payments.render_receipt", retry=5, pass_context=False)
def render_receipt(payment_id: int) -> None:
    from motcua.payments.receipts import store_receipt

    store_receipt(payment_id)


@app.periodic(cron=settings.MOTCUA_PAYMENTS["RECONCILE_CRON"], periodic_id="payments.reconcile")
@app.task(name="payments.reconcile_pending", queueing_lock="payments.reconcile", pass_context=False)
def reconcile_pending(timestamp: int) -> None:
    """Settle online payments still pending after the waiting time by a status query."""
    from motcua.payments.services import reconcile_pending as reconcile

    result = reconcile()
    if result.checked:
        logger.info("payments reconciled: %s", result)
