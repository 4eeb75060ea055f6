"""The public working calendar: a year's days off and make-up days, and a deadline calculator,
so a citizen can see why their appointment date is what it is."""

import calendar as month_calendar
from datetime import date, datetime

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.worktime.api import REASON_LABELS
from motcua.worktime.explain import explain_deadline
from motcua.worktime.forms import DeadlineForm
from motcua.worktime.selectors import FIRST_YEAR, calendar_for, days_of_year

LAST_YEAR = 2100
WEEKDAY_HEADERS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def _months(year: int, days) -> list[dict]:
    by_date = {d.date: d for d in days}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                special = by_date.get(day)
                if day.month != month:
                    state = "outside"
                elif special is not None:
                    state = "off" if special.kind == "day_off" else "extra"
                elif day.weekday() >= 5:
                    state = "weekend"
                else:
                    state = "work"
                cells.append({"date": day, "state": state, "special": special})
            weeks.append(cells)
        months.append({"number": month, "weeks": weeks})
    return months


@require_GET
def current_year(request):
    return redirect("worktime:calendar_year", year=timezone.localdate().year)


@require_GET
def calendar_year(request, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    days, projected = days_of_year(year)
    form = DeadlineForm(request.GET or None)
    result = None
    if form.is_valid():
        start = timezone.make_aware(
            datetime.combine(form.cleaned_data["received_on"], form.cleaned_data["received_at"])
        )
        result = explain_deadline(
            calendar_for(),
            start,
            float(form.cleaned_data["days"] or 0),
            float(form.cleaned_data["hours"] or 0),
        )
    return render(
        request,
        "worktime/calendar_year.html",
        {
            "year": year,
            "days": days,
            "projected": projected,
            "months": _months(year, days),
            "weekday_headers": WEEKDAY_HEADERS,
            "reason_labels": REASON_LABELS,
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
            "form": form,
            "result": result,
            "today": date.today(),
        },
    )
