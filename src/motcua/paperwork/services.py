"""Issue the next number of a series (tracking-book row, …/PXL, stop notice) safely under load.

``next_number`` locks the series row with ``SELECT … FOR UPDATE`` inside the caller's transaction
(or its own), so concurrent counters never hand out the same number or skip one. Call it inside
the transaction that records the slip: if that transaction rolls back, the number is not used up.
"""

from __future__ import annotations

from django.db import transaction

from motcua.paperwork.models import SlipSeries
from motcua.paperwork.numbering import SeriesKind, following_number


def next_number(agency, year: int, kind: SeriesKind | str) -> int:
    """The next number of ``agency``'s ``kind`` series for ``year``, starting at 1 each year."""
    kind = SeriesKind(kind)
    with transaction.atomic():
        # Create the row if it is missing without racing: ON CONFLICT DO NOTHING, then lock it.
        SlipSeries.objects.bulk_create(
            [SlipSeries(agency=agency, year=year, kind=kind.value, last_number=0)],
            ignore_conflicts=True,
        )
        series = SlipSeries.objects.select_for_update().get(
            agency=agency, year=year, kind=kind.value
        )
        series.last_number = following_number(series.last_number or None, year, year)
        series.save(update_fields=["last_number"])
        return series.last_number
