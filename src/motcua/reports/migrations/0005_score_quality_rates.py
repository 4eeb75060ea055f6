"""Score the Decision 766 components that the system can now measure: digitisation (documents
on file), online payment (gateway payments) and satisfaction (citizens' ratings), see
``reports/quality.py``. A component a province already gave a metric keeps it."""

from django.db import migrations

SCHEME = "766/QĐ-TTg"
METRICS = {
    "digitised": "digitised_rate",
    "online_payment": "online_payment_rate",
    "satisfaction": "satisfaction_rate",
}


def score(apps, schema_editor):
    ScoreComponent = apps.get_model("reports", "ScoreComponent")
    for code, metric in METRICS.items():
        ScoreComponent.objects.filter(scheme=SCHEME, code=code, metric="").update(metric=metric)


def unscore(apps, schema_editor):
    ScoreComponent = apps.get_model("reports", "ScoreComponent")
    for code, metric in METRICS.items():
        ScoreComponent.objects.filter(scheme=SCHEME, code=code, metric=metric).update(metric="")


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_published_report")]
    operations = [migrations.RunPython(score, unscore)]
