"""Store a ``worktime.DossierClock`` in a JSON field and read it back, exactly."""

from dataclasses import fields
from datetime import datetime, time, timedelta

from motcua.worktime.clock import DossierClock

_DATETIMES = {
    "received_at",
    "counting_from",
    "due_at",
    "paused_at",
    "restarted_at",
    "original_due_at",
    "extended_at",
}
_DURATIONS = {"statutory", "paused_total"}


def dump(clock: DossierClock) -> dict:
    data = {}
    for f in fields(DossierClock):
        value = getattr(clock, f.name)
        if value is None:
            data[f.name] = None
        elif f.name in _DATETIMES:
            data[f.name] = value.isoformat()
        elif f.name in _DURATIONS:
            data[f.name] = value.total_seconds()
        elif f.name == "cutoff":
            data[f.name] = value.isoformat()
        elif f.name == "pauses":
            data[f.name] = [[a.isoformat(), b.isoformat()] for a, b in value]
        else:
            data[f.name] = value
    return data


def load(data: dict) -> DossierClock:
    values = {}
    for f in fields(DossierClock):
        value = data.get(f.name)
        if value is None:
            values[f.name] = None if f.name not in ("pauses",) else ()
        elif f.name in _DATETIMES:
            values[f.name] = datetime.fromisoformat(value)
        elif f.name in _DURATIONS:
            values[f.name] = timedelta(seconds=value)
        elif f.name == "cutoff":
            values[f.name] = time.fromisoformat(value)
        elif f.name == "pauses":
            values[f.name] = tuple(
                (datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in value
            )
        else:
            values[f.name] = value
    if values.get("paused_total") is None:
        values["paused_total"] = timedelta(0)
    return DossierClock(**values)
