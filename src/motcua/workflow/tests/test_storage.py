"""Stored process versions: new version per change, one active, admin with diagram."""

import pytest
from django.core.management import CommandError, call_command

from motcua.workflow.models import ProcessVersion
from motcua.workflow.services import active_version, parse_yaml, store_definition, to_yaml


def test_the_five_templates_are_installed_by_migration(db):
    codes = set(ProcessVersion.objects.filter(status="active").values_list("code", flat=True))
    assert codes == {
        "standard",
        "same_day",
        "interagency_sequential",
        "interagency_parallel",
        "two_level",
    }


def test_a_change_stores_a_new_version_and_retires_the_old_one(db):
    original = active_version("same_day")
    changed = parse_yaml(
        to_yaml(original.definition()).replace("duration_hours: 4.0", "duration_hours: 2.0")
    )
    version, created = store_definition(changed, approval_reference="15/QĐ-UBND")
    assert created and version.version == original.version + 1
    original.refresh_from_db()
    assert original.status == "retired"
    assert active_version("same_day") == version
    assert original.definition().step("processing").duration_hours == 4  # kept for old dossiers

    again, created = store_definition(changed)
    assert (again, created) == (version, False)


def test_import_of_a_broken_file_imports_nothing(db, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(to_yaml(active_version("same_day").definition()).replace("4.0", "3.0"))
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "code: bad\nname: Hỏng\nsteps: [{code: a, name: A, phase: reception}]\nactions: []\n"
    )
    with pytest.raises(CommandError, match=r"bad\.yaml"):
        call_command("import_processes", str(good), str(bad))
    assert active_version("same_day").version == 1


def test_admin_shows_the_diagram_and_refuses_a_broken_definition(admin_client, db):
    standard = active_version("standard")
    page = admin_client.get(f"/quan-tri/workflow/processversion/{standard.pk}/change/")
    content = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in content and "Phê duyệt, ký số" in content

    response = admin_client.post(
        f"/quan-tri/workflow/processversion/{standard.pk}/change/",
        {"approval_reference": "", "yaml": "code: standard\nname: X\nsteps: []\nactions: []\n"},
    )
    assert response.status_code == 200
    assert "thiếu “steps”" in response.content.decode()
    assert active_version("standard").version == standard.version
