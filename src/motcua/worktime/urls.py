from django.urls import path

from motcua.worktime import views

app_name = "worktime"

urlpatterns = [
    path("", views.current_year, name="calendar"),
    path("<int:year>/", views.calendar_year, name="calendar_year"),
]
