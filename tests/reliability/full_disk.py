"""A media storage with a directory quota, for the full-disk tests: motcua's real storage
(``core.storage.FileSystemStorage``), except that the bytes under MEDIA_ROOT may not exceed the
number written in the file ``MOTCUA_TEST_MEDIA_QUOTA_FILE`` names (no file: no limit). A write
that would pass the quota stores what still fits and then fails with ENOSPC, exactly as
write(2) does on a full file system. The test changes the file to fill or free the disk while
the server runs."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from motcua.core.storage import FileSystemStorage


def _quota() -> int | None:
    path = os.environ.get("MOTCUA_TEST_MEDIA_QUOTA_FILE")
    if not path or not Path(path).exists():
        return None
    return int(Path(path).read_text().strip())


class _FillsTheDisk:
    """The upload's bytes up to ``room``, then ENOSPC."""

    def __init__(self, content, room: int):
        self.content = content
        self.room = room

    def chunks(self, chunk_size=None):
        left = self.room
        for chunk in self.content.chunks():
            if len(chunk) > left:
                if left:
                    yield chunk[:left]
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            left -= len(chunk)
            yield chunk


class QuotaStorage(FileSystemStorage):
    def _save(self, name, content):
        quota = _quota()
        if quota is not None:
            root = Path(self.location)
            used = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
            content = _FillsTheDisk(content, max(0, quota - used))
        return super()._save(name, content)
