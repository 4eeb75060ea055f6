"""Uploaded and generated files on disk, never half-written and never orphaned by a rollback.

Django's ``FileSystemStorage`` leaves a partly written file behind when writing fails (a full
disk, an I/O error), and a file saved inside a transaction stays on disk when the transaction
rolls back (the dossier row is gone, its scan is not). This storage:

- removes the file it was writing when the write fails, then lets the error go on;
- during a web request (``FileCleanupMiddleware`` opens and closes the request's ledger),
  remembers each file saved inside a transaction until that transaction commits; the files of
  transactions that rolled back are deleted when the request ends.

Outside a request (jobs, commands) only the first rule applies.

Saving a file this storage already holds under a new name (a ``FieldFile`` given as the
content, as when a submitted draft's scans become the dossier's) makes a hard link instead of
reading and writing the bytes again: the new name is a file of its own (deleting either name
leaves the other), since stored files are never rewritten in place. Where a link cannot be made
(another file system, no hard links) the bytes are copied as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.db import connection, transaction
from django.db.models.fields.files import FieldFile
from django.utils._os import safe_makedirs

logger = logging.getLogger(__name__)

_state = threading.local()


def _pending() -> dict | None:
    """The files saved by this request's transactions that have not committed yet, or None
    outside a request."""
    return getattr(_state, "pending", None)


def open_request_ledger() -> None:
    _state.pending = {}


def close_request_ledger() -> None:
    """Delete what was saved by transactions that rolled back during the request.

    A file's commit hook has run (committed: no longer pending), is still queued on the
    connection (an enclosing transaction is still open, as in a test), or was discarded with
    a rolled-back transaction or savepoint: only the last kind is deleted."""
    pending, _state.pending = _pending(), None
    queued = {id(hook) for _, hook, _ in connection.run_on_commit}
    for storage, name, hook in list((pending or {}).values()):
        if id(hook) in queued:
            continue
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - logged, the request's answer is already decided
            logger.exception("could not delete %s, saved by a rolled-back transaction", name)
        else:
            logger.info("deleted %s: its transaction rolled back", name)


class FileSystemStorage(DjangoFileSystemStorage):
    def get_available_name(self, name, max_length=None):
        name = super().get_available_name(name, max_length=max_length)
        _state.writing = name
        return name

    def _save(self, name, content):
        source = self._linkable(content)
        if source is not None:
            _state.writing = name
            linked = self._link(name, source)
            if linked is not None:
                return linked
            with content.storage.open(content.name, "rb") as handle:
                return self._write(_state.writing, handle)
        return self._write(name, content)

    def _write(self, name, content):
        _state.writing = name
        try:
            return super()._save(name, content)
        except OSError:
            # ``os.open`` with O_EXCL: a file at this name exists only if we created it.
            with contextlib.suppress(OSError):
                os.remove(self.path(_state.writing))
            raise

    @staticmethod
    def _linkable(content) -> str | None:
        """The path of ``content`` when it is a file stored on disk by a file-system storage."""
        storage = getattr(content, "storage", None)
        if not (isinstance(content, FieldFile) and content.name):
            return None
        if not isinstance(storage, DjangoFileSystemStorage):
            return None
        return storage.path(content.name)

    def _link(self, name, source: str) -> str | None:
        """Store ``source`` under ``name`` (or a free name like it) as a hard link; the name
        stored, or None when no link can be made here (the caller copies the bytes)."""
        if getattr(self, "_allow_overwrite", False):
            return None
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        while True:
            try:
                os.link(source, full_path)
            except FileExistsError:  # taken since get_available_name: choose again
                name = self.get_available_name(name)
                full_path = self.path(name)
            except OSError:  # another file system, or one without hard links
                return None
            else:
                break
        if self.file_permissions_mode is not None:
            try:
                os.chmod(full_path, self.file_permissions_mode)
            except OSError:
                with contextlib.suppress(OSError):
                    os.remove(full_path)
                raise
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def save(self, name, content, max_length=None):
        name = super().save(name, content, max_length=max_length)
        pending = _pending()
        if pending is not None and connection.in_atomic_block:
            key = (id(self), name)

            def committed():
                pending.pop(key, None)

            pending[key] = (self, name, committed)
            transaction.on_commit(committed)
        return name
