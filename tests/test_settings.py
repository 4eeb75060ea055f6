"""Production refuses to start without its secrets; nothing falls back to a default."""

import json

import pytest

from tests.support import motcua_env, run_motcua


def prod_env(**overrides):
    env = motcua_env(MOTCUA_ENV="prod", SECRET_KEY="x" * 50, ALLOWED_HOSTS="dichvucong.example.vn")
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY is required when MOTCUA_ENV=prod"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS is required when MOTCUA_ENV=prod"),
        ("DATABASE_URL", "DATABASE_URL is required when MOTCUA_ENV=prod"),
    ],
)
def test_production_requires_its_settings(db, missing, message):
    result = run_motcua("manage", "check", env=prod_env(**{missing: None}))
    assert result.returncode == 2
    assert f"motcua: error: configuration error: {message}" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_with_its_settings_passes_the_system_check(db):
    result = run_motcua("manage", "check", env=prod_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_unknown_environment_is_refused(db):
    result = run_motcua("manage", "check", env=motcua_env(MOTCUA_ENV="staging"))
    assert result.returncode == 2
    assert "MOTCUA_ENV must be dev, test or prod, not 'staging'" in result.stderr


@pytest.mark.parametrize(("debug", "backend"), [("true", "DummyCache"), ("false", "LocMemCache")])
def test_rendered_fragments_are_kept_only_without_debug(db, debug, backend):
    """A developer editing a template (DEBUG on) sees the edit at once; a server keeps the
    rendered catalog fragments (their keys do not name the template, which changes only with a
    deploy)."""
    code = (
        "from django.core.cache import caches; print(type(caches['template_fragments']).__name__)"
    )
    result = run_motcua("manage", "shell", "-c", code, env=motcua_env(MOTCUA_DEBUG=debug))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend


PREPARED = """
import json
from django.db import connection
from motcua.accounts.models import User
for _ in range(6):
    list(User.objects.filter(username="an-gia-khong-co"))
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
        ["%accounts_user%username%"],
    )
    print(json.dumps([row[0] for row in cursor.fetchall()]))
"""


@pytest.mark.parametrize(("setting", "prepared"), [(None, True), ("false", False)])
def test_repeated_statements_are_prepared_unless_turned_off(db, setting, prepared):
    """PostgreSQL parses and plans a statement a connection keeps running once, its parameters
    bound by the server; behind a pooler that cannot keep prepared statements, the operator
    turns that off (MOTCUA_DB_PREPARED_STATEMENTS=false)."""
    env = motcua_env()
    env.pop("MOTCUA_DB_PREPARED_STATEMENTS", None)
    if setting is not None:
        env["MOTCUA_DB_PREPARED_STATEMENTS"] = setting
    result = run_motcua("manage", "shell", "-c", PREPARED, env=env)
    assert result.returncode == 0, result.stderr
    statements = json.loads(result.stdout.strip().splitlines()[-1])
    if prepared:
        assert len(statements) == 1
        assert '"accounts_user"."username" = $1' in statements[0]  # not the value, quoted
    else:
        assert statements == []
