"""The embedded PostgreSQL server is shared by the processes that use it and stops with the last."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from motcua.embedded_db import EmbeddedPostgres

HOLDER = (
    "import sys; from pathlib import Path; from motcua import embedded_db; "
    "print(embedded_db.acquire('motcua', Path(sys.argv[1])), flush=True); sys.stdin.read()"
)


@pytest.fixture
def home():
    """A data directory outside pytest's tmp_path: pytest resets its base directory to mode 0700
    whenever a pytest session starts, which would lock out the server's own system user."""
    base = Path(tempfile.mkdtemp(prefix="motcua-embedded-test-"))
    base.chmod(0o755)
    yield base / "home"
    shutil.rmtree(base, ignore_errors=True)


def start_holder(home):
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = process.stdout.readline().strip()
    assert url, process.stderr.read()
    return process, url


def stop_holder(process):
    process.stdin.close()
    assert process.wait(timeout=60) == 0, process.stderr.read()


def test_second_process_reuses_the_server_and_the_last_one_stops_it(home):
    server = EmbeddedPostgres(home)

    first, url = start_holder(home)
    second, second_url = start_holder(home)
    assert second_url == url
    with psycopg.connect(url) as conn:
        server_pid = conn.execute("SELECT pg_backend_pid()").fetchone()
        assert conn.execute("SELECT current_database()").fetchone() == ("motcua",)
    assert server_pid

    stop_holder(first)
    assert server.is_running(), "the server stopped while another process still used it"
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)

    stop_holder(second)
    assert not server.is_running(), "the last process left the server running"


def test_a_crashed_process_does_not_keep_the_server_alive(home):
    server = EmbeddedPostgres(home)
    crashed, _ = start_holder(home)
    crashed.kill()
    crashed.wait()
    survivor, _ = start_holder(home)
    stop_holder(survivor)
    assert not server.is_running()
