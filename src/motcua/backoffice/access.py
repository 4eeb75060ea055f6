"""Who may open the back office, and which dossier a request may touch.

Every back-office view goes through ``staff_required``: an anonymous visitor is sent to sign in,
a signed-in person without a staff role (a citizen) gets 403. A dossier is looked up with
``dossier_for`` and is a 404 unless ``permissions.can_view`` allows it, the same answer as a
missing dossier, so codes of other agencies cannot be probed. This module never grants an
action: ``services.perform_action`` checks roles on every change.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import can_view, staff_roles


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not staff_roles(request.user):
            raise PermissionDenied("Trang này chỉ dành cho cán bộ, công chức.")
        return view(request, *args, **kwargs)

    return wrapper


def dossier_for(user, code: str) -> Dossier:
    dossier = (
        Dossier.objects.select_related(
            "agency",
            "current_agency",
            "procedure_version__procedure",
            "process_version",
            "assignee",
            "applicant_unit",
        )
        # Parsed once per process by ``selectors.definition_of`` (read when first needed).
        .defer("process_version__document")
        .filter(code=code)
        .first()
    )
    if dossier is None or not can_view(user, dossier):
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier
