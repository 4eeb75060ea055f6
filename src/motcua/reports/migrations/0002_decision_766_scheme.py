"""The default Decision 766/QĐ-TTg (2022) scoring scheme: five groups, 100 points.

Group points are those of REQUIREMENTS.md §7 (publicity 18, progress and results 20,
digitisation 22, online provision 22, satisfaction 18). How each group's points divide among its
sub-indicators is our provisional reading [T]: a province edits the rows in the admin to follow
the decision's annex or a revision of it. A component without a metric is "not yet measured".
"""

from django.db import migrations

SCHEME = "766/QĐ-TTg"
COMPONENTS = [
    # group, code, name, metric, points
    ("publicity", "publication", "Công khai, minh bạch thông tin TTHC và tiến độ hồ sơ", "", 18),
    ("progress", "on_time", "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn", "on_time_rate", 20),
    ("digitisation", "digitised", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết", "", 8),
    ("digitisation", "electronic_result", "Tỷ lệ cấp kết quả điện tử", "electronic_result_rate", 8),
    ("digitisation", "reuse", "Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa", "", 6),
    ("online", "end_to_end", "Tỷ lệ hồ sơ trực tuyến toàn trình", "end_to_end_rate", 6),
    ("online", "online_dossiers", "Tỷ lệ hồ sơ trực tuyến", "online_rate", 8),
    ("online", "online_payment", "Tỷ lệ thanh toán trực tuyến", "", 8),
    ("satisfaction", "satisfaction", "Mức độ hài lòng của người dân, doanh nghiệp", "", 18),
]


def load(apps, schema_editor):
    ScoreComponent = apps.get_model("reports", "ScoreComponent")
    for position, (group, code, name, metric, points) in enumerate(COMPONENTS, start=1):
        ScoreComponent.objects.update_or_create(
            scheme=SCHEME,
            code=code,
            defaults={
                "group": group,
                "name": name,
                "metric": metric,
                "points": points,
                "position": position,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("reports", "ScoreComponent").objects.filter(scheme=SCHEME).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_external_figures_and_scoring")]
    operations = [migrations.RunPython(load, unload)]
