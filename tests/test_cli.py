"""The `motcua` command answers a user's mistake with one clear line, never a traceback."""

import socket

import psycopg
import pytest
from psycopg import sql

from tests.support import motcua_env, run_motcua, test_database_url


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("motcua: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_database_url_for_another_engine_is_refused(db):
    result = run_motcua(
        "serve",
        "--port",
        str(free_port()),
        env=motcua_env(DATABASE_URL="mysql://user@localhost/motcua"),
    )
    assert_one_line_error(result, "DATABASE_URL must point to PostgreSQL")


def test_an_unreachable_database_is_named_in_one_line(db):
    result = run_motcua(
        "worker", env=motcua_env(DATABASE_URL="postgresql://motcua@127.0.0.1:9/motcua")
    )
    assert_one_line_error(result, "cannot connect to the database 127.0.0.1:9/motcua")


def test_manage_reports_an_unreachable_database_in_one_line(db):
    result = run_motcua(
        "manage", "migrate", env=motcua_env(DATABASE_URL="postgresql://motcua@127.0.0.1:9/motcua")
    )
    assert_one_line_error(result, "cannot connect to the database")


def test_a_busy_port_is_reported(db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_motcua("serve", "--port", str(port))
    assert_one_line_error(result, f"port {port} on 127.0.0.1 is already in use")


@pytest.fixture
def empty_database(db):
    name = "motcua_cli_unmigrated"
    admin_url = test_database_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield test_database_url().rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def test_serving_an_unmigrated_database_asks_for_migrate(empty_database):
    result = run_motcua(
        "serve", "--port", str(free_port()), env=motcua_env(DATABASE_URL=empty_database)
    )
    assert_one_line_error(result, "the database is missing", "run `motcua manage migrate`")


def test_load_demo_prints_the_province_and_accounts(transactional_db, tmp_path):
    # transactional: the subprocess commits the demo into the test database, and only a
    # transactional test's flush removes it again for the tests that follow.
    result = run_motcua("load-demo", env=motcua_env(MOTCUA_HOME=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "Demo province: Tỉnh Quảng Ninh (54 communes/wards, 8 agencies)" in result.stdout
    assert "tiepnhan" in result.stdout
    assert (tmp_path / "demo-credentials.json").exists()


def test_unknown_command_shows_usage(db):
    result = run_motcua("fly")
    assert result.returncode == 2
    assert "usage: motcua" in result.stderr


def test_the_web_server_keeps_idle_connections_longer_than_a_proxy_does():
    """A server closing an idle connection before the proxy in front races the proxy's next
    request on it (which then gets no answer); nginx keeps 75 s, load balancers about 60 s."""
    from motcua.cli import gunicorn_command

    default = gunicorn_command("127.0.0.1", 8000, workers=2, threads=4)
    assert default[default.index("--keep-alive") + 1] == "75"
    chosen = gunicorn_command("127.0.0.1", 8000, workers=2, threads=4, keepalive=120)
    assert chosen[chosen.index("--keep-alive") + 1] == "120"
