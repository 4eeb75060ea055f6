"""The portal's main navigation, defined once.

Each entry names the URL of the page that serves it. A section whose app is not installed yet has
no URL; it is shown as plain text marked "sắp ra mắt" (coming soon) rather than as a link to a page
that does not exist. Installing the app that registers the URL name turns it into a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
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


@lru_cache(maxsize=16)
def _main_urls(script_prefix: str, urlconf) -> tuple[str | None, ...]:
    # What reverse() answers depends only on these two and the code: resolved once per process
    # (and per prefix), not on every page.
    urls = []
    for entry in MAIN_NAVIGATION:
        try:
            urls.append(reverse(entry.url_name, urlconf=urlconf))
        except NoReverseMatch:
            urls.append(None)
    return tuple(urls)


def main_navigation(request) -> list[dict]:
    items = []
    urls = _main_urls(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    for entry, url in zip(MAIN_NAVIGATION, urls, strict=True):
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
