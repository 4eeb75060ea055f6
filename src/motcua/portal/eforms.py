"""A procedure version's e-form: its JSON Schema (2020-12) and UI hints as a Django form.

The schema is the one source of truth for what a valid declaration is. Django fields only turn
the posted text into values (a date, a number, a choice); every rule of the schema (required,
enum, maxLength, pattern, minimum…) is checked by ``jsonschema`` and each of its errors is told
to the citizen in Vietnamese beside the field it concerns. UI hints (``eform_ui``) give a
field's label, help, order, section and widget, and which profile value pre-fills it.

Supported: an object whose properties are strings (``format: date``, ``enum``, ``maxLength``,
``minLength``, ``pattern``), integers (``minimum``, ``maximum``) and booleans.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

PREFIX = "tk"

# Profile values that may pre-fill a field: hint ``prefill`` names one; these property names
# ask for the declarant's own details and are pre-filled without a hint.
PROFILE_FIELDS = ("full_name", "phone", "email", "id_number", "address")
DEFAULT_PREFILL = {
    "declarant_name": "full_name",
    "declarant_full_name": "full_name",
    "declarant_phone": "phone",
    "declarant_email": "email",
    "declarant_id_number": "id_number",
    "declarant_address": "address",
}


@dataclass(frozen=True)
class EformField:
    name: str
    schema: dict
    hints: dict
    required: bool

    @property
    def label(self) -> str:
        return self.hints.get("label") or self.schema.get("title") or self.name

    @property
    def section(self) -> str:
        return self.hints.get("section", "")


def eform_fields(schema: dict | None, ui: dict | None) -> list[EformField]:
    """The schema's properties in display order (hint ``order``, then schema order)."""
    if not schema:
        return []
    ui = ui or {}
    required = set(schema.get("required", []))
    properties = list((schema.get("properties") or {}).items())
    fields = [
        EformField(name, prop or {}, ui.get(name) or {}, name in required)
        for name, prop in properties
    ]
    position = {f.name: i for i, f in enumerate(fields)}
    return sorted(fields, key=lambda f: (f.hints.get("order", 10_000), position[f.name]))


def _django_field(field: EformField) -> forms.Field:
    django_field = _make_field(field)
    # Checked by the schema, not by Django; the page marks it with an asterisk.
    django_field.eform_required = field.required
    return django_field


