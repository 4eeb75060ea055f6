"""PostgreSQL stopped and started again under traffic, the web server left alone: while the
database is down every request is answered 503 with a clear Vietnamese message (JSON for the
API, a page elsewhere; never a 500) and /healthz says the database is unreachable; once it is
back, the same server processes (persistent connections, as in production) serve again by
themselves within a deadline.

The database is a throwaway PostgreSQL cluster started for this test (a copy of the test
database), so the test session's own server is never stopped under other tests.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time

import psycopg
import pytest
import requests

from motcua.embedded_db import EmbeddedPostgres, postgres_bin_dir
from tests.support import test_database_url, wait_for

PAGES = ("/", "/api/v1/procedures", "/healthz")
DATABASE_MESSAGE = (
    "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."
)


@pytest.fixture
def throwaway_database(tmp_path, transactional_db):
    """A PostgreSQL cluster of its own holding a copy of the test database; yields the server
    and the copy's URL."""
    server = EmbeddedPostgres(tmp_path / "pg")
    server.acquire()
    try:
        server.ensure_database("motcua")
        url = server.address.url("motcua")
        dump = subprocess.Popen(
            [str(postgres_bin_dir() / "pg_dump"), "-Fc", "--no-owner", test_database_url()],
            stdout=subprocess.PIPE,
        )
        restore = subprocess.run(
            [str(postgres_bin_dir() / "pg_restore"), "--no-owner", "-d", url],
            stdin=dump.stdout,
            capture_output=True,
            check=False,
        )
        dump.stdout.close()
        assert dump.wait() == 0 and restore.returncode == 0, restore.stderr
        with psycopg.connect(url, autocommit=True) as conn:  # a worker alive, for /healthz
            conn.execute(
                "INSERT INTO core_workerheartbeat (worker, beat_at) VALUES ('test', now())"
            )
        yield server, url
    finally:
        server.release()


class Traffic(threading.Thread):
    """Requests to a few pages in a loop, each answer recorded with the phase it was sent in."""

    def __init__(self, base_url: str):
        super().__init__(daemon=True)
        self.base_url = base_url
        self.phase = "up"
        self.answers: list[tuple[str, str, int, str, str]] = []
        self.halt = threading.Event()

    def run(self):
        session = requests.Session()
        while not self.halt.is_set():
            for page in PAGES:
                phase = self.phase
                response = session.get(self.base_url + page, timeout=20)
                self.answers.append(
                    (
                        phase,
                        page,
                        response.status_code,
                        response.headers.get("Content-Type", ""),
                        response.text,
                    )
                )

    def count(self, phase: str, status: int | None = None) -> int:
        return sum(1 for a in self.answers if a[0] == phase and (status is None or a[2] == status))


def test_the_app_answers_503_while_postgres_is_down_and_recovers_by_itself(
    throwaway_database, web_server
):
    database, url = throwaway_database
    server = web_server(DATABASE_URL=url, MOTCUA_WORKER_STALE_SECONDS="3600")
    traffic = Traffic(server.url)
    traffic.start()
    try:
        wait_for(lambda: traffic.count("up", 200) >= 12, timeout=60, message="traffic served")
        assert traffic.count("up") == traffic.count("up", 200), traffic.answers[-3:]

        database.release()  # the last user: the cluster stops (pg_ctl stop -m fast)
        assert not database.is_running()
        traffic.phase = "down"
        wait_for(lambda: traffic.count("down", 503) >= 12, timeout=60, message="503s")

        database.acquire()  # started again, on the same socket
        traffic.phase = "back"
        restarted = time.monotonic()

        def recovered():
            recent = [a for a in traffic.answers[-len(PAGES) * 2 :] if a[0] == "back"]
            return len(recent) == len(PAGES) * 2 and all(a[2] == 200 for a in recent)

        wait_for(recovered, timeout=30, interval=0.1, message="the app to serve again by itself")
        recovery_seconds = time.monotonic() - restarted
    finally:
        traffic.halt.set()
        traffic.join(timeout=30)

    assert server.process.poll() is None  # the same server, never restarted
    statuses = {a[2] for a in traffic.answers}
    assert statuses <= {200, 503}, [a[:3] for a in traffic.answers if a[2] not in (200, 503)]
    down = [a for a in traffic.answers if a[0] == "down" and a[2] == 503]
    for _phase, page, _status, content_type, body in down:
        if page == "/healthz":
            health = json.loads(body)
            assert health["database"]["ok"] is False
            assert health["status"] == "unavailable"
        elif page.startswith("/api/"):
            assert content_type.startswith("application/json")
            assert json.loads(body) == {"detail": DATABASE_MESSAGE, "code": "database_unavailable"}
        else:
            assert content_type.startswith("text/html")
            assert DATABASE_MESSAGE in body and "Traceback" not in body
    assert {a[1] for a in down} == set(PAGES)
    assert recovery_seconds < 30
