"""Stored process definitions: each version of each approved internal process.

A version is never edited once stored: a change is a new version, so a dossier keeps the exact
process it started with (it refers to the version) while new dossiers take the active one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.workflow.definition import ProcessDefinition, from_data


class ProcessVersion(models.Model):
    """Một phiên bản của quy trình nội bộ đã được phê duyệt."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang áp dụng")
        RETIRED = "retired", _("Đã thay thế")

    code = models.SlugField(_("mã quy trình"), max_length=80)
    version = models.PositiveIntegerField(_("phiên bản"))
    name = models.CharField(_("tên quy trình"), max_length=255)
    document = models.JSONField(_("định nghĩa"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status, default=Status.ACTIVE)
    approval_reference = models.CharField(
        _("quyết định phê duyệt"),
        max_length=255,
        blank=True,
        help_text=_("Quyết định của Chủ tịch UBND tỉnh phê duyệt quy trình nội bộ."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ("code", "-version")
        constraints = [
            models.UniqueConstraint(fields=("code", "version"), name="unique_process_version"),
            models.UniqueConstraint(
                fields=("code",), condition=models.Q(status="active"), name="one_active_version"
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def definition(self) -> ProcessDefinition:
        return from_data(self.document)
