from django.urls import path

from motcua.worktime import api

urlpatterns = [
    path("calendar/deadline", api.DeadlineView.as_view(), name="api-calendar-deadline"),
    path("calendar/holidays", api.HolidaysView.as_view(), name="api-calendar-holidays"),
]
