"""The portal's main navigation, defined once.

Each entry names the URL of the page that serves it. A section whose app is not installed yet has
no URL; it is shown as plain text marked "sắp ra mắt" (coming soon) rather than as a link to a page
that does not exist. Installing the app that registers the URL name turns it into a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str


MAIN_NAVIGATION = (
    NavEntry("procedures", _("Thủ tục hành chính"), "portal:procedures"),
    NavEntry("submit", _("Nộp hồ sơ"), "portal:submit"),
    NavEntry("lookup", _("Tra cứu hồ sơ"), "portal:lookup"),
    NavEntry("statistics", _("Thống kê"), "reports:public"),
)


def main_navigation(request) -> list[dict]:
    items = []
    for entry in MAIN_NAVIGATION:
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            url = None
        active = bool(url) and request.path.startswith(url)
        items.append({"key": entry.key, "label": entry.label, "url": url, "active": active})
    return items


# The staff's statistics pages (dashboards, tracking book), each shown only to those who may open
# it: the reports app decides, so the permission rules live next to the pages they protect.
STAFF_NAVIGATION = "motcua.reports.views_dashboards.dashboard_links"


def staff_navigation(request) -> list[dict]:
    """[{key, label, url}] of the statistics pages the signed-in user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    try:
        links = import_string(STAFF_NAVIGATION)
    except ImportError:
        return []
    return links(user)
