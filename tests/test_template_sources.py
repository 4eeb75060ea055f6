"""Template sources: a ``{# … #}`` comment must close on its own line, or Django prints it on
the page as text (a comment over several lines needs ``{% comment %}``)."""

from pathlib import Path

import motcua

TEMPLATES = sorted(Path(motcua.__file__).parent.rglob("templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


def test_every_short_comment_closes_on_its_own_line():
    unclosed = [
        f"{path.relative_to(Path(motcua.__file__).parent)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert unclosed == []
