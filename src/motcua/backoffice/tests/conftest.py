"""The dossier tests' small world (a department with each role, a second department, citizens,
a procedure with two mandatory and one conditional document), plus helpers for pages."""

import pytest

from motcua.dossiers.tests.conftest import World, at, make_user, world  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def signed_in(client):
    """A Django test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads of each test land in its own folder, removed with it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
