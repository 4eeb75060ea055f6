"""Who may see and act on a dossier.

Staff act within their agency: the agency holding the dossier now, the agency that received it,
or an agency it was sent to in parallel. Citizens see only dossiers submitted from their own
account. A province administrator sees every dossier of the province.
"""

from __future__ import annotations

from motcua.accounts.roles import StaffRole, group_name

STAFF_ROLES_CACHE = "_motcua_staff_roles"


def staff_roles(user) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    # Read once per user object (a request's user): a back-office page asks about twenty times.
    # Changing the groups through ``user.groups`` forgets it (the dossiers app connects the signal).
    cached = user.__dict__.get(STAFF_ROLES_CACHE)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role.value for role in StaffRole if group_name(role) in names)
        user.__dict__[STAFF_ROLES_CACHE] = cached
    return set(cached)


def forget_staff_roles(sender, instance, action, reverse, **kwargs) -> None:
    """``m2m_changed`` of ``User.groups``: the next ``staff_roles`` reads the groups again."""
    if action.startswith("post_"):
        if reverse:  # group.user_set.add(...): the users come as pks; their objects are elsewhere
            return
        instance.__dict__.pop(STAFF_ROLES_CACHE, None)


def involved_agency_ids(dossier) -> set[int]:
    ids = {dossier.agency_id, dossier.current_agency_id}
    ids |= set(
        dossier.transfers.filter(answered_at__isnull=True).values_list("to_agency_id", flat=True)
    )
    return ids


def roles_on(user, dossier) -> set[str]:
    """The workflow roles ``user`` holds on ``dossier`` (empty: no business with it)."""
    roles: set[str] = set()
    if user and user.is_authenticated and dossier.applicant_user_id == user.pk:
        roles.add("applicant")
    staff = staff_roles(user)
    if StaffRole.PROVINCE_ADMIN.value in staff:
        return roles | staff
    if staff and user.agency_id in involved_agency_ids(dossier):
        # Acting belongs to the agency holding the dossier; the receiving desk keeps its
        # reception and return roles (two-level and inter-agency processes).
        if user.agency_id == dossier.current_agency_id:
            roles |= staff
        elif user.agency_id == dossier.agency_id:
            roles |= staff & {StaffRole.RECEPTION_OFFICER.value}
        else:
            roles |= staff & {StaffRole.SPECIALIST.value, StaffRole.DEPARTMENT_HEAD.value}
    return roles


def can_view(user, dossier) -> bool:
    if not user or not user.is_authenticated:
        return False
    if dossier.applicant_user_id == user.pk:
        return True
    staff = staff_roles(user)
    if StaffRole.PROVINCE_ADMIN.value in staff:
        return True
    return bool(staff) and user.agency_id in involved_agency_ids(dossier)
