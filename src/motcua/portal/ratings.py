"""A citizen rates the dossier and its officer once the result is out (REQUIREMENTS §7).

Allowed for the dossier's applicant account only, once the result was returned or the agency
decided (approved or refused), and only once: the row is unique per dossier and the dossier is
locked while rating, so two tabs submitting at once give one rating and one clear error.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.portal.models import SatisfactionRating

SCORE_FIELDS = ("overall", "staff_attitude", "timeliness", "transparency")
RATED_OUTCOMES = (Dossier.Outcome.APPROVED, Dossier.Outcome.REFUSED)


class RatingError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def rating_open(dossier: Dossier) -> bool:
    """Whether the dossier has reached the point where it may be rated."""
    return dossier.returned_at is not None or (
        dossier.completed_at is not None and dossier.outcome in RATED_OUTCOMES
    )


def can_rate(dossier: Dossier, user) -> bool:
    return (
        user.is_authenticated
        and dossier.applicant_user_id == user.pk
        and rating_open(dossier)
        and not SatisfactionRating.objects.filter(dossier=dossier).exists()
    )


def _score(data: dict, name: str) -> int:
    try:
        value = int(data.get(name))
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise RatingError(_("Điểm đánh giá phải từ 1 đến 5."))
    return value


def rate_dossier(dossier: Dossier, user, data: dict) -> SatisfactionRating:
    """Store the applicant's rating of ``dossier``; ``data`` holds the four scores (1-5),
    ``contacts`` (≥ 1) and an optional ``comment``."""
    scores = {name: _score(data, name) for name in SCORE_FIELDS}
    try:
        contacts = int(data.get("contacts"))
    except (TypeError, ValueError):
        contacts = 0
    if contacts < 1:
        raise RatingError(_("Số lần liên hệ, đi lại phải từ 1 trở lên."))
    comment = str(data.get("comment") or "").strip()[:2000]
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not user.is_authenticated or locked.applicant_user_id != user.pk:
            raise RatingError(_("Chỉ người nộp hồ sơ mới được đánh giá hồ sơ này."))
        if not rating_open(locked):
            raise RatingError(_("Hồ sơ chỉ được đánh giá sau khi đã có kết quả."))
        if SatisfactionRating.objects.filter(dossier=locked).exists():
            raise RatingError(_("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."))
        try:
            with transaction.atomic():
                return SatisfactionRating.objects.create(
                    dossier=locked,
                    user=user,
                    officer=locked.assignee,
                    agency=locked.current_agency or locked.agency,
                    contacts=contacts,
                    comment=comment,
                    **scores,
                )
        except IntegrityError:
            raise RatingError(
                _("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.")
            ) from None
