"""The real web server (gunicorn, as ``motcua serve`` runs it) for the fault tests, in its own
process group so a test can SIGKILL the master and its workers at once, like a machine losing
power; and the integration data a submission needs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from motcua.cli import gunicorn_command
from tests.support import REPO_ROOT, http_get, motcua_env, wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class WebServer:
    url: str
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL the master and every worker: no graceful shutdown, no cleanup."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def web_server(tmp_path, transactional_db):
    """Start gunicorn (4 threads a worker, persistent database connections as in prod) on a
    free port, pointed at the test database unless ``DATABASE_URL`` is given; wait until it
    answers. Every server started is stopped at the end of the test."""
    servers: list[WebServer] = []

    def start(port: int | None = None, workers: int = 1, **env: str) -> WebServer:
        port = port or free_port()
        log = tmp_path / f"gunicorn-{port}-{len(servers)}.log"
        environment = motcua_env(
            MOTCUA_DB_CONN_MAX_AGE="60",
            PYTHONPATH=os.pathsep.join(
                filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])
            ),
            **env,
        )
        with log.open("ab") as output:
            process = subprocess.Popen(
                gunicorn_command("127.0.0.1", port, workers=workers, threads=4),
                env=environment,
                cwd=REPO_ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = WebServer(f"http://127.0.0.1:{port}", process, log)
        servers.append(server)

        def answering():
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited ({process.returncode}):\n{server.log_tail()}")
            try:
                http_get(server.url + "/healthz", timeout=2)
            except OSError:
                return False
            return True

        wait_for(answering, timeout=60, interval=0.1, message="gunicorn to answer")
        return server

    yield start
    for server in servers:
        server.stop()
