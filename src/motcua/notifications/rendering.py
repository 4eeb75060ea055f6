"""Rendering message templates: Django template syntax on a context of plain values.

Templates are edited by administrators in the admin, so they render in a locked-down engine:
no loaders (``{% include %}`` and ``{% extends %}`` find nothing), no extra tag libraries, and no
HTML escaping (the texts are SMS, Zalo and plain-text mail, not HTML).

A rendered message is a plain dict (stored in ``Notification.rendered``) so the exact text that
was sent stays with the notification even after the template is edited again.

This module reads templates; it must never save anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.template import Context, Engine, TemplateSyntaxError
from django.utils import formats, timezone

from motcua.notifications.sms_text import fold_for_sms, measure

ENGINE = Engine(loaders=[], libraries={}, autoescape=False, string_if_invalid="")


class RenderError(Exception):
    """The template cannot be rendered (syntax error); the message says where."""


@dataclass
class RenderedMessage:
    channel: str
    template_id: int
    template_version: int
    body: str
    subject: str = ""
    provider_template_id: str = ""
    template_data: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def render_text(source: str, context: dict) -> str:
    try:
        template = ENGINE.from_string(source)
    except TemplateSyntaxError as error:
        raise RenderError(str(error)) from None
    return template.render(Context(context, autoescape=False))


def format_value(value) -> str:
    """A context value as a ZNS parameter: dates dd/mm/yyyy (local time), numbers with dots."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return (
            value.strftime("%H:%M %d/%m/%Y")
            if (value.hour, value.minute) != (0, 0)
            else value.strftime("%d/%m/%Y")
        )
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return "" if value is None else str(value)


def render(template, context: dict) -> RenderedMessage:
    """Render ``template`` (a ``MessageTemplate``) for its channel."""
    body = render_text(template.body, context).strip()
    subject = " ".join(render_text(template.subject, context).split()) if template.subject else ""
    if template.channel == "sms" and template.fold_diacritics:
        body = fold_for_sms(body)
    data = {name: format_value(context.get(name)) for name in template.param_names}
    return RenderedMessage(
        channel=template.channel,
        template_id=template.pk,
        template_version=template.version,
        body=body,
        subject=subject,
        provider_template_id=template.provider_template_id,
        template_data=data,
    )


def sms_summary(text: str) -> str:
    """'1 tin, GSM-7, 142/160 ký tự' — shown next to SMS previews."""
    length = measure(text)
    summary = (
        f"{length.segments} tin, {length.encoding}, {length.units} ký tự "
        f"(tối đa {length.per_segment} ký tự/tin)"
    )
    if not length.is_gsm7:
        summary += "; ký tự ngoài GSM-7: " + " ".join(length.offending[:10])
    return summary
