"""What the working calendar is made of, as stored data: the government's decisions on days off
and make-up days, and each agency's weekly working hours.

The arithmetic lives in the pure modules beside this one (``calendar``, ``holidays``); this module
only stores their inputs. A year with at least one decision here is *official* and the decisions
are its complete list; a year without any is projected by rule (``holidays.projected_holidays``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.worktime.holidays import DecisionKind, Reason


class CalendarDecision(models.Model):
    """Một ngày nghỉ hoặc ngày làm bù theo quyết định của cơ quan có thẩm quyền."""

    class Kind(models.TextChoices):
        DAY_OFF = DecisionKind.DAY_OFF.value, _("Ngày nghỉ")
        WORKING_DAY = DecisionKind.WORKING_DAY.value, _("Ngày làm việc (làm bù)")

    class ReasonChoice(models.TextChoices):
        HOLIDAY = Reason.HOLIDAY.value, _("Nghỉ lễ, Tết")
        COMPENSATORY = Reason.COMPENSATORY.value, _("Nghỉ bù")
        SWAPPED = Reason.SWAPPED.value, _("Nghỉ hoán đổi")
        MAKE_UP = Reason.MAKE_UP.value, _("Làm bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind)
    reason = models.CharField(_("lý do"), max_length=20, choices=ReasonChoice)
    name = models.CharField(_("tên"), max_length=200)
    source = models.CharField(
        _("căn cứ"),
        max_length=500,
        help_text=_("Văn bản quyết định, ví dụ Công văn 12729/VPCP-KGVX."),
    )
    scope = models.CharField(_("phạm vi áp dụng"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ("date",)

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.name}"

    def clean(self):
        is_off = self.kind == self.Kind.DAY_OFF
        if is_off and self.reason == self.ReasonChoice.MAKE_UP:
            raise ValidationError({"reason": _("Ngày nghỉ không thể có lý do “làm bù”.")})
        if not is_off and self.reason != self.ReasonChoice.MAKE_UP:
            raise ValidationError({"reason": _("Ngày làm việc thêm phải có lý do “làm bù”.")})


class WorkingSchedule(models.Model):
    """Giờ làm việc trong tuần của một cơ quan (hoặc mặc định của tỉnh khi không gắn cơ quan)."""

    agency = models.OneToOneField(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="working_schedule",
        help_text=_("Để trống: giờ làm việc mặc định của tỉnh."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        constraints = [
            # One schedule per agency and one province default (agency NULL counted as 0).
            models.UniqueConstraint(Coalesce("agency", 0), name="one_working_schedule_per_agency")
        ]

    def __str__(self):
        return str(self.agency) if self.agency_id else str(_("Mặc định của tỉnh"))


class WorkingPeriod(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Thứ Hai")
        TUESDAY = 1, _("Thứ Ba")
        WEDNESDAY = 2, _("Thứ Tư")
        THURSDAY = 3, _("Thứ Năm")
        FRIDAY = 4, _("Thứ Sáu")
        SATURDAY = 5, _("Thứ Bảy")
        SUNDAY = 6, _("Chủ nhật")

    schedule = models.ForeignKey(WorkingSchedule, on_delete=models.CASCADE, related_name="periods")
    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=Weekday)
    start = models.TimeField(_("từ"))
    end = models.TimeField(_("đến"))

    class Meta:
        verbose_name = _("ca làm việc")
        verbose_name_plural = _("ca làm việc")
        ordering = ("weekday", "start")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="period_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"
