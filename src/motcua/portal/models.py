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
