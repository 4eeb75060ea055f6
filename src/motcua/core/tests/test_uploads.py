"""Uploads are told by their content: PDF/JPEG/PNG by their first bytes, a Word document by
the entries of its ZIP archive; renamed archives, other Office files, macros and zip bombs are
refused in Vietnamese; each caller chooses the types it keeps."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core import uploads
from motcua.core.uploads import (
    DOCUMENT_TYPES,
    DOCX,
    SCAN_TYPES,
    UploadRefused,
    check_upload,
    content_type_of,
)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
WORD = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
EXCEL = WORD.replace(b"wordprocessingml.document", b"spreadsheetml.sheet")


def archive(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def docx(**extra: bytes) -> bytes:
    return archive(
        {"[Content_Types].xml": WORD, "word/document.xml": b"<w:document/>"}
        | {name.replace("__", "/"): data for name, data in extra.items()}
    )


def refused(name: str, data: bytes, allowed=DOCUMENT_TYPES) -> str:
    with pytest.raises(UploadRefused) as error:
        check_upload(SimpleUploadedFile(name, data), allowed)
    return error.value.message


def test_a_word_document_is_accepted_where_documents_are_and_named_docx():
    checked = check_upload(SimpleUploadedFile("Tờ khai.docx", docx()), DOCUMENT_TYPES)
    assert checked.content_type == DOCX
    assert checked.stored_name == "to-khai.docx"
    assert checked.file.read(4) == b"PK\x03\x04"  # rewound for the caller to store


def test_scans_and_payment_proofs_keep_pdf_jpeg_png_only():
    message = refused("to-khai.docx", docx(), SCAN_TYPES)
    assert message == "Tệp “to-khai.docx” không phải PDF, JPEG hoặc PNG."
    assert check_upload(SimpleUploadedFile("a.pdf", PDF)).content_type == "application/pdf"


def test_a_renamed_zip_is_refused_clearly():
    message = refused("ho-so.docx", archive({"anh.jpg": b"\xff\xd8\xff" + b"0" * 50}))
    assert message.startswith("Tệp “ho-so.docx” là tệp nén ZIP, không phải văn bản Word (DOCX).")


def test_other_office_files_and_macros_are_refused():
    sheet = archive({"[Content_Types].xml": EXCEL, "xl/workbook.xml": b"<x/>"})
    assert "là tệp Excel (XLSX), không phải văn bản Word (DOCX)" in refused("bang.docx", sheet)
    with_macro = docx(word__vbaProject_bin=b"\x00" * 10).replace(
        b"word/vbaProject_bin", b"word/vbaProject.bin"
    )
    assert "chứa macro" in refused("macro.docx", with_macro)


def test_zip_bombs_are_refused_without_being_extracted():
    many = docx(**{f"word__media__{i}.xml": b"" for i in range(uploads.DOCX_MAX_ENTRIES)})
    assert "có quá nhiều thành phần bên trong" in refused("nhieu.docx", many)
    inflating = docx(word__padding_xml=b"\x00" * (20 * 1024 * 1024))
    assert len(inflating) < 100_000
    assert "khi giải nén quá lớn" in refused("bom.docx", inflating)


def test_a_broken_archive_and_a_bad_file_are_refused():
    assert "bị hỏng" in refused("hong.docx", b"PK\x03\x04" + b"\x00" * 40)
    assert refused("x.docx", b"MZ\x90\x00") == "Tệp “x.docx” không phải PDF, JPEG, PNG hoặc DOCX."


def test_a_stored_word_document_is_served_as_docx():
    class Stored:
        def __init__(self, data):
            self.data = data

        def open(self, mode):
            return io.BytesIO(self.data)

    assert content_type_of(Stored(docx())) == DOCX
    assert content_type_of(Stored(archive({"a.txt": b"x"}))) is None
    assert content_type_of(Stored(PDF)) == "application/pdf"
