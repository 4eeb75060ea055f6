"""Who may pay, handle and report on payments.

The applicant's own account pays (``dossier.applicant_user``). Staff of the receiving agency
(the agency that collects the fee) confirm, record and refund; a province administrator may do
everything. The daily report of an agency is for its own staff only.
"""

from __future__ import annotations

from motcua.accounts.roles import StaffRole
from motcua.dossiers.permissions import can_view, staff_roles


def is_payer(user, dossier) -> bool:
    return bool(user and user.is_authenticated and dossier.applicant_user_id == user.pk)


def can_handle_payments(user, dossier) -> bool:
    roles = staff_roles(user)
    if StaffRole.PROVINCE_ADMIN.value in roles:
        return True
    return bool(roles) and user.agency_id == dossier.agency_id


def can_see_receipt(user, dossier) -> bool:
    return (
        is_payer(user, dossier)
        or can_handle_payments(user, dossier)
        or (bool(staff_roles(user)) and can_view(user, dossier))
    )


def can_see_report(user, agency) -> bool:
    roles = staff_roles(user)
    if StaffRole.PROVINCE_ADMIN.value in roles:
        return True
    return bool(roles) and user.agency_id == agency.pk
