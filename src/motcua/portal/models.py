"""A citizen's online submission in progress: the draft of one procedure and its uploads.

One draft per citizen and procedure, so leaving the page and coming back resumes it. The form
data are kept as typed (strings by field name) and validated again against the e-form when the
citizen reviews and submits; files uploaded into a draft are kept until the dossier is submitted.
Only ``portal.submission`` writes these rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class SubmissionDraft(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.CASCADE,
        related_name="submission_drafts",
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"), max_length=20, choices=Dossier.ResultDelivery, blank=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        constraints = [
            models.UniqueConstraint(fields=("user", "procedure"), name="one_draft_per_procedure")
        ]

    def __str__(self):
        return f"{self.user} — {self.procedure.code}"


class DraftFile(models.Model):
    """The file uploaded into a draft for one required document (the latest replaces it)."""

    draft = models.ForeignKey(
        SubmissionDraft,
        verbose_name=_("hồ sơ nháp"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        verbose_name=_("thành phần hồ sơ"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(_("tệp"), upload_to="drafts/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm nháp")
        verbose_name_plural = _("tệp đính kèm nháp")
        constraints = [
            models.UniqueConstraint(
                fields=("draft", "required_document"), name="one_file_per_document_per_draft"
            )
        ]

    def __str__(self):
        return self.original_name


class SatisfactionRating(models.Model):
    """A citizen's rating of one dossier and its officer, after the result (REQUIREMENTS §7).

    The criteria follow Circular 01/2018 (indicator 7: staff attitude; indicator 3: number of
    contacts) and the satisfaction group of Decision 766/QĐ-TTg. One rating per dossier, by its
    applicant; the officer and agency rated are copied from the dossier when it is rated, so the
    reports keep them even if the dossier is reassigned later. Only ``portal.ratings`` writes.
    """

    SCORES = [(score, str(score)) for score in range(1, 6)]

    dossier = models.OneToOneField(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="satisfaction_rating",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        on_delete=models.CASCADE,
        related_name="satisfaction_ratings",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được đánh giá"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_ratings",
    )
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan được đánh giá"),
        on_delete=models.PROTECT,
        related_name="satisfaction_ratings",
    )
    overall = models.PositiveSmallIntegerField(_("mức độ hài lòng chung"), choices=SCORES)
    staff_attitude = models.PositiveSmallIntegerField(_("thái độ của cán bộ"), choices=SCORES)
    timeliness = models.PositiveSmallIntegerField(_("thời gian giải quyết"), choices=SCORES)
    transparency = models.PositiveSmallIntegerField(
        _("công khai, minh bạch thông tin"), choices=SCORES
    )
    contacts = models.PositiveSmallIntegerField(_("số lần liên hệ, đi lại"))
    comment = models.TextField(_("góp ý"), blank=True)
    created_at = models.DateTimeField(_("đánh giá lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__range=(1, 5))
                & models.Q(staff_attitude__range=(1, 5))
                & models.Q(timeliness__range=(1, 5))
                & models.Q(transparency__range=(1, 5)),
                name="rating_scores_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(contacts__gte=1), name="rating_contacts_ge_1"
            ),
        ]

    def __str__(self):
        return f"{self.dossier} — {self.overall}/5"
