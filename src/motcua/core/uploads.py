"""Uploaded files (scans, documents, results, payment proofs): what they really are, and how big.

The type is read from the file's content, never from its name or the browser's claim, so a
renamed executable or HTML page is refused. PDF, JPEG and PNG are told by their first bytes
(``sniff``); a Word document (DOCX) is a ZIP archive, told by its entries: ``[Content_Types].xml``
declaring a WordprocessingML main part and ``word/document.xml``. A ZIP is read only through
its directory (and the small ``[Content_Types].xml``), never extracted, and refused when it has
too many entries or claims too large an uncompressed size (a zip bomb). Each caller says which
types it keeps (``SCAN_TYPES`` by default; ``DOCUMENT_TYPES`` adds DOCX for citizens' documents).
This module never stores anything: it checks an upload and names it; the caller saves it in its
transaction.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.text import get_valid_filename, slugify

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# content type, leading bytes, extension
SIGNATURES = (
    (PDF, b"%PDF-", ".pdf"),
    (JPEG, b"\xff\xd8\xff", ".jpg"),
    (PNG, b"\x89PNG\r\n\x1a\n", ".png"),
)
ZIP_MAGIC = b"PK\x03\x04"

SCAN_TYPES = frozenset({PDF, JPEG, PNG})
DOCUMENT_TYPES = SCAN_TYPES | {DOCX}
TYPE_NAMES = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", DOCX: "DOCX"}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx"}

# A real Word document has a few dozen entries and rarely inflates past a few tens of MB.
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
DOCX_MAX_RATIO = 200  # uncompressed / compressed, for the whole archive
CONTENT_TYPES_MAX_BYTES = 512 * 1024
WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OTHER_OOXML = {
    b"spreadsheetml": "Excel (XLSX)",
    b"presentationml": "PowerPoint (PPTX)",
    b"ms-word.document.macroEnabled": "Word có macro (DOCM)",
    b"ms-word.template": "mẫu Word (DOTX/DOTM)",
}


class UploadRefused(ValueError):
    """The file cannot be kept; ``message`` tells the user why, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    file: object  # the UploadedFile, rewound
    content_type: str
    stored_name: str


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, JPEG or PNG starting with ``head``, or None."""
    for content_type, magic, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def docx_problem(handle, name: str) -> str | None:
    """Why the ZIP archive open in ``handle`` is not a Word document we keep (in Vietnamese),
    or None when it is one. Reads the archive's directory and ``[Content_Types].xml`` only."""
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        return f"Tệp “{name}” bị hỏng, không đọc được."
    with archive:
        entries = archive.infolist()
        if len(entries) > DOCX_MAX_ENTRIES:
            return (
                f"Tệp “{name}” có quá nhiều thành phần bên trong ({len(entries)}), không thể nhận."
            )
        unpacked = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries) or 1
        if unpacked > DOCX_MAX_UNCOMPRESSED or unpacked > packed * DOCX_MAX_RATIO + 1024 * 1024:
            return (
                f"Tệp “{name}” khi giải nén quá lớn so với dung lượng tệp "
                "(có thể là tệp nén độc hại), không thể nhận."
            )
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names:
            return (
                f"Tệp “{name}” là tệp nén ZIP, không phải văn bản Word (DOCX). "
                "Vui lòng nộp tệp PDF, JPEG, PNG hoặc DOCX."
            )
        info = archive.getinfo("[Content_Types].xml")
        if info.flag_bits & 0x1:
            return f"Tệp “{name}” được đặt mật khẩu, không đọc được."
        try:
            with archive.open(info) as part:
                declared = part.read(CONTENT_TYPES_MAX_BYTES)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
            return f"Tệp “{name}” bị hỏng, không đọc được."
        if WORD_MAIN not in declared or "word/document.xml" not in names:
            for marker, kind in OTHER_OOXML.items():
                if marker in declared:
                    return (
                        f"Tệp “{name}” là tệp {kind}, không phải văn bản Word (DOCX). "
                        "Vui lòng nộp tệp PDF, JPEG, PNG hoặc DOCX."
                    )
            return (
                f"Tệp “{name}” là tệp nén ZIP, không phải văn bản Word (DOCX). "
                "Vui lòng nộp tệp PDF, JPEG, PNG hoặc DOCX."
            )
        if "word/vbaProject.bin" in names:
            return f"Tệp “{name}” chứa macro, không thể nhận. Vui lòng lưu lại dưới dạng DOCX."
    return None


def _names(allowed) -> str:
    names = [TYPE_NAMES[t] for t in (PDF, JPEG, PNG, DOCX) if t in allowed]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " hoặc " + names[-1]


def check_upload(upload, allowed: frozenset[str] = SCAN_TYPES) -> CheckedUpload:
    """Accept a file of one of the ``allowed`` types of at most 10 MB; raise ``UploadRefused``
    otherwise (with a message naming the types accepted)."""
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
    content_type = kind[0] if kind else None
    if content_type is None and head.startswith(ZIP_MAGIC) and DOCX in allowed:
        problem = docx_problem(upload, name)
        upload.seek(0)
        if problem:
            raise UploadRefused(problem)
        content_type = DOCX
    if content_type not in allowed:
        raise UploadRefused(f"Tệp “{name}” không phải {_names(allowed)}.")
    stem = slugify(PurePath(name).stem)[:80] or "tep"
    return CheckedUpload(upload, content_type, get_valid_filename(stem + EXTENSIONS[content_type]))


def content_type_of(field_file) -> str | None:
    """The sniffed type of a stored file (for serving it), or None when it is not one we keep."""
    with field_file.open("rb") as handle:
        head = handle.read(16)
        kind = sniff(head)
        if kind:
            return kind[0]
        if head.startswith(ZIP_MAGIC):
            handle.seek(0)
            if docx_problem(handle, "") is None:
                return DOCX
    return None
