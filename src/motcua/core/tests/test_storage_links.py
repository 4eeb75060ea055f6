"""A file the storage already holds, saved again under another name (a draft's scan becoming
the dossier's), is hard-linked instead of read and written again: two names, one content,
each deletable alone; a copy where no link can be made; removed if its transaction rolls back."""

import errno
import os

import pytest
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from motcua.core import storage as core_storage
from motcua.core.storage import FileSystemStorage

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def store(tmp_path):
    return FileSystemStorage(location=tmp_path)


def stored(store, name="drafts/scan.pdf") -> FieldFile:
    """A file of ``store`` as a model field holds it."""
    name = store.save(name, ContentFile(PDF))
    return FieldFile(None, models.FileField(storage=store), name)


def test_a_stored_file_saved_again_is_linked_and_each_name_lives_alone(store):
    source = stored(store)
    copy = store.save("dossiers/scan.pdf", source)
    assert copy == "dossiers/scan.pdf"
    assert os.path.samefile(store.path(source.name), store.path(copy))  # no bytes written
    store.delete(source.name)
    assert not store.exists(source.name)
    with store.open(copy) as handle:
        assert handle.read() == PDF


def test_a_taken_name_gets_a_free_one(store):
    source = stored(store)
    store.save("dossiers/scan.pdf", ContentFile(b"%PDF-other"))
    copy = store.save("dossiers/scan.pdf", source)
    assert copy != "dossiers/scan.pdf" and copy.startswith("dossiers/scan")
    with store.open("dossiers/scan.pdf") as handle:
        assert handle.read() == b"%PDF-other"  # the other file untouched
    with store.open(copy) as handle:
        assert handle.read() == PDF


def test_where_no_link_can_be_made_the_bytes_are_copied(store, monkeypatch):
    source = stored(store)

    def cross_device(*args):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(core_storage.os, "link", cross_device)
    copy = store.save("dossiers/scan.pdf", source)
    assert not os.path.samefile(store.path(source.name), store.path(copy))
    with store.open(copy) as handle:
        assert handle.read() == PDF


@pytest.mark.django_db(transaction=True)
def test_a_link_made_in_a_rolled_back_transaction_is_removed_and_the_source_stays(store):
    source = stored(store)
    core_storage.open_request_ledger()
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            copy = store.save("dossiers/scan.pdf", source)
            raise RuntimeError("the dossier could not be recorded")
    finally:
        core_storage.close_request_ledger()
    assert not store.exists(copy)
    with store.open(source.name) as handle:
        assert handle.read() == PDF
