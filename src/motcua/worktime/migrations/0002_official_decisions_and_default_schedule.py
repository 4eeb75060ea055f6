"""Load the official 2024-2026 decisions and the province's default working hours.

Both stay editable in the admin; later years are projected until a province imports or
confirms them.
"""

from datetime import time
from importlib import resources

from django.db import migrations

DEFAULT_PERIODS = [(time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))]


def load(apps, schema_editor):
    from motcua.worktime.holidays import read_decisions_csv

    CalendarDecision = apps.get_model("worktime", "CalendarDecision")
    WorkingSchedule = apps.get_model("worktime", "WorkingSchedule")
    WorkingPeriod = apps.get_model("worktime", "WorkingPeriod")

    data = resources.files("motcua.worktime").joinpath("data/official_decisions_2024_2026.csv")
    with data.open(encoding="utf-8") as handle:
        decisions = read_decisions_csv(handle)
    for d in decisions:
        CalendarDecision.objects.update_or_create(
            date=d.date,
            defaults={
                "kind": d.kind.value,
                "reason": d.reason.value,
                "name": d.name,
                "source": d.source,
                "scope": d.scope,
            },
        )

    schedule, created = WorkingSchedule.objects.get_or_create(agency=None)
    if created:
        WorkingPeriod.objects.bulk_create(
            WorkingPeriod(schedule=schedule, weekday=weekday, start=start, end=end)
            for weekday in range(5)
            for start, end in DEFAULT_PERIODS
        )


class Migration(migrations.Migration):
    dependencies = [("worktime", "0001_calendar_decisions_and_schedules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
