"""Citizen-facing pages. Views parse input and render; they never change state themselves."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.catalog.selectors import home_overview


@require_GET
def home(request):
    return render(request, "portal/home.html", home_overview())
