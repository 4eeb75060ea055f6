"""Every Vietnamese string of the interface has an English translation, compiled and current."""

import subprocess
from pathlib import Path

import motcua

LOCALE = Path(motcua.__file__).parent / "locale"


def test_english_catalog_is_complete_and_compiled(tmp_path):
    po = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    mo = LOCALE / "en" / "LC_MESSAGES" / "django.mo"
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "fresh.mo"), str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
    assert (tmp_path / "fresh.mo").read_bytes() == mo.read_bytes(), (
        "django.mo is stale: run `motcua manage compilemessages` in src/motcua"
    )
