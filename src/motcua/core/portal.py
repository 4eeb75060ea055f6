"""Selectors for how the portal presents itself (name, province, emblem, contacts)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
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


def portal_identity() -> PortalIdentity:
    from motcua.core.models import PortalProfile

    try:
        profile = PortalProfile.objects.order_by("pk").first()
    except DatabaseError:
        profile = None  # the error page must still render when the database is down
    if profile is None:
        defaults = settings.MOTCUA_PORTAL_DEFAULTS
        return PortalIdentity(
            portal_name=defaults["portal_name"],
            province_name=defaults["province_name"],
            emblem_url=static(DEFAULT_EMBLEM),
        )
    return PortalIdentity(
        portal_name=profile.portal_name,
        province_name=profile.province_name,
        emblem_url=profile.emblem.url if profile.emblem else static(DEFAULT_EMBLEM),
        operator_name=profile.operator_name,
        address=profile.address,
        hotline=profile.hotline,
        email=profile.email,
    )
