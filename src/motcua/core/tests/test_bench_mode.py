"""The benchmark server's switch (MOTCUA_BENCH): off by default, never silently on in
production, and with it the rate limits count without refusing. And production static files
collect, as `motcua serve` does before the load benchmark (and any deployment) starts."""

from django.core.management import call_command

from motcua.core import ratelimit
from motcua.core.models import RateLimitWindow
from tests.support import motcua_env, run_motcua


def prod_env(**overrides):
    env = motcua_env(MOTCUA_ENV="prod", SECRET_KEY="x" * 50, ALLOWED_HOSTS="dichvucong.example.vn")
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def test_bench_mode_is_refused_in_production_unless_asked_for_on_purpose(db):
    refused = run_motcua("manage", "check", env=prod_env(MOTCUA_BENCH="true"))
    assert refused.returncode == 2
    assert "MOTCUA_BENCH lifts the rate limits: refused with MOTCUA_ENV=prod" in refused.stderr
    assert "Traceback" not in refused.stderr

    asked = run_motcua(
        "manage", "check", env=prod_env(MOTCUA_BENCH="true", MOTCUA_BENCH_IN_PROD="true")
    )
    assert asked.returncode == 0, asked.stderr
    assert "MOTCUA_BENCH is on: rate limits do not refuse" in asked.stderr


def test_the_bare_view_is_not_served_without_bench_mode(client, db):
    assert client.get("/bench/constant").status_code == 404


def test_rate_limits_refuse_normally_and_only_count_in_bench_mode(db, settings):
    key = "lookup:test-bench"
    assert [ratelimit.allow(key, limit=2, window_seconds=600) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    settings.MOTCUA_BENCH = True
    assert ratelimit.allow(key, limit=2, window_seconds=600) is True
    assert RateLimitWindow.objects.get(key=key).hits == 4


def test_production_static_files_collect_as_motcua_serve_does(settings, tmp_path):
    # `motcua serve` runs collectstatic with the hashed-manifest storage in production: a
    # vendored file referring to a file we do not ship (a source map) stops the server there.
    # Production's storage is this one plus compression, left out here for speed.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "motcua/vendor/chartjs/chart.umd.js" in manifest
