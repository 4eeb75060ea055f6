"""The shipped templates now ask for fees on acceptance and require them paid before return.

A changed template is stored as a new version (running dossiers keep theirs); an unchanged one,
or one a province already replaced, is left alone.
"""

from importlib import resources

import yaml
from django.db import migrations
from django.db.models import Max


def upgrade(apps, schema_editor):
    from motcua.workflow.definition import from_data

    ProcessVersion = apps.get_model("workflow", "ProcessVersion")
    folder = resources.files("motcua.workflow").joinpath("process_templates")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = from_data(yaml.safe_load(entry.read_text(encoding="utf-8"))).as_data()
        active = ProcessVersion.objects.filter(code=data["code"], status="active").first()
        if active is None or active.document == data or active.created_by_id is not None:
            continue  # missing, current, or edited by someone: never overwrite a person's work
        number = ProcessVersion.objects.filter(code=data["code"]).aggregate(m=Max("version"))["m"]
        ProcessVersion.objects.filter(pk=active.pk).update(status="retired")
        ProcessVersion.objects.create(
            code=data["code"],
            version=number + 1,
            name=data["name"],
            document=data,
            status="active",
        )


class Migration(migrations.Migration):
    dependencies = [("workflow", "0002_process_templates")]
    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]
