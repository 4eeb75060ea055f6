"""The sandbox's late IPN: sent by the job worker when its time comes."""

from procrastinate.contrib.django import app


@app.task(name="sandbox_vnpay.send_late_ipn", pass_context=False)
def send_late_ipn(transaction_id: int) -> None:
    from motcua.sandbox.vnpay.gateway import send_ipn
    from motcua.sandbox.vnpay.models import Transaction

    txn = Transaction.objects.filter(pk=transaction_id, ipn_due_at__isnull=False).first()
    if txn is not None:  # not already sent by hand from the control page
        Transaction.objects.filter(pk=txn.pk).update(ipn_due_at=None)
        send_ipn(txn)
