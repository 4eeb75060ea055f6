"""Shared models: the portal's own profile and the job worker's heartbeat."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalProfile(models.Model):
    """How the portal presents itself: the province's name, emblem and contact details.

    One row; a province administrator edits it in the admin. Until it exists the pages fall
    back to ``settings.MOTCUA_PORTAL_DEFAULTS``.
    """

    portal_name = models.CharField(_("tên cổng"), max_length=200, default="Cổng Dịch vụ công")
    province_name = models.CharField(_("tên tỉnh"), max_length=200)
    province_code = models.CharField(_("mã tỉnh"), max_length=10, blank=True)
    emblem = models.FileField(
        _("biểu trưng"),
        upload_to="portal/",
        blank=True,
        validators=[FileExtensionValidator(["svg", "png", "webp"])],
        help_text=_("Ảnh SVG, PNG hoặc WebP; để trống sẽ dùng biểu trưng mặc định."),
    )
    operator_name = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True, help_text=_("Ví dụ: Văn phòng UBND tỉnh")
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thông tin cổng")
        verbose_name_plural = _("thông tin cổng")

    def __str__(self):
        return f"{self.portal_name} — {self.province_name}"


class WorkerHeartbeat(models.Model):
    """The last time each job worker ran the periodic heartbeat job.

    ``/healthz`` reads it: a worker whose heartbeat is recent proves that jobs really run, not
    only that a process exists.
    """

    worker = models.CharField(_("tiến trình"), max_length=200, unique=True)
    beat_at = models.DateTimeField(_("lần cuối"), db_index=True)

    class Meta:
        verbose_name = _("nhịp tiến trình nền")
        verbose_name_plural = _("nhịp tiến trình nền")

    def __str__(self):
        return f"{self.worker} @ {self.beat_at:%H:%M:%S %d/%m/%Y}"


class RateLimitWindow(models.Model):
    """Hits of one client in one fixed time window; shared by every web process because it
    lives in PostgreSQL (a per-process cache would multiply the limit by the process count)."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cửa sổ giới hạn tần suất")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_limit_key_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_limit_age")]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%d/%m/%Y %H:%M}: {self.hits}"
