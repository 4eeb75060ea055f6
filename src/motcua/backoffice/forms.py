"""The back office's forms: the counter's reception screen, worklist filters, and one small form
per workflow action. Forms parse and check input; they never change a dossier."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.roles import StaffRole
from motcua.catalog.models import Agency, Channel, RequiredDocument
from motcua.core.uploads import UploadRefused, check_upload
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import staff_with_role
from motcua.workflow.definition import Action

id_number_validator = RegexValidator(
    r"^\d{12}$", _("Số định danh cá nhân (CCCD) gồm đúng 12 chữ số.")
)
phone_validator = RegexValidator(
    r"^(\+84|0)\d{9,10}$", _("Số điện thoại không hợp lệ (ví dụ: 0912345678).")
)


class ScanField(forms.FileField):
    """A PDF/JPEG/PNG scan of at most 10 MB, checked by its content; cleaned to a
    ``CheckedUpload``."""

    widget = forms.FileInput(
        attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
    )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return check_upload(upload)
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message, code="upload") from None


class ReceptionForm(forms.Form):
    """Everything the counter officer enters for a paper dossier, and the decision."""

    applicant_name = forms.CharField(
        label=_("Họ và tên người nộp"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    applicant_id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        max_length=12,
        validators=[id_number_validator],
        help_text=_("12 chữ số."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": r"\d{12}"}
        ),
    )
    applicant_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    applicant_email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    applicant_address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    applicant_unit = forms.ModelChoiceField(
        label=_("Xã, phường"),
        queryset=None,
        required=False,
        empty_label=_("— Chọn xã, phường —"),
    )
    sets = forms.IntegerField(label=_("Số bộ hồ sơ"), min_value=1, max_value=50, initial=1)
    result_delivery = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"),
        choices=Dossier.ResultDelivery.choices,
        initial=Dossier.ResultDelivery.COUNTER,
        widget=forms.RadioSelect,
    )
    decision = forms.ChoiceField(label=_("Kết quả kiểm tra hồ sơ"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Nội dung cần bổ sung hoặc lý do từ chối"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Bắt buộc khi yêu cầu bổ sung (ghi đầy đủ, một lần, mỗi giấy tờ một dòng) "
            "hoặc từ chối tiếp nhận."
        ),
    )

    def __init__(self, *args, documents, decisions: list[Action], units, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = [d for d in documents if d.group == RequiredDocument.Group.SUBMIT]
        self.to_show = [d for d in documents if d.group == RequiredDocument.Group.PRESENT]
        self.decisions = {a.code: a for a in decisions}
        self.fields["decision"].choices = [(a.code, a.name) for a in decisions]
        self.fields["applicant_unit"].queryset = units
        for document in self.documents:
            self.fields[f"present_{document.pk}"] = forms.BooleanField(
                label=document.name, required=False
            )
            self.fields[f"scan_{document.pk}"] = ScanField(label=_("Bản quét"), required=False)

    def document_rows(self):
        """(document, the "present" box, the scan field) for the checklist."""
        return [(d, self[f"present_{d.pk}"], self[f"scan_{d.pk}"]) for d in self.documents]

    def clean(self):
        cleaned = super().clean()
        action = self.decisions.get(cleaned.get("decision") or "")
        if action is not None and action.requires_note and not (cleaned.get("note") or "").strip():
            self.add_error(
                "note",
                forms.ValidationError(
                    _("Cần ghi rõ nội dung cần bổ sung hoặc lý do từ chối."), code="required"
                ),
            )
        return cleaned

    @property
    def present_ids(self) -> set[int]:
        return {d.pk for d in self.documents if self.cleaned_data.get(f"present_{d.pk}")}

    @property
    def scans(self) -> dict:
        return {
            d.pk: self.cleaned_data[f"scan_{d.pk}"]
            for d in self.documents
            if self.cleaned_data.get(f"scan_{d.pk}")
        }


class WorklistFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo mã hồ sơ, tên hoặc số định danh"), required=False, max_length=200
    )
    procedure = forms.TypedChoiceField(
        label=_("Thủ tục"), required=False, coerce=int, empty_value=None
    )
    channel = forms.ChoiceField(
        label=_("Hình thức nộp"),
        required=False,
        choices=[("", _("Tất cả hình thức")), *Channel.choices],
    )
    date_from = forms.DateField(
        label=_("Nộp từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [
            ("", _("Tất cả thủ tục")),
            *[(pk, f"{code} — {name}") for pk, code, name in procedures],
        ]

    def apply(self, queryset):
        from motcua.dossiers.selectors import search

        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("procedure"):
            queryset = queryset.filter(procedure_version__procedure_id=data["procedure"])
        if data.get("channel"):
            queryset = queryset.filter(channel=data["channel"])
        if data.get("date_from"):
            queryset = queryset.filter(submitted_at__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(submitted_at__date__lte=data["date_to"])
        return search(queryset, data.get("q") or "")


class ActionForm(forms.Form):
    """One workflow action as a small form: only the inputs this action needs."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, action: Action, dossier: Dossier, **kwargs):
        kwargs.setdefault("prefix", f"a-{action.code}")
        super().__init__(*args, **kwargs)
        self.action = action
        self.dossier = dossier
        if action.requires_note:
            self.fields["note"].required = True
            self.fields["note"].label = _("Nội dung, lý do (bắt buộc)")
        if action.has_effect("assign"):
            self.fields["assignee"] = forms.ModelChoiceField(
                label=_("Cán bộ xử lý"),
                queryset=staff_with_role(dossier.current_agency, StaffRole.SPECIALIST),
                empty_label=_("— Chọn chuyên viên —"),
            )
            colleagues = dossier.current_agency.staff.filter(is_active=True).order_by("full_name")
            self.fields["co_handlers"] = forms.ModelMultipleChoiceField(
                label=_("Cán bộ phối hợp"),
                queryset=colleagues,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["followers"] = forms.ModelMultipleChoiceField(
                label=_("Cán bộ theo dõi"),
                queryset=colleagues,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if action.has_effect("extend_due"):
            self.fields["new_due"] = forms.DateTimeField(
                label=_("Ngày, giờ hẹn trả mới"),
                input_formats=["%Y-%m-%dT%H:%M"],
                widget=forms.DateTimeInput(
                    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
                ),
            )
        transfer = action.effect("transfer")
        if transfer is not None and transfer.parameter != "back":
            agencies = Agency.objects.filter(is_active=True).exclude(pk=dossier.current_agency_id)
            if transfer.parameter == "parallel":
                self.fields["to_agencies"] = forms.ModelMultipleChoiceField(
                    label=_("Các cơ quan phối hợp"), queryset=agencies, to_field_name="identifier"
                )
            else:
                self.fields["to_agency"] = forms.ModelChoiceField(
                    label=_("Chuyển đến cơ quan"),
                    queryset=agencies,
                    to_field_name="identifier",
                    empty_label=_("— Chọn cơ quan —"),
                )
        if action.has_effect("consult"):
            self.fields["body"] = forms.CharField(
                label=_("Cơ quan, đơn vị được lấy ý kiến"), max_length=255
            )
            self.fields["days"] = forms.DecimalField(
                label=_("Thời hạn trả lời (ngày làm việc)"),
                min_value=0.5,
                max_value=30,
                initial=5,
            )
        if "payment_done" in action.preconditions:
            self.fields["payment_confirmed"] = forms.BooleanField(
                label=_("Công dân đã nộp đủ phí, lệ phí"), required=False
            )
        if "result_attached" in action.preconditions:
            has_result = dossier.documents.filter(kind="result").exists()
            self.fields["result_file"] = ScanField(
                label=_("Tệp kết quả giải quyết (PDF, JPEG, PNG; tối đa 10 MB)"),
                required=not has_result,
            )
            self.fields["result_name"] = forms.CharField(
                label=_("Tên kết quả"),
                required=False,
                max_length=300,
                help_text=_("Ví dụ: Phiếu lý lịch tư pháp số 01."),
            )

    @property
    def is_danger(self) -> bool:
        complete = self.action.effect("complete")
        return complete is not None and complete.parameter != "approved"

    def engine_data(self) -> dict:
        """The action's ``data`` for ``perform_action`` (keys of ``dossiers.rules``)."""
        data = {}
        cleaned = self.cleaned_data
        if cleaned.get("assignee") is not None:
            data["assignee"] = cleaned["assignee"].pk
            data["co_handlers"] = [user.pk for user in cleaned.get("co_handlers") or []]
            data["followers"] = [user.pk for user in cleaned.get("followers") or []]
        if cleaned.get("new_due") is not None:
            new_due: datetime = cleaned["new_due"]
            if timezone.is_naive(new_due):
                new_due = timezone.make_aware(new_due)
            data["new_due"] = new_due.isoformat()
        if cleaned.get("to_agency") is not None:
            data["to_agency"] = cleaned["to_agency"].identifier
        if cleaned.get("to_agencies"):
            data["to_agencies"] = [a.identifier for a in cleaned["to_agencies"]]
        if cleaned.get("body"):
            data["body"] = cleaned["body"]
            data["days"] = float(cleaned.get("days") or 5)
        if cleaned.get("payment_confirmed"):
            data["payment_confirmed"] = True
        return data


class BulkAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Phân công cho chuyên viên"), queryset=None, empty_label=_("— Chọn chuyên viên —")
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_with_role(agency, StaffRole.SPECIALIST)
