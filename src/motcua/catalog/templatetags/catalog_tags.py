"""Formatting for the catalog pages: money as 1.250.000 đ, processing times in words."""

from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """1250000 -> '1.250.000 đ'; 0 -> 'Miễn phí'; None -> 'Không có thông tin'."""
    if amount is None or amount == "":
        return _("Không có thông tin")
    amount = int(amount)
    if amount == 0:
        return _("Miễn phí")
    return f"{amount:,}".replace(",", ".") + " đ"


@register.filter
def processing_time(option) -> str:
    """A channel's statutory time: '5 ngày làm việc', '8 giờ', or 'Không có thông tin'."""
    if option.processing_time is None:
        return _("Không có thông tin")
    value = Decimal(option.processing_time).normalize()
    number = f"{value:f}".replace(".", ",")
    return f"{number} {option.get_time_unit_display()}"


@register.simple_tag
def url_exists(name: str) -> str:
    """The URL for ``name`` or '' when no app registers it yet (no dead links)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.simple_tag
def submit_url(code: str) -> str:
    """The online submission page of a procedure, once the submission app provides one."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("portal:submit_procedure", kwargs={"code": code})
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def page_query(context, page: int) -> str:
    """The current query string with another page number."""
    params = context["request"].GET.copy()
    params["trang"] = page
    return "?" + params.urlencode()


@register.simple_tag
def select_options(choices, selected) -> str:
    """The <option>s of (id, name) choices, names escaped, the ``selected`` id marked: what
    ``{% for %}<option value="{{ id }}"{% if … %} selected{% endif %}>{{ name }}</option>``
    renders, in one node instead of three per option."""
    options = []
    for pk, name in choices:
        mark = " selected" if pk == selected else ""
        options.append(f'<option value="{int(pk)}"{mark}>{escape(name)}</option>')
    return mark_safe("".join(options))  # noqa: S308 - ids are integers, names are escaped
