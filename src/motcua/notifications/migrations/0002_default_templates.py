"""Seed version 1 of the default Vietnamese template of every event on every channel."""

from django.db import migrations

from motcua.notifications.defaults import seed


def seed_templates(apps, schema_editor):
    seed(apps.get_model("notifications", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed_templates, migrations.RunPython.noop)]
