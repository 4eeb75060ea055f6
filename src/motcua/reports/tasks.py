"""Jobs keeping the report aggregates current (ADR 0012): the stale days every minute, so a
report seldom has to recompute them itself, with the processing times of a month or two that are
missing or over an hour old, and the backlog at midnight every night."""

import logging

from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)


@app.periodic(cron="* * * * *", periodic_id="reports_refresh_aggregates")
@app.task(
    name="reports.refresh_aggregates",
    queueing_lock="reports.refresh_aggregates",
    pass_context=False,
)
def refresh_aggregates(timestamp: int) -> None:
    from motcua.reports import durations
    from motcua.reports.aggregates import refresh_stale

    refresh_stale()
    durations.refresh()  # a couple of months of processing times at most


@app.periodic(cron="5 0 * * *", periodic_id="reports_store_backlog")
@app.task(name="reports.store_backlog", queueing_lock="reports.store_backlog", pass_context=False)
def store_backlog(timestamp: int) -> None:
    """Just after midnight: the backlog at 00:00, and any month start a correction dropped."""
    from motcua.reports.aggregates import refresh_stale, store_missing_backlogs

    refresh_stale()
    days = store_missing_backlogs()
    logger.info("report backlog stored for %s", ", ".join(str(d) for d in days))
