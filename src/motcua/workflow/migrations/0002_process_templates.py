"""Ship the process templates: standard, same-day, inter-agency (sequential, parallel), two-level.

Provinces copy and adapt them when they approve each procedure's internal process.
"""

from importlib import resources

import yaml
from django.db import migrations


def load(apps, schema_editor):
    from motcua.workflow.definition import from_data

    ProcessVersion = apps.get_model("workflow", "ProcessVersion")
    folder = resources.files("motcua.workflow").joinpath("process_templates")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        definition = from_data(yaml.safe_load(entry.read_text(encoding="utf-8")))
        if not ProcessVersion.objects.filter(code=definition.code).exists():
            ProcessVersion.objects.create(
                code=definition.code,
                version=1,
                name=definition.name,
                document=definition.as_data(),
                status="active",
            )


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_process_versions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
