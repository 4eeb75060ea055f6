"""Render a slip to PDF bytes with WeasyPrint, in the deployment's form set.

    pdf = render_slip(slip)                   # MOTCUA_FORM_SET (2025 by default)
    pdf = render_slip(slip, form_set="2018")

The HTML comes from ``paperwork/templates/paperwork/<form set>/<kind>.html``; the only files the
renderer may read are the bundled fonts in ``motcua/fonts`` (any other URL, local or remote, stops
the rendering), so a slip looks the same on every machine and never reaches the network. The
dossier code is printed as text and as a QR code of the public lookup URL, drawn as inline SVG.
"""

from __future__ import annotations

from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from motcua.paperwork.forms import FormSet, FormSpec, form_spec
from motcua.paperwork.numbering import numbered_rows
from motcua.paperwork.slips import Slip, TrackingBook

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"


class BundledFontsOnly(URLFetcher):
    """Fetches the bundled font files and refuses everything else, loudly.

    ``fail_on_errors`` turns a refused or missing file into an error instead of WeasyPrint's
    warning, so a missing font can never silently fall back to whatever the machine has.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        response = super().fetch(url, headers)
        path = Path(response.path or "").resolve()
        if path.parent != FONTS_DIR:
            response.close()
            raise PermissionError(f"slips may only load the bundled fonts, not {url}")
        return response


def qr_svg(payload: str) -> str:
    """The QR code of ``payload`` as inline SVG, error correction M, the 4-module quiet zone."""
    return segno.make(payload, error="m", micro=False).svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None
    )


def slip_html(slip: Slip, form_set: str | FormSet | None = None) -> str:
    """The HTML WeasyPrint renders; useful on its own to check a template."""
    chosen = FormSet(form_set or settings.MOTCUA_FORM_SET)
    spec: FormSpec = form_spec(slip.kind, chosen)
    lookup_url = getattr(slip, "lookup_url", "")
    context = {
        "slip": slip,
        "spec": spec,
        "form_set": chosen,
        "desk": getattr(slip.agency, "desk", "") or chosen.desk,
        "qr": mark_safe(qr_svg(lookup_url)) if lookup_url else "",  # noqa: S308 - our own SVG
    }
    if isinstance(slip, TrackingBook):
        context["rows"] = list(numbered_rows(slip.entries, slip.first_number))
    return render_to_string(spec.template(chosen), context)


def render_slip(slip: Slip, form_set: str | FormSet | None = None) -> bytes:
    """The slip as a PDF document (bytes), in ``form_set`` or the deployment's set."""
    html = HTML(
        string=slip_html(slip, form_set),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=BundledFontsOnly(),
    )
    return html.write_pdf()