def _make_field(field: EformField) -> forms.Field:
    prop, hints = field.schema, field.hints
    attrs = {"aria-required": "true"} if field.required else {}
    common = {"label": field.label, "help_text": hints.get("help", ""), "required": False}
    kind = prop.get("type", "string")
    if kind == "boolean":
        return forms.BooleanField(widget=forms.CheckboxInput(attrs=attrs), **common)
    if kind == "integer":
        return forms.IntegerField(
            widget=forms.NumberInput(attrs=attrs),
            error_messages={"invalid": _("Vui lòng nhập một số nguyên.")},
            **common,
        )
    if "enum" in prop:
        labels = hints.get("choices") or {}
        choices = [(value, labels.get(str(value), value)) for value in prop["enum"]]
        if hints.get("widget") == "radio":
            return forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect(attrs=attrs),
                error_messages={"invalid_choice": _("Vui lòng chọn một giá trị trong danh sách.")},
                **common,
            )
        return forms.ChoiceField(
            choices=[("", _("— Chọn —")), *choices],
            widget=forms.Select(attrs=attrs),
            error_messages={"invalid_choice": _("Vui lòng chọn một giá trị trong danh sách.")},
            **common,
        )
    if prop.get("format") == "date":
        return forms.DateField(
            widget=forms.DateInput(attrs={**attrs, "type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            error_messages={"invalid": _("Vui lòng nhập ngày hợp lệ (ngày/tháng/năm).")},
            **common,
        )
    if "maxLength" in prop:
        attrs["maxlength"] = prop["maxLength"]
    if hints.get("autocomplete"):
        attrs["autocomplete"] = hints["autocomplete"]
    if hints.get("inputmode"):
        attrs["inputmode"] = hints["inputmode"]
    widget = (
        forms.Textarea(attrs={**attrs, "rows": 3})
        if hints.get("widget") == "textarea"
        else forms.TextInput(attrs=attrs)
    )
    # No max_length here: a too long value must reach the schema check and its message.
    return forms.CharField(widget=widget, strip=True, **common)


def _message(error, field: EformField) -> str:
    label = field.label
    keyword = error.validator
    if keyword == "required":
        return _("Vui lòng nhập %(label)s.") % {"label": label.lower()}
    if keyword == "maxLength":
        return _("%(label)s không được quá %(n)s ký tự.") % {
            "label": label,
            "n": error.validator_value,
        }
    if keyword == "minLength":
        return _("%(label)s cần ít nhất %(n)s ký tự.") % {
            "label": label,
            "n": error.validator_value,
        }
    if keyword == "pattern":
        return field.hints.get("pattern_message") or _("%(label)s không đúng định dạng.") % {
            "label": label
        }
    if keyword == "enum":
        return _("Vui lòng chọn một giá trị trong danh sách.")
    if keyword == "format":
        return _("Vui lòng nhập ngày hợp lệ (ngày/tháng/năm).")
    if keyword == "minimum":
        return _("%(label)s phải từ %(n)s trở lên.") % {"label": label, "n": error.validator_value}
    if keyword == "maximum":
        return _("%(label)s không được lớn hơn %(n)s.") % {
            "label": label,
            "n": error.validator_value,
        }
    if keyword == "type":
        return _("%(label)s không đúng kiểu dữ liệu.") % {"label": label}
    return _("%(label)s không hợp lệ.") % {"label": label}


class EForm(forms.Form):
    """The declaration. Build with ``build_eform``; ``document`` is the JSON the dossier keeps."""

    eform_fields: list[EformField] = []
    schema: dict = {}
    validator: Draft202012Validator | None = None  # the schema compiled once per form class

    def clean(self):
        cleaned = super().clean()
        document = {}
        for field in self.eform_fields:
            if field.name in self.errors:
                continue
            value = cleaned.get(field.name)
            if value in (None, "") or (value is False and not field.required):
                continue
            document[field.name] = value.isoformat() if isinstance(value, dt.date) else value
        by_name = {f.name: f for f in self.eform_fields}
        validator = self.validator or Draft202012Validator(
            self.schema, format_checker=FormatChecker()
        )
        for error in validator.iter_errors(document):
            if error.validator == "required":
                names = [n for n in error.validator_value if n not in (error.instance or {})]
            else:
                names = [error.path[0]] if error.path else []
            for name in names:
                field = by_name.get(name)
                if field is None:
                    self.add_error(None, error.message)
                elif name not in self.errors:
                    self.add_error(name, _message(error, field))
        self.document = {k: v for k, v in document.items() if k not in self.errors}
        return cleaned

    def sections(self) -> list[tuple[str, list]]:
        """Bound fields grouped by their ``section`` hint, in order of first appearance."""
        groups: list[tuple[str, list]] = []
        for field in self.eform_fields:
            if not groups or groups[-1][0] != field.section:
                groups.append((field.section, []))
            groups[-1][1].append(self[field.name])
        return groups


class _SharedFields(dict):
    """An e-form class's fields, which each of its forms uses as they are. Django copies a form
    class's fields deeply for every form, so that a form may change its own; an e-form's fields
    are made from the schema with the class, and no form changes them (its values, errors and
    bound fields live on the form). The copy of some twenty fields and their widgets was 5 % of
    a submission's CPU, done twice per submission. Each form still gets its own dict."""

    def __deepcopy__(self, memo):
        return dict(self)


@lru_cache(maxsize=64)
def _form_class(schema_json: str, ui_json: str, language: str | None) -> type[EForm]:
    """The form class of one e-form (its fields and its compiled schema), built once per
    process for each schema, UI hints and language (the fields' messages are translated when
    they are made). Keyed by the JSON text, so an edited version gets a new class; the class
    holds its own copy of the schema, never the caller's."""
    schema, ui = json.loads(schema_json), json.loads(ui_json)
    fields = eform_fields(schema, ui)
    form_class = type(
        "ProcedureEForm",
        (EForm,),
        {f.name: _django_field(f) for f in fields}
        | {
            "eform_fields": fields,
            "schema": schema or {},
            "validator": Draft202012Validator(schema or {}, format_checker=FormatChecker()),
        },
    )
    form_class.base_fields = _SharedFields(form_class.base_fields)
    return form_class


def build_eform(schema: dict | None, ui: dict | None, data=None, initial=None) -> EForm:
    form_class = _form_class(
        # Not sorted: the order of the properties is the order of the fields.
        json.dumps(schema or {}, ensure_ascii=False),
        json.dumps(ui or {}, ensure_ascii=False),
        get_language(),
    )
    return form_class(data=data, initial=initial, prefix=PREFIX)


def eform_sections(schema: dict | None, ui: dict | None) -> list[tuple[str, list[str]]]:
    """The form's topics in order: (section title, property names). A long form shows one
    topic per page; a form with a single topic (or none) stays on one page."""
    groups: list[tuple[str, list[str]]] = []
    for field in eform_fields(schema, ui):
        if not groups or groups[-1][0] != field.section:
            groups.append((field.section, []))
        groups[-1][1].append(field.name)
    return groups


def raw_values(schema: dict | None, ui: dict | None, post, names=None) -> dict[str, str]:
    """What the citizen typed, by property name (strings, as posted): what a draft keeps so a
    page with errors, or a later visit, shows exactly what was typed. ``names`` limits it to
    the fields of the page posted (one topic of a long form); there, an unticked checkbox
    (which a browser does not post) is kept as unticked."""
    values = {}
    for field in eform_fields(schema, ui):
        if names is not None and field.name not in names:
            continue
        value = post.get(f"{PREFIX}-{field.name}")
        if value is None and field.schema.get("type") == "boolean":
            value = ""
        if value is not None:
            values[field.name] = value[:5000]
    return values


def as_form_data(values: dict[str, str]) -> dict[str, str]:
    """Raw values back into the form's posted shape (with the prefix)."""
    return {f"{PREFIX}-{name}": value for name, value in values.items()}


def profile_initial(schema: dict | None, ui: dict | None, user) -> dict[str, str]:
    """Pre-filled values from the citizen's profile for the fields that ask for them."""
    initial = {}
    for field in eform_fields(schema, ui):
        source = field.hints.get("prefill") or DEFAULT_PREFILL.get(field.name)
        if source in PROFILE_FIELDS:
            value = getattr(user, source, "") or ""
            if value:
                initial[field.name] = value
    return initial


def display_value(field: EformField, value) -> str:
    """A stored value as the review page shows it."""
    if value in (None, ""):
        return "—"
    if field.schema.get("type") == "boolean":
        return _("Có") if value else _("Không")
    if "enum" in field.schema:
        return str((field.hints.get("choices") or {}).get(str(value), value))
    if field.schema.get("format") == "date":
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)
