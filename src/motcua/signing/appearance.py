"""The visible signature box: where it goes and what it says, in Vietnamese, in Tinos.

Tinos (metric-compatible with Times New Roman, which Decree 30/2020 prescribes for administrative
documents) covers every Vietnamese letter; the font is subset and embedded by pyHanko, so the box
reads the same on any reader. This module must never touch the signature's cryptography.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

import motcua

FONT_DIR = Path(motcua.__file__).resolve().parent / "fonts"
SIGNATURE_FONT = FONT_DIR / "Tinos-Regular.ttf"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


A4_WIDTH = 595.28  # points


@dataclass(frozen=True)
class VisibleBox:
    """A box on a page, in PDF points. ``anchor`` places it from a corner of the page
    (``bottom-right``, ``bottom-left``) with ``x``/``y`` as margins; without an anchor ``x``/``y``
    are the lower-left corner's coordinates. ``page`` counts from 0; -1 is the last page."""

    page: int = -1
    x: float = 36
    y: float = 48
    width: float = 240
    height: float = 76
    anchor: str | None = "bottom-right"

    def rectangle(self, page_width: float, page_height: float) -> tuple[int, int, int, int]:
        # Boxes are laid out for an A4 page; on a narrower page (the A5 one-stop slips) widths
        # and side margins shrink in proportion so the seal's box never leaves the page.
        scale = min(1.0, page_width / A4_WIDTH)
        width, x = self.width * scale, self.x * scale
        if self.anchor == "bottom-right":
            left = page_width - x - width
        elif self.anchor in ("bottom-left", None):
            left = x
        else:
            raise ValueError(f"unknown anchor {self.anchor!r}")
        bottom = self.y
        return (round(left), round(bottom), round(left + width), round(bottom + self.height))


# The leader signs at the bottom right (where the signature sits on paper); the seal goes to
# its left, overlapping nothing.
PERSON_BOX = VisibleBox(anchor="bottom-right")
SEAL_BOX = VisibleBox(anchor="bottom-right", x=36 + 240 + 12)


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M:%S %d/%m/%Y")


def box_text(
    *,
    kind: str,
    display_name: str,
    title: str,
    agency_name: str,
    agency_identifier: str,
    moment: dt.datetime,
) -> str:
    # The document's language is Vietnamese whatever the staff member's interface language.
    if kind == "organisation":
        lines = [f"Ký bởi: {display_name}", f"Mã định danh: {agency_identifier}"]
    else:
        lines = [f"Ký bởi: {display_name}"]
        if title:
            lines.append(f"Chức vụ: {title}")
        lines.append(f"Cơ quan: {agency_name}")
    lines.append(f"Thời gian ký: {format_time(moment)}")
    return "\n".join(lines)


@functools.cache
def _font_at_1000_units_per_em(path: Path) -> bytes:
    font = TTFont(path)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


class Upem1000GlyphAccumulatorFactory(GlyphAccumulatorFactory):
    """pyHanko writes a TrueType font's advance widths into the PDF's /W array unscaled, but
    PDF reads them in thousandths of an em: with Tinos (2048 units per em) every letter would
    take twice its width. Rescaling the font to 1000 units per em before embedding fixes it."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(_font_at_1000_units_per_em(Path(self.font_file))),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


def stamp_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text="%(box_text)s",
        text_box_style=TextBoxStyle(
            font=Upem1000GlyphAccumulatorFactory(str(SIGNATURE_FONT), font_size=9), leading=12
        ),
        border_width=1,
        background=None,
    )
