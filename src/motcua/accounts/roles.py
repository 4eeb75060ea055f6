"""Staff roles of the one-stop-shop (Decree 61/2018 Art 7-12, Decree 118/2025).

Each role is a Django group named by the role's Vietnamese name (``group_name``). The dossier
engine grants actions by role; this module only names them so every app refers to one list.
"""

import functools

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    RECEPTION_OFFICER = "reception_officer", _("Cán bộ tiếp nhận")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    DEPARTMENT_HEAD = "department_head", _("Lãnh đạo phòng")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")
    PROVINCE_ADMIN = "province_admin", _("Quản trị tỉnh")


@functools.cache
def _group_names() -> dict[str, str]:
    with translation.override(None):  # the names as written above, in Vietnamese
        return {role.value: str(role.label) for role in StaffRole}


def group_name(role: StaffRole | str) -> str:
    """The name of the role's group. Not ``role.label``: that follows the language of the page,
    and an official who reads the site in English would hold no role."""
    return _group_names()[StaffRole(role).value]
