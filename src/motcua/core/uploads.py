"""Uploaded files (scans, results, payment proofs): what they really are, and how big.

The type is read from the file's first bytes, never from its name or the browser's claim, so a
renamed executable or HTML page is refused. Only PDF, JPEG and PNG are kept. This module never
stores anything: it checks an upload and names it; the caller saves it in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.utils.text import get_valid_filename, slugify

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# content type, leading bytes, extension
SIGNATURES = (
    ("application/pdf", b"%PDF-", ".pdf"),
    ("image/jpeg", b"\xff\xd8\xff", ".jpg"),
    ("image/png", b"\x89PNG\r\n\x1a\n", ".png"),
)


class UploadRefused(ValueError):
    """The file cannot be kept; ``message`` tells the official why, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    file: object  # the UploadedFile, rewound
    content_type: str
    stored_name: str


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a file starting with ``head``, or None if not accepted."""
    for content_type, magic, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check_upload(upload) -> CheckedUpload:
    """Accept a PDF, JPEG or PNG of at most 10 MB; raise ``UploadRefused`` otherwise."""
    name = PurePath(upload.name or "tep").name
    if upload.size > MAX_UPLOAD_BYTES:
        size_mb = upload.size / 1024 / 1024
        raise UploadRefused(
            f"Tệp “{name}” có dung lượng {size_mb:.1f} MB, vượt quá giới hạn 10 MB."
        )
    if upload.size == 0:
        raise UploadRefused(f"Tệp “{name}” rỗng.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise UploadRefused(f"Tệp “{name}” không phải PDF, JPEG hoặc PNG.")
    content_type, extension = kind
    stem = slugify(PurePath(name).stem)[:80] or "tep"
    return CheckedUpload(upload, content_type, get_valid_filename(stem + extension))


def content_type_of(field_file) -> str | None:
    """The sniffed type of a stored file (for serving it), or None when it is not one we keep."""
    with field_file.open("rb") as handle:
        kind = sniff(handle.read(16))
    return kind[0] if kind else None
