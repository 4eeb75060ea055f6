"""The shell's error pages and health endpoint, through Django's test client."""

from motcua.core.models import WorkerHeartbeat


def test_unknown_page_answers_404_in_vietnamese(client, settings, db):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Không tìm thấy trang" in content
    assert 'lang="vi"' in content


def test_healthz_reports_a_stale_worker_as_down(client, db):
    from datetime import timedelta

    from django.utils import timezone

    WorkerHeartbeat.objects.create(worker="old:1", beat_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False
    assert response.json()["worker"]["detail"].startswith("last heartbeat 300 s ago")
    assert response["Cache-Control"].startswith("max-age=0")


def test_api_schema_is_served_as_openapi_3(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
