"""Catalog fixtures: the real national exports from shared/data/tthc (beside the repository or
$MOTCUA_CATALOG_DATA). CI clones shared/ beside the repository, so a missing folder is a broken
checkout and fails the run; it is never a reason to skip."""

from pathlib import Path

import pytest

from motcua.catalog.demo import catalog_data_dir


@pytest.fixture(scope="session")
def tthc_dir() -> Path:
    path = catalog_data_dir()
    if path is None:
        pytest.fail(
            "shared/data/tthc is missing: clone shared/ beside the repository or set "
            "MOTCUA_CATALOG_DATA",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="module")
def full_catalog(django_db_setup, django_db_blocker, tthc_dir):
    """Every JSONL export imported once for the module (committed), removed afterwards."""
    from motcua.catalog.models import Field, Procedure
    from motcua.catalog.services import import_file

    with django_db_blocker.unblock():
        reports = [import_file(path) for path in sorted(tthc_dir.glob("*.jsonl"))]
        yield reports
        Procedure.objects.all().delete()
        Field.objects.all().delete()
