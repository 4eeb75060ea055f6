"""One group per staff role, so the admin can grant roles from the first day."""

from django.db import migrations

ROLE_NAMES = [
    "Cán bộ tiếp nhận",
    "Chuyên viên xử lý",
    "Lãnh đạo phòng",
    "Lãnh đạo cơ quan",
    "Quản trị cơ quan",
    "Quản trị tỉnh",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
