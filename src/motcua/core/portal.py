"""Selectors for how the portal presents itself (name, province, emblem, contacts)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.templatetags.static import static

DEFAULT_EMBLEM = "motcua/img/emblem.svg"


@dataclass(frozen=True)
class PortalIdentity:
    portal_name: str
    province_name: str
    emblem_url: str
    operator_name: str = ""
    address: str = ""
    hotline: str = ""
    email: str = ""

    @property
    def title(self) -> str:
        if self.province_name:
            return f"{self.portal_name} {self.province_name}"
        return self.portal_name


# Every page shows the profile, so it is read on every request (it may change at any time,
# from any process); with one fixed query on a cursor, not through the ORM, whose query
# building cost ten times the read itself.
_PROFILE_SQL = """
    SELECT portal_name, province_name, emblem, operator_name, address, hotline, email
      FROM core_portalprofile ORDER BY id LIMIT 1
"""  # the table of ``core.models.PortalProfile`` (tested: an edit shows on the next page)


def portal_identity() -> PortalIdentity:
    from motcua.core.models import PortalProfile

    try:
        with connection.cursor() as cursor:
            cursor.execute(_PROFILE_SQL)
            row = cursor.fetchone()
    except DatabaseError:
        row = None  # the error page must still render when the database is down
    if row is None:
        defaults = settings.MOTCUA_PORTAL_DEFAULTS
        return PortalIdentity(
            portal_name=defaults["portal_name"],
            province_name=defaults["province_name"],
            emblem_url=static(DEFAULT_EMBLEM),
        )
    portal_name, province_name, emblem, operator_name, address, hotline, email = row
    return PortalIdentity(
        portal_name=portal_name,
        province_name=province_name,
        emblem_url=(
            PortalProfile._meta.get_field("emblem").storage.url(emblem)
            if emblem
            else static(DEFAULT_EMBLEM)
        ),
        operator_name=operator_name,
        address=address,
        hotline=hotline,
        email=email,
    )
